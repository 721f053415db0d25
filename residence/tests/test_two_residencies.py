"""A deal can have several residencies at the same time: the deal page's block shows each of them
with the open concerns of both, the public line names each as its person agreed, the register lists
the deal once while at least one is active, and a handrem in either stops every step of the deal
until it is closed (ending the other residency does not release it)."""

import pytest
from django.core.exceptions import ValidationError
from django.utils.html import escape

from deals import services as deal_services
from deals.models import Deal
from deals.tests.factories import DealPartnerFactory
from reisgids.tests.factories import MembershipFactory
from residence import services
from residence.models import Concern, Residency
from residence.tests.factories import ConcernFactory, ResidencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two():
    first = ResidencyFactory(name_public=True)
    deal = first.deal
    third = DealPartnerFactory(deal=deal).organisation
    second = ResidencyFactory(
        deal=deal,
        home_partner=first.host_partner,
        host_partner=third,
        person=MembershipFactory(organisation=first.host_partner).user,
        name_public=False,
    )
    ConcernFactory(residency=first, title="Knelpunt van de eerste")
    handrem = ConcernFactory(residency=second, handrem=True, title="Handrem van de tweede")
    return {
        "deal": deal,
        "first": first,
        "second": second,
        "handrem": handrem,
        "trekker": MembershipFactory(organisation=first.home_partner, beheerder=True).user,
        "partner": MembershipFactory(organisation=third).user,
    }


def test_the_deal_page_shows_both_residencies_and_their_concerns(client, two):
    deal, first, second = two["deal"], two["first"], two["second"]
    client.force_login(two["partner"])
    html = client.get(deal.get_absolute_url()).content.decode()
    for residency in (first, second):
        assert f'href="{residency.get_absolute_url()}"' in html
    assert "Knelpunt van de eerste" in html and "Handrem van de tweede" in html
    assert html.count('data-testid="handrem"') == 1

    client.logout()
    html = client.get(deal.get_absolute_url()).content.decode()
    assert html.count('data-testid="public-residency"') == 2
    assert escape(first.person.get_full_name()) in html  # agreed to be named
    assert escape(second.person.get_full_name()) not in html
    assert f"partner in residence van {second.home_partner.name}" in html
    assert "Knelpunt van de eerste" not in html and "Handrem van de tweede" not in html


def test_the_register_lists_the_deal_once_while_one_residency_is_active(client, two):
    deal, first, second = two["deal"], two["first"], two["second"]
    everything = client.get("/deals/").content.decode().count(deal.title)
    assert everything >= 1
    assert client.get("/deals/?residentie=ja").content.decode().count(deal.title) == everything
    services.residency_end(residency=first, actor=first.person, end_note="Klaar.")
    assert client.get("/deals/?residentie=ja").content.decode().count(deal.title) == everything
    services.residency_end(residency=second, actor=second.person, end_note="Klaar.")
    assert deal.title not in client.get("/deals/?residentie=ja").content.decode()


def test_a_handrem_in_either_residency_stops_the_deal_until_it_is_closed(two):
    deal, first, second, trekker = two["deal"], two["first"], two["second"], two["trekker"]
    with pytest.raises(ValidationError) as error:
        deal_services.deal_stop(deal=deal, actor=trekker, reason="Stoppen")
    assert "Handrem van de tweede" in " ".join(error.value.messages)
    # ending the other residency releases nothing
    services.residency_end(residency=first, actor=first.person, end_note="Klaar.")
    with pytest.raises(ValidationError):
        deal_services.deal_stop(deal=deal, actor=trekker, reason="Stoppen")
    assert Deal.objects.get().status == Deal.Status.RUNNING

    home = MembershipFactory(organisation=second.home_partner, beheerder=True).user
    host = MembershipFactory(organisation=second.host_partner, beheerder=True).user
    for actor in (home, host):
        services.concern_confirm_resolution(concern=two["handrem"], actor=actor, resolution="Afgesproken.")
    assert Concern.objects.get(pk=two["handrem"].pk).status == Concern.Status.CLOSED
    assert deal_services.deal_stop(deal=deal, actor=trekker, reason="Stoppen").status == Deal.Status.STOPPED
    assert Residency.objects.filter(deal=deal).count() == 2
