"""Journey 5 of issue [3], in Chromium with axe-core on every page visited: a visitor searches
"mantelzorgers" from the header and finds the lesson, the event and the organisation about
"mantelzorg", grouped by type with counts; narrows to one type with the facets; opens the lesson.
Issue [4]: open listings are part of the search, hidden and closed ones never."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from agenda.tests.factories import make_event
from atlas.models import LessonPage
from atlas.tests.factories import lesson_page
from marktplaats.tests.factories import ListingFactory
from reisgids.tests.factories import OrganisationFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def group(page, label):
    return page.locator("section.reisgids-search-group", has=page.get_by_role("heading", name=label))


def test_journey_5_search_mantelzorgers_grouped_by_type(page, axe):
    lesson_page(
        title="Begin klein, maar begin wel",
        kind=LessonPage.Kind.SYSTEM,
        intro="Een steunpunt voor mantelzorg begon met één koffieochtend per maand.",
    )
    make_event(
        title="Zorgzaam010 netwerkbijeenkomst",
        intro="Ontmoet initiatieven die mantelzorg in de wijk dichterbij brengen.",
    )
    OrganisationFactory(
        name="Logeerhuis De Buren",
        summary="Een logeerhuis dat mantelzorg verlicht: je naaste logeert even bij ons.",
    )
    OrganisationFactory(name="Sportclub Zuid", summary="Voetbal en korfbal voor iedereen.")

    page.goto("/")
    axe(page)
    page.get_by_label("Zoeken", exact=True).fill("mantelzorgers")
    page.locator("form.reisgids-header-search").get_by_role("button", name="Zoeken").click()
    page.wait_for_url("**/zoeken/?q=mantelzorgers")
    axe(page)
    expect(page.get_by_role("heading", level=1, name="Zoeken")).to_be_visible()
    expect(page.get_by_label("Zoek naar")).to_have_value("mantelzorgers")

    lessons = group(page, "Lessen en successen (1)")
    expect(lessons.get_by_role("link", name="Begin klein, maar begin wel")).to_be_visible()
    expect(lessons.locator("mark").first).to_have_text("mantelzorg")
    events = group(page, "Evenementen (1)")
    expect(events.get_by_role("link", name="Zorgzaam010 netwerkbijeenkomst")).to_be_visible()
    organisations = group(page, "Partijen (1)")
    expect(organisations.get_by_role("link", name="Logeerhuis De Buren")).to_be_visible()
    expect(page.get_by_role("link", name="Sportclub Zuid")).to_have_count(0)

    facets = page.get_by_role("navigation", name="Soort resultaat")
    everything = facets.get_by_role("link", name=re.compile(r"^Alles \(\d+\)$"))
    expect(everything).to_have_attribute("aria-current", "page")
    facets.get_by_role("link", name="Partijen (1)").click()
    page.wait_for_url("**/zoeken/?q=mantelzorgers&type=partijen")
    axe(page)
    expect(facets.get_by_role("link", name="Partijen (1)")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("link", name="Begin klein, maar begin wel")).to_have_count(0)
    expect(page.get_by_role("link", name="Logeerhuis De Buren")).to_be_visible()

    facets.get_by_role("link", name="Lessen en successen (1)").click()
    page.get_by_role("link", name="Begin klein, maar begin wel").click()
    page.wait_for_url("**/lessen/**")
    axe(page)
    expect(page.get_by_role("heading", level=1, name="Begin klein, maar begin wel")).to_be_visible()


def test_no_results_and_special_characters_in_the_browser(page, axe):
    page.goto("/zoeken/")
    axe(page)
    expect(page.get_by_text("Typ een of meer woorden")).to_be_visible()
    page.get_by_label("Zoek naar").fill("mantel & (zorg | !'*:")
    page.locator("main").get_by_role("button", name="Zoeken").click()
    axe(page)
    expect(page.get_by_text("Niets gevonden voor")).to_be_visible()
    expect(page.get_by_text("Controleer de spelling.")).to_be_visible()


def test_listings_open_ones_only(page, axe):
    ListingFactory(title="Vrijwilligers gezocht voor de buurtbarbecue")
    ListingFactory(title="Vrijwilligers gezocht, al ingevuld", filled=True)
    ListingFactory(title="Vrijwilligers gezocht, verborgen", hidden_at=timezone.now(), hidden_reason="Spam")
    page.goto("/zoeken/?q=vrijwilligers+gezocht")
    axe(page)
    listings = group(page, "Marktplaats (1)")
    expect(listings.get_by_role("link", name="Vrijwilligers gezocht voor de buurtbarbecue")).to_be_visible()
    expect(page.get_by_text("al ingevuld")).to_have_count(0)
    expect(page.get_by_text("verborgen")).to_have_count(0)
