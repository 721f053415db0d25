"""Browser checks of the header's search form and the navigation of the atlas sections, at desktop
width and at 360 px; axe on every page visited."""

import pytest
from playwright.sync_api import expect

from reisgids.tests.factories import OrganisationFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 780}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "360px"])
def test_header_search_at_any_width(new_page, axe, viewport):
    OrganisationFactory(name="Logeerhuis De Buren", summary="Logeren voor mantelzorgers.")
    page = new_page(viewport=viewport)
    page.goto("/partijen/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"], f"{width}px wide: the page scrolls sideways"
    if viewport["width"] <= 480:
        # On a phone (below 30em) the header's search form gives way to a "Zoeken" link in the menu
        # bar, to the search page and its form.
        expect(page.locator("form.reisgids-header-search")).to_be_hidden()
        axe(page)
        page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Zoeken").click()
        page.wait_for_url("**/zoeken/")
    search = page.get_by_role("search")
    field = search.get_by_role("searchbox")
    expect(field).to_be_visible()
    box = field.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    axe(page)

    field.fill("mantelzorg")
    search.get_by_role("button", name="Zoeken").click()
    page.wait_for_load_state()
    assert page.url.endswith("/zoeken/?q=mantelzorg")
    expect(page.get_by_role("search").get_by_role("searchbox").first).to_have_value("mantelzorg")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    axe(page)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "360px"])
def test_atlas_sections_in_the_navigation(new_page, axe, viewport):
    page = new_page(viewport=viewport)
    page.goto("/")
    if viewport is PHONE:  # on a phone the menu folds behind its button
        page.get_by_text("Menu", exact=True).click()
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    for name in ["Nieuws", "Verhalen", "Lessen en successen", "Agenda"]:
        expect(nav.get_by_role("link", name=name, exact=True)).to_be_visible()
    nav.get_by_role("link", name="Lessen en successen").click()
    page.wait_for_load_state()
    assert page.url.endswith("/lessen/")
    current = nav.locator("[aria-current=page]")
    assert current.count() == 1 and current.text_content().strip() == "Lessen en successen"
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    axe(page)


def test_header_search_works_without_javascript(new_page):
    page = new_page(java_script_enabled=False)
    page.goto("/nieuws/")
    page.get_by_role("searchbox", name="Zoeken").fill("begin klein")
    page.get_by_role("search").get_by_role("button", name="Zoeken").click()
    page.wait_for_load_state()
    assert page.url.endswith("/zoeken/?q=begin+klein")
