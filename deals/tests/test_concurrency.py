"""Two members of the same partner editing the same inbreng at once: the second save is refused
with a Dutch message and the current values, and nothing of it is saved."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from deals import services
from deals.models import Contribution, DealEvent
from deals.tests.factories import ContributionFactory, DealFactory, DealPartnerFactory
from reisgids.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contribution():
    deal = DealFactory(planning=True, title="Respijt in Bospolder")
    partner = DealPartnerFactory(deal=deal)
    return ContributionFactory(partner=partner, money=True, description="Budget voor uitjes")


def members(contribution, n=2):
    return [MembershipFactory(organisation=contribution.partner.organisation).user for _ in range(n)]


def test_a_stale_version_is_refused_and_nothing_saved(contribution):
    first, second = members(contribution)
    updated = services.contribution_update(
        contribution=contribution,
        actor=first,
        version=1,
        kind="geld",
        amount_eur=Decimal("3000"),
        description="Meer budget",
    )
    assert updated.version == 2
    with pytest.raises(services.ConcurrentEditError) as error:
        services.contribution_update(
            contribution=contribution,
            actor=second,
            version=1,
            kind="kennis",
            description="Onze kennis",
        )
    assert error.value.code == "stale"
    contribution.refresh_from_db()
    assert (contribution.kind, contribution.amount_eur, contribution.description, contribution.version) == (
        "geld",
        Decimal("3000.00"),
        "Meer budget",
        2,
    )
    assert DealEvent.objects.filter(action="deals.contribution.update").count() == 1
    # with the current version the second member can save
    services.contribution_update(
        contribution=contribution, actor=second, version=2, kind="kennis", description="Onze kennis"
    )
    contribution.refresh_from_db()
    assert (contribution.kind, contribution.version) == ("kennis", 3)


def test_a_member_of_another_organisation_is_refused_whatever_the_version(contribution):
    stranger = MembershipFactory(organisation=OrganisationFactory()).user
    with pytest.raises(PermissionDenied):
        services.contribution_update(
            contribution=contribution, actor=stranger, version=1, kind="kennis", description="Overname"
        )
    contribution.refresh_from_db()
    assert contribution.description == "Budget voor uitjes" and contribution.version == 1


def test_two_members_edit_at_once_the_second_sees_a_dutch_message_and_the_current_values(contribution):
    first, second = members(contribution)
    url = reverse("deals:contribution_edit", args=[contribution.partner.deal.slug, contribution.pk])
    browsers = []
    for user in (first, second):
        client = Client()
        client.force_login(user)
        opened = client.get(url)
        assert opened.status_code == 200
        assert 'name="version" value="1"' in opened.content.decode()
        browsers.append(client)

    saved = browsers[0].post(
        url, {"kind": "geld", "amount_eur": "4000", "description": "Budget van de eerste", "version": "1"}
    )
    assert saved.status_code == 302

    refused = browsers[1].post(
        url, {"kind": "kennis", "amount_eur": "", "description": "Kennis van de tweede", "version": "1"}
    )
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Iemand anders heeft deze inbreng gewijzigd terwijl jij eraan werkte" in page
    assert "Budget van de eerste" in page and "Kennis van de tweede" not in page
    assert 'name="version" value="2"' in page
    contribution.refresh_from_db()
    assert (contribution.description, contribution.version) == ("Budget van de eerste", 2)

    # saving again from the refreshed form works
    again = browsers[1].post(
        url, {"kind": "kennis", "amount_eur": "", "description": "Kennis van de tweede", "version": "2"}
    )
    assert again.status_code == 302
    assert Contribution.objects.get(pk=contribution.pk).description == "Kennis van de tweede"


def test_a_visitor_cannot_post_to_the_form(client, contribution):
    url = reverse("deals:contribution_edit", args=[contribution.partner.deal.slug, contribution.pk])
    response = client.post(url, {"kind": "kennis", "description": "Overname", "version": "1"})
    assert response.status_code == 302 and "/account" in response["Location"]
    assert Contribution.objects.get(pk=contribution.pk).description == "Budget voor uitjes"
