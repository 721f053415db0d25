"""Invitations on the deal page over HTTP (issue 9, item 12): the buttons to answer, withdraw and
assign shown to exactly the people who may use them, every POST refused for the others, the
network manager's form with a Dutch error, and /beheer/ that cannot change a partner's status."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from deals.models import DealEvent, DealPartner
from deals.tests.factories import DealFactory, DealPartnerFactory
from reisgids.roles import NETWORK_MANAGERS_GROUP
from reisgids.tests.factories import ContactPointFactory, MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

ACCEPT = "Aannemen namens Gebiedsorganisatie Delfshaven"
WITHDRAW = "Uitnodiging aan Gebiedsorganisatie Delfshaven intrekken"
ASSIGN = "Aanwijzen wie antwoordt namens Gebiedsorganisatie Delfshaven"
NOTICE = "De beheerders beantwoorden de uitnodiging"


def member_of(organisation, **kwargs):
    return MembershipFactory(organisation=organisation, **kwargs).user


def network_manager(**kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get_or_create(name=NETWORK_MANAGERS_GROUP)[0])
    return user


@pytest.fixture
def people():
    """A deal in the idea step (not public) that invites Gebiedsorganisatie Delfshaven, which has
    no beheerder: Noor is a member and its aanspreekpunt, Mo a plain member."""
    deal = DealFactory(idea_step=True, title="Buurtkoken")
    trekker = deal.partners.get()
    partner = DealPartnerFactory(deal=deal)
    gemeente = OrganisationFactory(gemeente=True, name="Gebiedsorganisatie Delfshaven")
    invitation = DealPartnerFactory(deal=deal, organisation=gemeente, invited=True, invited_at=timezone.now())
    noor = member_of(gemeente)
    ContactPointFactory(organisation=gemeente, user=noor, name="Noor Voorbeeld")
    return {
        "deal": deal,
        "invitation": invitation,
        "noor": noor,
        "mo": member_of(gemeente),
        "trekker": member_of(trekker.organisation),
        "partner": member_of(partner.organisation, beheerder=True),
        "manager": network_manager(),
        "stranger": member_of(OrganisationFactory(), beheerder=True),
    }


def page(client, user, deal):
    client.force_login(user)
    return client.get(deal.get_absolute_url())


def test_each_button_is_shown_to_exactly_the_people_who_may_use_it(client, people):
    deal = people["deal"]
    expected = {
        "noor": {ACCEPT},
        "mo": {NOTICE},
        "trekker": {WITHDRAW},
        "partner": set(),
        "manager": {ASSIGN},
    }
    for name, shown in expected.items():
        response = page(client, people[name], deal)
        assert response.status_code == 200, name
        html = response.content.decode()
        for text in (ACCEPT, WITHDRAW, ASSIGN, NOTICE):
            assert (text in html) == (text in shown), (name, text)
    assert page(client, people["stranger"], deal).status_code == 404


def test_every_invitation_post_is_refused_for_the_others(client, people):
    deal, invitation = people["deal"], people["invitation"]
    respond = reverse("deals:respond", args=[deal.slug, invitation.pk])
    withdraw = reverse("deals:withdraw", args=[deal.slug, invitation.pk])
    assign = reverse("deals:assign_responder", args=[deal.slug, invitation.pk])
    choose_mo = {"user": people["mo"].pk}
    refused = [
        ("mo", respond, {"decision": "accept"}, 403),
        ("trekker", respond, {"decision": "accept"}, 403),
        ("partner", respond, {"decision": "decline"}, 403),
        ("manager", respond, {"decision": "accept"}, 403),
        ("stranger", respond, {"decision": "accept"}, 404),
        ("noor", withdraw, {}, 403),
        ("mo", withdraw, {}, 403),
        ("partner", withdraw, {}, 403),
        ("manager", withdraw, {}, 403),
        ("stranger", withdraw, {}, 404),
        ("trekker", assign, choose_mo, 403),
        ("noor", assign, choose_mo, 403),
        ("mo", assign, choose_mo, 403),
        ("partner", assign, choose_mo, 403),
        ("stranger", assign, choose_mo, 404),
    ]
    for name, url, data, status in refused:
        client.force_login(people[name])
        assert client.post(url, data).status_code == status, (name, url)
    invitation.refresh_from_db()
    assert (invitation.status, invitation.responder) == (DealPartner.Status.INVITED, None)
    assert not DealEvent.objects.filter(deal=deal).exclude(action="deals.deal.create").exists()
    client.logout()
    for url in (respond, withdraw, assign):
        response = client.post(url, choose_mo)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_aanspreekpunt_accepts_from_the_deal_page(client, people):
    deal, invitation = people["deal"], people["invitation"]
    client.force_login(people["noor"])
    response = client.post(
        reverse("deals:respond", args=[deal.slug, invitation.pk]), {"decision": "accept"}, follow=True
    )
    assert "Je doet mee aan de deal." in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.status == DealPartner.Status.ACCEPTED


def test_network_manager_assigns_on_the_deal_page_and_a_wrong_choice_is_refused_in_dutch(client, people):
    deal, invitation, mo = people["deal"], people["invitation"], people["mo"]
    url = reverse("deals:assign_responder", args=[deal.slug, invitation.pk])
    client.force_login(people["manager"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"user": people["stranger"].pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kies een lid van Gebiedsorganisatie Delfshaven." in html
    assert 'class="utrecht-form-field utrecht-form-field--text utrecht-form-field--invalid"' in html
    invitation.refresh_from_db()
    assert invitation.responder is None
    response = client.post(url, {"user": mo.pk}, follow=True)
    assert "beantwoordt de uitnodiging namens Gebiedsorganisatie Delfshaven" in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.responder == mo
    html = page(client, people["manager"], deal).content.decode()
    assert f"aangewezen om te antwoorden: {mo}" in html
    assert ACCEPT in page(client, mo, deal).content.decode()
    response = client.post(reverse("deals:respond", args=[deal.slug, invitation.pk]), {"decision": "decline"})
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == DealPartner.Status.DECLINED


def test_trekker_withdraws_on_the_deal_page(client, people):
    deal, invitation = people["deal"], people["invitation"]
    client.force_login(people["trekker"])
    response = client.post(reverse("deals:withdraw", args=[deal.slug, invitation.pk]), follow=True)
    html = response.content.decode()
    assert "De uitnodiging aan Gebiedsorganisatie Delfshaven is ingetrokken." in html
    assert WITHDRAW not in html
    assert "Uitnodiging ingetrokken: Gebiedsorganisatie Delfshaven" in html  # the timeline
    invitation.refresh_from_db()
    assert invitation.status == DealPartner.Status.WITHDRAWN
    # The organisation no longer sees the deal, which is not public.
    assert page(client, people["noor"], deal).status_code == 404
    # Withdrawing again only says why not.
    client.force_login(people["trekker"])
    response = client.post(reverse("deals:withdraw", args=[deal.slug, invitation.pk]), follow=True)
    assert "Alleen een uitnodiging die nog niet beantwoord is" in response.content.decode()


def test_deal_page_of_a_network_manager_runs_a_fixed_number_of_queries(client):
    manager = network_manager()
    counts = []
    for invitations in (1, 6):
        deal = DealFactory(idea_step=True)
        for _ in range(invitations):
            invitation = DealPartnerFactory(deal=deal, invited=True, invited_at=timezone.now())
            member_of(invitation.organisation)
            member_of(invitation.organisation)
        page(client, manager, deal)  # warm the fragment cache of the public body
        with CaptureQueriesContext(connection) as queries:
            response = page(client, manager, deal)
        assert response.content.decode().count("Aanwijzen wie antwoordt namens") == invitations
        counts.append(len(queries))
    assert counts[0] == counts[1]


@pytest.fixture
def staff_network_manager():
    user = network_manager(is_staff=True)
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"})
    return user


def test_beheer_cannot_change_a_partner_status_or_a_deal_step(client, people, staff_network_manager):
    deal, invitation = people["deal"], people["invitation"]
    client.force_login(staff_network_manager)
    url = f"/beheer/snippets/deals/dealpartner/edit/{invitation.pk}/"
    html = client.get(url).content.decode()
    assert 'name="status"' not in html and "Uitgenodigd" in html
    response = client.post(
        url,
        {
            "deal": deal.pk,
            "organisation": invitation.organisation_id,
            "role": "partner",
            "status": "accepted",
            "message": "Graag gedaan",
            "confirmed_at": "2026-01-01 10:00",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    invitation.refresh_from_db()
    assert invitation.message == "Graag gedaan"  # the other fields are still editable
    assert (invitation.status, invitation.confirmed_at) == (DealPartner.Status.INVITED, None)
    html = client.get(f"/beheer/snippets/deals/deal/edit/{deal.pk}/").content.decode()
    assert 'name="status"' not in html and 'name="closed_at"' not in html
