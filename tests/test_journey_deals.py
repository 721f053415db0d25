"""Browser journeys of issue [2] (deals), in Chromium with axe-core on every page visited:
1. start a deal from a theme and invite partners; 2. partners accept, state and confirm their
inbreng, the trekker closes, the deal is found in the register and its CSV export; 3. a change
after closing withdraws the confirmation; 4. visitors and strangers cannot write or see private
fields; 5. bad input is refused in Dutch and nothing is half-saved."""

import re

import pytest
from playwright.sync_api import expect

from deals.models import Contribution, Deal, DealPartner
from deals.tests.factories import ContributionFactory, DealFactory, RiskFactory
from reisgids.models import Organisation, Theme
from reisgids.tests.factories import (
    PASSWORD,
    AreaFactory,
    MembershipFactory,
    NeighbourhoodFactory,
    OrganisationFactory,
    ThemeFactory,
    UserFactory,
)
from tests.browser import field_error

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def log_in(page, axe, email):
    page.goto("/accounts/login/")
    axe(page)
    page.locator("input[name=login]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()


def manager(organisation, email):
    user = UserFactory(email=email, verified=True)
    MembershipFactory(user=user, organisation=organisation, beheerder=True)
    return user


def accept_state_and_confirm(page, axe, deal_url, organisation, fill_input):
    page.goto(deal_url)
    axe(page)
    page.get_by_role("button", name=f"Aannemen namens {organisation.name}").click()
    expect(page.get_by_text("Je doet mee aan de deal.")).to_be_visible()
    axe(page)
    page.locator(f"article:has(#partner-{partner_id(organisation)})").get_by_role(
        "link", name="Inbreng toevoegen"
    ).click()
    axe(page)
    fill_input(page)
    page.get_by_role("button", name="Inbreng opslaan").click()
    expect(page.get_by_text("Je inbreng is toegevoegd.")).to_be_visible()
    axe(page)
    page.get_by_role("button", name=f"Inbreng van {organisation.name} bevestigen").click()
    expect(page.get_by_text("Je inbreng is bevestigd.")).to_be_visible()
    axe(page)


def partner_id(organisation):
    return DealPartner.objects.get(organisation=organisation).pk


def test_journeys_1_2_3_start_invite_confirm_close_find_and_change(new_page, axe, live_server):
    ThemeFactory(name="Mantelzorg")
    Theme.objects.filter(slug="mantelzorg").update(deals_welcome=True)
    NeighbourhoodFactory(name="Bospolder", area=AreaFactory(name="Delfshaven"))
    initiative = OrganisationFactory(name="ZorgVrijstaat West", slug="zorgvrijstaat-west")
    gemeente = OrganisationFactory(name="Gebiedsorganisatie Delfshaven", slug="go-delfshaven", gemeente=True)
    provider = OrganisationFactory(
        name="Humanitas Rotterdam", slug="humanitas", kind=Organisation.Kind.ZORGAANBIEDER
    )
    manager(initiative, "ilse@example.nl")
    manager(gemeente, "gert@example.nl")
    manager(provider, "hanna@example.nl")

    # 1. The initiatiefnemer starts a deal from the theme mantelzorg.
    trekker = new_page()
    log_in(trekker, axe, "ilse@example.nl")
    trekker.goto("/deals/")
    axe(trekker)
    trekker.get_by_role("link", name="Start een deal over Mantelzorg").click()
    axe(trekker)
    expect(trekker.get_by_text("Je start een deal over het thema Mantelzorg.")).to_be_visible()
    trekker.get_by_label("Titel").fill("Respijt voor mantelzorgers in Bospolder")
    trekker.get_by_label("Gezamenlijk doel").fill(
        "Mantelzorgers in Bospolder krijgen elke maand een vrije dag."
    )
    trekker.get_by_label("Vernieuwend idee").fill(
        "Buren nemen de zorg een dag over, met steun van professionals."
    )
    # The gebied, not the wijk of the same name (the migration's wijken are there when no earlier
    # transactional test's flush removed them; the test order is random).
    trekker.get_by_role("group", name="Gebieden", exact=True).get_by_role(
        "checkbox", name="Delfshaven", exact=True
    ).check()
    trekker.get_by_role("checkbox", name="Bospolder", exact=True).check()
    trekker.get_by_role("button", name="Deal starten").click()
    expect(trekker.get_by_text("De deal is gestart.")).to_be_visible()
    axe(trekker)
    trekker.locator("#id_results-0-description").fill("Mantelzorgers hebben een vrije dag per maand")
    trekker.locator("#id_results-0-indicator").fill("40 mantelzorgers bereikt")
    trekker.get_by_label("Startdatum").fill("2026-01-15")
    trekker.get_by_label("Einddatum").fill("2026-12-15")
    trekker.locator("#id_milestones-0-title").fill("Eerste tien buren getraind")
    trekker.locator("#id_milestones-0-due_date").fill("2026-03-01")
    trekker.locator("#id_risks-0-description").fill("Buren haken af na een paar maanden")
    trekker.get_by_role("button", name="Deal opslaan").click()
    expect(trekker.get_by_text("De deal is opgeslagen.")).to_be_visible()
    axe(trekker)
    deal = Deal.objects.get()
    deal_url = deal.get_absolute_url()
    assert deal.results.get().indicator == "40 mantelzorgers bereikt"
    assert [t.slug for t in deal.themes.all()] == ["mantelzorg"]
    for organisation in (gemeente, provider):
        trekker.get_by_role("link", name="Partner uitnodigen").click()
        axe(trekker)
        trekker.locator("#id_organisation").select_option(label=organisation.name)
        trekker.get_by_role("button", name="Uitnodiging versturen").click()
        expect(trekker.get_by_text(f"{organisation.name} is uitgenodigd.")).to_be_visible()
        axe(trekker)

    # 2. Each partner, in its own browser, accepts, states its inbreng and confirms.
    def regelruimte(page):
        page.get_by_label("Soort inbreng").select_option("regelruimte")
        page.get_by_label("Wat je inbrengt").fill(
            "We passen de procedure voor de ruimte in het buurthuis aan."
        )

    def money(page):
        page.get_by_label("Soort inbreng").select_option("geld")
        page.get_by_label("Bedrag in euro").fill("2500")
        page.get_by_label("Wat je inbrengt").fill("Budget voor de training van buren.")

    gemeente_page = new_page()
    log_in(gemeente_page, axe, "gert@example.nl")
    accept_state_and_confirm(gemeente_page, axe, deal_url, gemeente, regelruimte)
    provider_page = new_page()
    log_in(provider_page, axe, "hanna@example.nl")
    accept_state_and_confirm(provider_page, axe, deal_url, provider, money)

    trekker.goto(deal_url)
    axe(trekker)
    trekker.locator(f"article:has(#partner-{partner_id(initiative)})").get_by_role(
        "link", name="Inbreng toevoegen"
    ).click()
    trekker.get_by_label("Soort inbreng").select_option("menskracht")
    trekker.get_by_label("Uren").fill("120")
    trekker.get_by_label("Wat je inbrengt").fill("Coördinatie van de buren.")
    trekker.get_by_role("button", name="Inbreng opslaan").click()
    trekker.get_by_role("button", name="Inbreng van ZorgVrijstaat West bevestigen").click()
    expect(trekker.get_by_text("Je inbreng is bevestigd.")).to_be_visible()
    for step, button in (
        ("Door naar: idee ontwikkelen", None),
        ("Door naar: plannen (concept-deal)", None),
        ("Deal sluiten", None),
    ):
        trekker.get_by_role("link", name=step).click()
        axe(trekker)
        trekker.get_by_role("button", name=button or step).click()
        expect(trekker.get_by_text("De deal is nu in de stap:")).to_be_visible()
        axe(trekker)
    deal.refresh_from_db()
    assert deal.status == "gesloten"

    visitor = new_page()
    visitor.goto("/deals/")
    axe(visitor)
    visitor.get_by_label("Thema", exact=True).select_option(label="Mantelzorg")
    visitor.get_by_label("Wijk", exact=True).select_option(label="Bospolder")
    visitor.get_by_role("button", name="Filter").click()
    expect(visitor).to_have_url(re.compile(r"theme=mantelzorg"))
    axe(visitor)
    visitor.get_by_role("link", name="Respijt voor mantelzorgers in Bospolder").click()
    axe(visitor)
    expect(visitor.get_by_text("Buren haken af")).to_have_count(0)
    expect(visitor.get_by_text("Humanitas Rotterdam").first).to_be_visible()
    csv = visitor.request.get("/deals/export.csv?theme=mantelzorg&neighbourhood=bospolder").text()
    assert "Respijt voor mantelzorgers in Bospolder" in csv and "Humanitas Rotterdam" in csv

    # 3. The zorgaanbieder changes its inbreng after closing: its confirmation is withdrawn.
    provider_page.goto(deal_url)
    provider_page.get_by_role("link", name=re.compile("^Wijzigen")).click()
    axe(provider_page)
    expect(provider_page.get_by_text("Je inbreng is bevestigd. Sla je een wijziging op")).to_be_visible()
    provider_page.get_by_label("Bedrag in euro").fill("2000")
    provider_page.get_by_role("button", name="Inbreng opslaan").click()
    expect(provider_page.get_by_text("Je inbreng is gewijzigd.")).to_be_visible()
    axe(provider_page)
    assert DealPartner.objects.get(organisation=provider).confirmed_at is None
    gemeente_page.goto(deal_url)
    axe(gemeente_page)
    expect(gemeente_page.locator(f"#partner-{partner_id(provider)} + p")).to_contain_text(
        "inbreng niet bevestigd"
    )
    expect(
        gemeente_page.get_by_text("Bevestiging van inbreng ingetrokken: Humanitas Rotterdam")
    ).to_be_visible()
    from reisgids.notifications.models import Notification

    assert Notification.objects.filter(
        recipient__email="gert@example.nl", subject__contains="wijzigde"
    ).exists()


def test_journey_4_visitors_and_strangers_cannot_write_or_see_private_fields(new_page, axe):
    deal = DealFactory(in_the_making=True, title="Wonen en zorg in Spangen")
    RiskFactory(deal=deal, description="Geheim risico van de partners")
    visitor = new_page()
    visitor.goto(deal.get_absolute_url())
    axe(visitor)
    expect(visitor.get_by_text("Geheim risico")).to_have_count(0)
    visitor.get_by_role("link", name="Log in om aan te sluiten bij deze deal").click()
    expect(visitor).to_have_url(re.compile(r"/accounts/login/"))
    axe(visitor)
    response = visitor.goto(f"/deals/{deal.slug}/aansluiten/")
    expect(visitor).to_have_url(re.compile(r"/accounts/login/"))
    assert not DealPartner.objects.filter(deal=deal, status="requested").exists()

    stranger_org = OrganisationFactory(name="Buurtwerk Noord")
    manager(stranger_org, "sam@example.nl")
    stranger = new_page()
    log_in(stranger, axe, "sam@example.nl")
    stranger.goto(deal.get_absolute_url())
    axe(stranger)
    expect(stranger.get_by_text("Geheim risico")).to_have_count(0)
    expect(stranger.get_by_role("link", name="Deal bewerken")).to_have_count(0)
    trekker = deal.partners.get()
    contribution = ContributionFactory(partner=trekker)
    for path in (
        f"/deals/{deal.slug}/bewerken/",
        f"/deals/{deal.slug}/uitnodigen/",
        f"/deals/{deal.slug}/zoekt-partners/",
        f"/deals/{deal.slug}/partners/{trekker.pk}/inbreng/",
        f"/deals/{deal.slug}/inbreng/{contribution.pk}/",
        f"/deals/{deal.slug}/inbreng/{contribution.pk}/verwijderen/",
        f"/deals/{deal.slug}/stap/sluiten/",
        f"/deals/{deal.slug}/voorstellen/",
    ):
        response = stranger.goto(path)
        assert response.status == 403, path
        axe(stranger)
    hidden = DealFactory(idea_step=True, title="Nog geheim")
    assert stranger.goto(hidden.get_absolute_url()).status == 404
    axe(stranger)
    # The stranger can ask to join (the deal is in the making), but nothing else.
    stranger.goto(deal.get_absolute_url())
    stranger.get_by_role("link", name="Sluit aan bij deze deal").click()
    axe(stranger)
    stranger.get_by_label("Wat zou je inbrengen?").fill("Wij hebben een ruimte in de wijk.")
    stranger.get_by_role("button", name="Vraag om aan te sluiten").click()
    expect(stranger.get_by_text("Je verzoek is naar de trekker van de deal gestuurd.")).to_be_visible()
    axe(stranger)
    assert DealPartner.objects.get(deal=deal, organisation=stranger_org).status == "requested"
    assert Contribution.objects.filter(partner__deal=deal).count() == 1


def test_journey_5_bad_input_is_refused_in_dutch_and_nothing_half_saved(new_page, axe):
    organisation = OrganisationFactory(name="Huis van de Wijk")
    manager(organisation, "lotte@example.nl")
    deal = DealFactory(planning=True, title="Koken met buren", trekker__organisation=organisation)
    partner = deal.partners.get()
    page = new_page()
    log_in(page, axe, "lotte@example.nl")
    page.goto(f"/deals/{deal.slug}/partners/{partner.pk}/inbreng/")
    axe(page)
    for amount, message in (
        ("-5", "Het bedrag kan niet negatief zijn."),
        ("veel", "Vul het bedrag in euro in als getal"),
    ):
        page.get_by_label("Soort inbreng").select_option("geld")
        page.get_by_label("Bedrag in euro").fill(amount)
        page.get_by_label("Wat je inbrengt").fill("Ons budget")
        page.get_by_role("button", name="Inbreng opslaan").click()
        expect(field_error(page, message)).to_be_visible()
        expect(page.get_by_label("Bedrag in euro")).to_have_value(amount)
        expect(page.get_by_label("Wat je inbrengt")).to_have_value("Ons budget")
        axe(page)
    assert not Contribution.objects.exists()

    page.goto(f"/deals/{deal.slug}/bewerken/")
    axe(page)
    page.locator("#id_results-0-description").fill("Vijftig buren koken mee")
    page.get_by_label("Startdatum").fill("2026-06-01")
    page.get_by_label("Einddatum").fill("2026-05-01")
    page.get_by_role("button", name="Deal opslaan").click()
    expect(field_error(page, "De einddatum kan niet vóór de startdatum liggen.")).to_be_visible()
    expect(page.locator("#id_results-0-description")).to_have_value("Vijftig buren koken mee")
    axe(page)
    deal.refresh_from_db()
    assert deal.start_date is None and not deal.results.exists() and deal.version == 1

    ContributionFactory(partner=partner)
    DealPartner.objects.filter(pk=partner.pk).update(confirmed_at="2026-01-01T10:00:00Z")
    page.goto(deal.get_absolute_url())
    axe(page)
    expect(page.get_by_text("Een deal heeft minstens twee partners nodig die meedoen.")).to_be_visible()
    page.get_by_role("link", name="Deal sluiten").click()
    page.get_by_role("button", name="Deal sluiten").click()
    expect(page.get_by_text("Een deal heeft minstens twee partners nodig die meedoen.")).to_be_visible()
    axe(page)
    deal.refresh_from_db()
    assert deal.status == "plannen" and deal.closed_at is None
