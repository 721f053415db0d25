"""The person in residence gives and withdraws their own consent to be named on the public deal page
(nobody else can, also not the proposer), and whoever confirms for the home or the host partner
changes the terms of a planned or active residency: allowed and refused, in the services and over
HTTP, each with its audit row."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from wagtail.models import ModelLogEntry

from deals.tests.factories import DealPartnerFactory
from reisgids.tests.factories import MembershipFactory
from residence import services
from residence.models import Residency
from residence.tests.factories import ResidencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    residency = ResidencyFactory(name_public=False)
    third = DealPartnerFactory(deal=residency.deal).organisation
    return {
        "residency": residency,
        "home_beheerder": MembershipFactory(organisation=residency.home_partner, beheerder=True).user,
        "host_beheerder": MembershipFactory(organisation=residency.host_partner, beheerder=True).user,
        "host_member": MembershipFactory(organisation=residency.host_partner).user,
        "third_member": MembershipFactory(organisation=third).user,
        "stranger": MembershipFactory().user,
    }


def _audit(residency, action):
    return list(
        ModelLogEntry.objects.filter(action=action, object_id=str(residency.pk))
        .order_by("pk")
        .values_list("data", flat=True)
    )


# --- consent ------------------------------------------------------------------------------------


def test_only_the_person_gives_and_withdraws_consent(w):
    residency = w["residency"]
    for other in ("home_beheerder", "host_beheerder", "third_member", "stranger"):
        with pytest.raises(PermissionDenied):
            services.residency_set_consent(residency=residency, actor=w[other], name_public=True)
    assert Residency.objects.get().name_public is False and not _audit(
        residency, "residence.residency.consent"
    )
    services.residency_set_consent(residency=residency, actor=residency.person, name_public=True)
    assert Residency.objects.get().name_public is True
    services.residency_set_consent(residency=residency, actor=residency.person, name_public=True)  # no change
    services.residency_set_consent(residency=residency, actor=residency.person, name_public=False)
    assert Residency.objects.get().name_public is False
    assert _audit(residency, "residence.residency.consent") == [{"name_public": True}, {"name_public": False}]


def test_the_proposer_can_no_longer_tick_the_consent(client, w):
    client.force_login(w["home_beheerder"])
    html = client.get(
        reverse("residence:propose", kwargs={"slug": w["residency"].deal.slug})
    ).content.decode()
    assert 'name="person"' in html and 'name="name_public"' not in html


def test_the_person_consents_over_http_and_the_public_page_follows(client, w):
    residency = w["residency"]
    url = reverse("residence:consent", kwargs={"pk": residency.pk})
    name = escape(residency.person.get_full_name())  # as the page writes it (a name like "van 't Hof")
    assert name not in client.get(residency.deal.get_absolute_url()).content.decode()
    for other in ("home_beheerder", "host_member", "third_member", "stranger"):
        client.force_login(w[other])
        assert client.get(url).status_code == 404
        assert client.post(url, {"name_public": "on"}).status_code == 404
        page = client.get(residency.get_absolute_url()).content.decode()
        assert url not in page
    assert Residency.objects.get().name_public is False

    client.force_login(residency.person)
    assert url in client.get(residency.get_absolute_url()).content.decode()
    assert client.get(url).status_code == 200
    response = client.post(url, {"name_public": "on"})
    assert response.status_code == 302 and response["Location"] == residency.get_absolute_url()
    client.logout()
    assert name in client.get(residency.deal.get_absolute_url()).content.decode()

    client.force_login(residency.person)
    assert client.post(url, {}).status_code == 302  # the box unticked: consent withdrawn
    client.logout()
    html = client.get(residency.deal.get_absolute_url()).content.decode()
    assert name not in html and f"partner in residence van {residency.home_partner.name}" in html


# --- changing the terms -------------------------------------------------------------------------


def terms(residency, **changes):
    return {
        "starts_on": residency.starts_on,
        "ends_on": timezone.localdate() + datetime.timedelta(days=90),
        "time_amount": Decimal("1.5"),
        "time_unit": "dagen",
        "functions": ["adviseren", "coordineren"],
        "openness": "Ziet ook de jaarplanning.",
        **changes,
    }


def test_a_beheerder_of_home_or_host_changes_the_terms_and_nobody_else(w):
    residency = w["residency"]
    for other in ("host_member", "third_member", "stranger"):
        with pytest.raises(PermissionDenied):
            services.residency_update(residency=residency, actor=w[other], **terms(residency))
    with pytest.raises(PermissionDenied):  # the resident, a plain member of the home partner
        services.residency_update(residency=residency, actor=residency.person, **terms(residency))
    services.residency_update(residency=residency, actor=w["host_beheerder"], **terms(residency))
    saved = Residency.objects.get()
    assert (saved.time_amount, saved.time_unit, saved.functions) == (
        1.5,
        "dagen",
        ["adviseren", "coordineren"],
    )
    assert saved.openness == "Ziet ook de jaarplanning."
    (data,) = _audit(residency, "residence.residency.update")
    assert sorted(data["fields"]) == ["ends_on", "functions", "openness", "time_amount", "time_unit"]
    services.residency_update(residency=residency, actor=w["home_beheerder"], **terms(residency))
    assert len(_audit(residency, "residence.residency.update")) == 1  # nothing changed: no row


def test_bad_terms_are_refused_next_to_the_field(w):
    residency = w["residency"]
    bad = terms(residency, ends_on=residency.starts_on - datetime.timedelta(days=1), functions=[])
    with pytest.raises(ValidationError) as error:
        services.residency_update(residency=residency, actor=w["home_beheerder"], **bad)
    assert {"ends_on", "functions"} <= set(error.value.error_dict)
    assert Residency.objects.get().time_amount == 8


def test_an_ended_residency_is_not_changed(w):
    residency = w["residency"]
    Residency.objects.filter(pk=residency.pk).update(status=Residency.Status.ENDED)
    with pytest.raises(ValidationError):
        services.residency_update(residency=residency, actor=w["home_beheerder"], **terms(residency))
    url = reverse("residence:edit", kwargs={"pk": residency.pk})
    from django.test import Client

    client = Client()
    client.force_login(w["home_beheerder"])
    assert client.get(url).status_code == 404


def test_a_change_to_a_planned_residency_asks_the_other_side_again(w):
    residency = ResidencyFactory(planned=True)
    home = MembershipFactory(organisation=residency.home_partner, beheerder=True).user
    host = MembershipFactory(organisation=residency.host_partner, beheerder=True).user
    services.residency_confirm(residency=residency, actor=host)
    services.residency_update(residency=residency, actor=home, **terms(residency))
    residency.refresh_from_db()
    assert residency.status == Residency.Status.PLANNED and residency.host_confirmed_at is None


def test_the_terms_change_over_http_both_ways(client, w):
    residency = w["residency"]
    url = reverse("residence:edit", kwargs={"pk": residency.pk})
    data = {
        "starts_on": residency.starts_on.isoformat(),
        "ends_on": "",
        "time_amount": "20",
        "time_unit": "uren",
        "functions": ["faciliteren"],
        "openness": "Nieuwe afspraken",
    }
    for other in ("third_member", "stranger"):
        client.force_login(w[other])
        assert client.get(url).status_code == 404
        assert client.post(url, data).status_code == 404
        if other == "third_member":
            assert url not in client.get(residency.get_absolute_url()).content.decode()
    # members of home and host who are not its beheerder: the 403 page
    for member in (w["host_member"], residency.person):
        client.force_login(member)
        assert client.get(url).status_code == 403
        assert client.post(url, data).status_code == 403
    assert Residency.objects.get().time_amount == 8

    client.force_login(w["home_beheerder"])
    assert url in client.get(residency.get_absolute_url()).content.decode()
    response = client.post(url, {**data, "ends_on": "2000-01-01"})  # before the start
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_ends_on_error"' in html and "Nieuwe afspraken" in html and 'value="20"' in html
    assert Residency.objects.get().time_amount == 8
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == residency.get_absolute_url()
    saved = Residency.objects.get()
    assert (saved.time_amount, saved.functions, saved.openness) == (
        20,
        ["faciliteren"],
        "Nieuwe afspraken",
    )
    assert "Nieuwe afspraken" in client.get(residency.get_absolute_url()).content.decode()
