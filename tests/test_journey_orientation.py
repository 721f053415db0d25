"""Browser journey of orientation (issue 16), in Chromium with axe-core on every page visited, at
desktop width and at 375 px: a newcomer lands on the home page, reads what the platform is, follows
the cycle's explanation to the glossary, reads what a schouw is, opens "Over dit platform" and the
accessibility statement, and finds the pointer to the wijkteam for their own question."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from deals.tests.factories import DealFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}


def no_sideways_scrolling(page, viewport):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], f"{page.url}: {width}px wide at {viewport['width']}px"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "375px"])
def test_newcomer_understands_the_platform_in_one_visit(new_page, axe, viewport):
    DealFactory.create_batch(2, in_the_making=True)
    page = new_page(viewport=viewport)

    page.goto("/")
    expect(page).to_have_title("Samen werken aan zorg en welzijn in Rotterdam | Reisgids zorg en welzijn")
    expect(page.locator("h1")).to_have_text("Samen werken aan zorg en welzijn in Rotterdam")
    expect(page.locator(".reisgids-hero")).to_contain_text("Voor bewonersinitiatieven")
    # What it is, for whom, and where to go with one's own question: the whole introduction in the
    # first screen on a desktop; on a phone at least its title (the unfolded navigation above it takes
    # 414 px until the menu folds, see issue 16's "small screens").
    hero = page.locator(".reisgids-hero").bounding_box()
    if viewport is DESKTOP:
        assert hero["y"] + hero["height"] <= viewport["height"], hero
    else:
        title = page.locator("h1").bounding_box()
        assert title["y"] + title["height"] <= viewport["height"], title
    help_link = page.locator("main .reisgids-resident-help a")
    expect(help_link).to_have_attribute("href", settings.RESIDENT_HELP_URL)
    # The cycle, its four steps in order, with live figures.
    steps = page.locator(".reisgids-cycle__title")
    expect(steps).to_have_text(["Deals", "Partner in residence", "Schouw", "Kompas"])
    expect(page.locator(".reisgids-cycle")).to_contain_text("2 deals in de maak")
    axe(page)
    no_sideways_scrolling(page, viewport)

    page.get_by_role("link", name="Wat betekenen deze woorden?").click()
    page.wait_for_url("**/wat-betekent/")
    expect(page.locator("h1")).to_have_text("Wat betekent…?")
    schouw = page.locator("#schouw")
    expect(schouw.locator("dt")).to_have_text("schouw")
    expect(schouw.locator("dd")).to_contain_text("gezamenlijke terugblik")
    axe(page)
    no_sideways_scrolling(page, viewport)

    page.locator("footer").get_by_role("link", name="Over dit platform").click()
    page.wait_for_url("**/over/")
    expect(page.locator("h1")).to_have_text("Over dit platform")
    axe(page)
    no_sideways_scrolling(page, viewport)
    # A word used for the first time links to its explanation.
    page.locator("main a.reisgids-term", has_text="inbreng").click()
    page.wait_for_url("**/wat-betekent/#inbreng")
    expect(page.locator("#inbreng dt")).to_have_text("inbreng")

    page.locator("footer").get_by_role("link", name="Toegankelijkheid").click()
    page.wait_for_url("**/toegankelijkheid/")
    facts = page.locator(".reisgids-statement-facts")
    expect(facts).to_contain_text("Nalevingsstatus")
    expect(facts).to_contain_text("C – eerste maatregelen genomen")
    axe(page)
    no_sideways_scrolling(page, viewport)

    # The pointer for residents is on every page, in the footer.
    footer_help = page.locator("footer .reisgids-resident-help")
    expect(footer_help).to_contain_text("Zoek je zelf zorg of hulp?")
    expect(footer_help.get_by_role("link")).to_have_attribute("href", settings.RESIDENT_HELP_URL)
