"""/beheer/ writes no deal, partner or inbreng past ``deals.services`` (issue 10, item 6): a
network manager's edit of a deal or a partner's message goes through the service (audit row,
timeline, cache bump), the step, a partner's status and confirmation and the inbreng cannot be
changed there, and nothing of it can be added or deleted there, by anyone."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.models import ModelLogEntry

from deals import services
from deals.apps import CACHE_NAMESPACE as NAMESPACE
from deals.models import Contribution, Deal, DealEvent, DealPartner
from deals.tests.factories import ContributionFactory, DealFactory, DealPartnerFactory
from reisgids.caching import version
from reisgids.roles import NETWORK_MANAGERS_GROUP
from reisgids.tests.beheer import staff_client
from reisgids.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MANAGER_PERMISSIONS = (
    "deals.view_deal",
    "deals.change_deal",
    "deals.view_dealpartner",
    "deals.change_dealpartner",
    "deals.view_contribution",
    "deals.change_contribution",
)


@pytest.fixture
def manager(client):
    return staff_client(client, *MANAGER_PERMISSIONS, group=NETWORK_MANAGERS_GROUP)


@pytest.fixture
def deal():
    """A deal in planning with a partner that has stated its inbreng but not confirmed it."""
    deal = DealFactory(planning=True, title="Buurtkoken", goal="Samen eten")
    partner = DealPartnerFactory(deal=deal)
    ContributionFactory(partner=partner, description="Een keuken")
    return deal


def url(model, view, pk=None):
    return reverse(f"wagtailsnippets_deals_{model}:{view}", args=[pk] if pk else [])


def deal_form(deal, **changes):
    return {"title": deal.title, "goal": deal.goal, "idea": "", "financing": "geen", **changes}


def test_a_network_manager_edits_a_deal_through_the_service_but_cannot_close_it(client, manager, deal):
    before = version(NAMESPACE)
    response = client.post(
        url("deal", "edit", deal.pk),
        deal_form(deal, title="Buurtkoken Delfshaven", status="gesloten", closed_at="2026-01-01 10:00")
        | {"seeking_partners": "on", "stop_reason": "Nee", "slug": "ander-adres"},
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    changed = Deal.objects.get(pk=deal.pk)
    assert changed.title == "Buurtkoken Delfshaven" and changed.version == deal.version + 1
    assert (changed.status, changed.closed_at, changed.stop_reason) == (Deal.Status.PLANNING, None, "")
    assert (changed.seeking_partners, changed.slug) == (False, deal.slug)
    entry = ModelLogEntry.objects.get(action="deals.deal.update", object_id=str(deal.pk))
    assert entry.user_id == manager.pk
    assert DealEvent.objects.filter(deal=deal, action="deals.deal.update", actor=manager).exists()
    assert version(NAMESPACE) > before


def test_a_refusal_of_the_service_is_shown_on_the_admin_form_and_nothing_is_saved(client, manager):
    deal = DealFactory(finished=True, title="Buurtkoken")
    response = client.post(url("deal", "edit", deal.pk), deal_form(deal, title="Anders"))

    assert response.status_code == 200
    assert "Deze deal is afgerond of gestopt" in response.content.decode()
    assert Deal.objects.get(pk=deal.pk).title == "Buurtkoken"
    assert not ModelLogEntry.objects.filter(action="deals.deal.update").exists()


def test_a_partner_in_beheer_changes_only_its_message_through_the_service(client, manager, deal):
    partner = deal.partners.get(role=DealPartner.Role.PARTNER)
    before = version(NAMESPACE)
    response = client.post(
        url("dealpartner", "edit", partner.pk),
        {"role": "trekker", "status": "declined", "message": " Graag ", "confirmed_at": "2026-01-01 10:00"},
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    partner.refresh_from_db()
    assert (partner.message, partner.role, partner.status) == ("Graag", "partner", "accepted")
    assert partner.confirmed_at is None
    assert ModelLogEntry.objects.filter(action="deals.partner.message", user=manager).exists()
    assert DealEvent.objects.filter(deal=deal, action="deals.partner.message").exists()
    assert version(NAMESPACE) > before


@pytest.mark.parametrize("superuser", [False, True], ids=["network manager", "superuser"])
def test_nothing_is_added_deleted_or_inbreng_edited_in_beheer(client, deal, superuser):
    staff_client(client, *MANAGER_PERMISSIONS, group=NETWORK_MANAGERS_GROUP, superuser=superuser)
    contribution = Contribution.objects.get(partner__deal=deal)
    partner = contribution.partner
    refused = [
        (url("contribution", "edit", contribution.pk), {"kind": "geld", "amount_eur": 5, "description": "X"}),
        (url("contribution", "delete", contribution.pk), {}),
        (url("contribution", "add"), {"partner": partner.pk, "kind": "kennis", "description": "Y"}),
        (url("dealpartner", "delete", partner.pk), {}),
        (url("dealpartner", "add"), {"deal": deal.pk, "organisation": partner.organisation_id}),
        (url("deal", "delete", deal.pk), {}),
        (url("deal", "add"), deal_form(deal, title="Nieuw")),
    ]
    for address, data in refused:
        response = client.post(address, data)
        assert response.status_code in (302, 403), address
        assert response.status_code == 403 or "/beheer/snippets/" not in response["Location"], address

    assert list(Contribution.objects.values_list("kind", "description")) == [("kennis", "Een keuken")]
    assert DealPartner.objects.filter(deal=deal).count() == 2
    assert list(Deal.objects.values_list("title", flat=True)) == ["Buurtkoken"]
    assert not ModelLogEntry.objects.filter(content_type__app_label="deals").exists()


def test_an_ambtenaar_sees_deals_in_beheer_but_cannot_edit_them(client, deal):
    staff_client(client, "deals.view_deal", group="Ambtenaren")
    assert client.get(url("deal", "inspect", deal.pk)).status_code == 200
    response = client.post(url("deal", "edit", deal.pk), deal_form(deal, title="Anders"))
    assert response.status_code in (302, 403)
    assert Deal.objects.get(pk=deal.pk).title == "Buurtkoken"


def test_only_a_network_manager_may_change_a_partners_message_or_a_deal_he_is_not_part_of(deal):
    partner = deal.partners.get(role=DealPartner.Role.PARTNER)
    with pytest.raises(PermissionDenied):
        services.partner_set_message(partner=partner, actor=UserFactory(), message="Hoi")
    with pytest.raises(PermissionDenied):
        services.deal_update(deal=deal, actor=UserFactory(), version=deal.version, fields={"title": "X"})
    assert DealPartner.objects.get(pk=partner.pk).message == partner.message
