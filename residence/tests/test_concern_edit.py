"""Changing a knelpunt: its author and the beheerders of the home, host and owning partner may, on the
front end (one service, an audit row, Dutch messages next to the fields, what was typed kept); other
partners, strangers and visitors may not; /beheer/ shows the change and edits nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from reisgids.roles import NETWORK_MANAGERS_GROUP
from reisgids.tests.beheer import staff_client
from reisgids.tests.factories import MembershipFactory
from residence.models import Concern
from residence.tests.factories import ConcernFactory, ResidencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    from deals.tests.factories import DealPartnerFactory

    residency = ResidencyFactory()
    concern = ConcernFactory(residency=residency, title="Wachtlijst", description="Te lang")
    third = DealPartnerFactory(deal=residency.deal).organisation
    return {
        "residency": residency,
        "concern": concern,
        "author": concern.raised_by,
        "host_beheerder": MembershipFactory(organisation=residency.host_partner, beheerder=True).user,
        "host_member": MembershipFactory(organisation=residency.host_partner).user,
        "third_member": MembershipFactory(organisation=third).user,
        "stranger": MembershipFactory().user,
        "third": third,
    }


def edit_url(concern):
    return reverse("residence:concern_edit", kwargs={"pk": concern.pk})


def form_data(concern, **changes):
    return {
        "title": concern.title,
        "owner": concern.owner_id,
        "description": concern.description,
        "actions": concern.actions,
        "due_on": "",
        **changes,
    }


@pytest.mark.parametrize("who", ["author", "host_beheerder"])
def test_the_author_and_a_beheerder_change_the_concern_with_an_audit_row(client, world, who):
    concern = world["concern"]
    client.force_login(world[who])
    page = client.get(concern.get_absolute_url())
    assert edit_url(concern) in page.content.decode()
    due = (timezone.localdate() + datetime.timedelta(days=7)).isoformat()
    response = client.post(
        edit_url(concern),
        form_data(concern, title="Wachtlijst dagbesteding", actions="Overleg op dinsdag", due_on=due,
                  owner=world["third"].pk),
    )  # fmt: skip
    assert response.status_code == 302 and response["Location"] == concern.get_absolute_url()
    concern.refresh_from_db()
    assert (concern.title, concern.actions, concern.owner_id) == (
        "Wachtlijst dagbesteding", "Overleg op dinsdag", world["third"].pk,
    )  # fmt: skip
    assert concern.severity == Concern.Severity.PROBLEM
    audit = ModelLogEntry.objects.get(action="residence.concern.update")
    assert audit.user == world[who]
    assert sorted(audit.data["fields"]) == ["actions", "due_on", "owner", "title"]


@pytest.mark.parametrize("who", ["visitor", "stranger", "host_member", "third_member"])
def test_others_may_not_change_the_concern(client, world, who):
    concern = world["concern"]
    if who != "visitor":
        client.force_login(world[who])
        page = client.get(concern.get_absolute_url())
        assert edit_url(concern) not in page.content.decode()
    assert client.get(edit_url(concern)).status_code in (302, 404)
    response = client.post(edit_url(concern), form_data(concern, title="Gekaapt"))
    assert response.status_code in (302, 404)
    if response.status_code == 302:
        assert "/accounts/login/" in response["Location"]
    concern.refresh_from_db()
    assert concern.title == "Wachtlijst"
    assert not ModelLogEntry.objects.filter(action="residence.concern.update").exists()


def test_a_closed_concern_cannot_be_changed(client, world):
    closed = ConcernFactory(residency=world["residency"], closed=True, title="Opgelost")
    client.force_login(world["author"])
    assert client.get(edit_url(closed)).status_code == 404
    assert client.post(edit_url(closed), form_data(closed, title="Anders")).status_code == 404
    closed.refresh_from_db()
    assert closed.title == "Opgelost"


def test_bad_input_shows_dutch_messages_keeps_what_was_typed_and_saves_nothing(client, world):
    concern = world["concern"]
    client.force_login(world["author"])
    response = client.post(
        edit_url(concern),
        form_data(concern, title="", owner=world["stranger"].memberships.get().organisation_id,
                  actions="Mijn getypte acties", due_on="2001-01-01"),
    )  # fmt: skip
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_title_error"' in html and 'id="id_owner_error"' in html
    assert "Mijn getypte acties" in html
    concern.refresh_from_db()
    assert concern.title == "Wachtlijst" and concern.actions == ""


def test_a_due_date_in_the_past_is_refused_by_the_service(client, world):
    concern = world["concern"]
    client.force_login(world["author"])
    response = client.post(edit_url(concern), form_data(concern, due_on="2001-01-01"))
    assert response.status_code == 200
    assert 'id="id_due_on_error"' in response.content.decode()
    concern.refresh_from_db()
    assert concern.due_on is None


def test_beheer_shows_the_changed_concern_and_edits_nothing(client, world):
    concern = world["concern"]
    from residence import services

    services.concern_update(
        concern=concern, actor=world["author"], title="Wachtlijst (bijgewerkt)", owner=concern.owner
    )
    staff_client(client, "residence.view_concern", "residence.change_concern", group=NETWORK_MANAGERS_GROUP)
    inspect = reverse("wagtailsnippets_residence_concern:inspect", args=[concern.pk])
    assert "Wachtlijst (bijgewerkt)" in client.get(inspect).content.decode()
    edit = reverse("wagtailsnippets_residence_concern:edit", args=[concern.pk])
    response = client.post(edit, {"title": "Via beheer"})
    assert response.status_code in (302, 403)
    concern.refresh_from_db()
    assert concern.title == "Wachtlijst (bijgewerkt)"
