"""Browser journey of issue 9, item 12, in Chromium with axe-core on every page visited: a deal
invites Gebiedsorganisatie Delfshaven, a gemeente-afdeling without a beheerder; its aanspreekpunt
signs in, accepts and states its inbreng; a second invitation is withdrawn by the trekker, every
partner confirms, and the deal closes."""

import re

import pytest
from playwright.sync_api import expect

from deals.models import Deal, DealEvent, DealPartner
from deals.tests.factories import DealFactory
from reisgids.models import Organisation
from reisgids.notifications.models import Notification
from reisgids.tests.factories import ContactPointFactory, MembershipFactory, OrganisationFactory, UserFactory
from tests.test_journey_deals import accept_state_and_confirm, log_in, manager, partner_id

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_journey_the_aanspreekpunt_of_a_gemeente_afdeling_accepts_and_the_trekker_withdraws(new_page, axe):
    initiative = OrganisationFactory(name="Mooi Mooier Middelland")
    gemeente = OrganisationFactory(name="Gebiedsorganisatie Delfshaven", slug="go-delfshaven", gemeente=True)
    provider = OrganisationFactory(name="Humanitas Rotterdam", kind=Organisation.Kind.ZORGAANBIEDER)
    manager(initiative, "ilse@example.nl")
    manager(provider, "hanna@example.nl")
    noor = UserFactory(email="noor@example.nl", first_name="Noor", last_name="Voorbeeld", verified=True)
    MembershipFactory(user=noor, organisation=gemeente)
    ContactPointFactory(organisation=gemeente, user=noor, name="Noor Voorbeeld", function="Wijkregisseur")
    deal = DealFactory(idea_step=True, title="Buurtkoken tegen eenzaamheid", trekker__organisation=initiative)
    deal_url = deal.get_absolute_url()

    # The trekker invites the afdeling and a zorgaanbieder.
    trekker = new_page()
    log_in(trekker, axe, "ilse@example.nl")
    trekker.goto(deal_url)
    axe(trekker)
    for organisation in (gemeente, provider):
        trekker.get_by_role("link", name="Partner uitnodigen").click()
        axe(trekker)
        trekker.locator("#id_organisation").select_option(label=organisation.name)
        trekker.get_by_role("button", name="Uitnodiging versturen").click()
        expect(trekker.get_by_text(f"{organisation.name} is uitgenodigd.")).to_be_visible()
        axe(trekker)
    notification = Notification.objects.get(recipient=noor)
    assert "uitgenodigd" in notification.subject and notification.url == deal_url

    # The aanspreekpunt (no beheerder) signs in, accepts, states and confirms the input.
    def regelruimte(page):
        page.get_by_label("Soort inbreng").select_option("regelruimte")
        page.get_by_label("Wat je inbrengt").fill("Het buurthuis op zondag, zonder nieuwe vergunning.")

    gemeente_page = new_page()
    log_in(gemeente_page, axe, "noor@example.nl")
    gemeente_page.goto("/meldingen/")
    axe(gemeente_page)
    gemeente_page.get_by_role("link", name="Je organisatie is uitgenodigd voor de deal").first.click()
    expect(gemeente_page).to_have_url(re.compile(re.escape(deal_url) + "$"))
    accept_state_and_confirm(gemeente_page, axe, deal_url, gemeente, regelruimte)

    # The trekker states its own input, moves to planning and sees what stops closing.
    trekker.goto(deal_url)
    axe(trekker)
    trekker.locator(f"article:has(#partner-{partner_id(initiative)})").get_by_role(
        "link", name="Inbreng toevoegen"
    ).click()
    axe(trekker)
    trekker.get_by_label("Soort inbreng").select_option("menskracht")
    trekker.get_by_label("Uren").fill("80")
    trekker.get_by_label("Wat je inbrengt").fill("Koks en de coördinatie van de avonden.")
    trekker.get_by_role("button", name="Inbreng opslaan").click()
    axe(trekker)
    trekker.get_by_role("button", name="Inbreng van Mooi Mooier Middelland bevestigen").click()
    expect(trekker.get_by_text("Je inbreng is bevestigd.")).to_be_visible()
    trekker.get_by_role("link", name="Door naar: plannen (concept-deal)").click()
    axe(trekker)
    trekker.get_by_role("button", name="Door naar: plannen (concept-deal)").click()
    expect(trekker.get_by_text("Er zijn nog uitnodigingen die niet beantwoord zijn.")).to_be_visible()
    axe(trekker)

    # The zorgaanbieder does not answer: the trekker withdraws its invitation.
    trekker.get_by_role("button", name="Uitnodiging aan Humanitas Rotterdam intrekken").click()
    expect(trekker.get_by_text("De uitnodiging aan Humanitas Rotterdam is ingetrokken.")).to_be_visible()
    expect(trekker.get_by_text("Uitnodiging ingetrokken: Humanitas Rotterdam")).to_be_visible()
    axe(trekker)
    assert DealPartner.objects.get(organisation=provider).status == DealPartner.Status.WITHDRAWN
    hanna = Notification.objects.get(recipient__email="hanna@example.nl", subject__contains="ingetrokken")
    assert hanna.url == ""

    # Every remaining partner confirmed: the deal closes.
    trekker.get_by_role("link", name="Deal sluiten").click()
    axe(trekker)
    trekker.get_by_role("button", name="Deal sluiten").click()
    expect(trekker.get_by_text("De deal is nu in de stap:")).to_be_visible()
    axe(trekker)
    deal.refresh_from_db()
    assert deal.status == Deal.Status.CLOSED
    assert DealEvent.objects.filter(deal=deal, action="deals.partner.accept", actor=noor).exists()

    # The afdeling's aanspreekpunt sees the closed deal with its own input.
    gemeente_page.goto(deal_url)
    axe(gemeente_page)
    expect(gemeente_page.get_by_text("Het buurthuis op zondag")).to_be_visible()
    expect(
        gemeente_page.get_by_role("button", name="Aannemen namens Gebiedsorganisatie Delfshaven")
    ).to_have_count(0)
