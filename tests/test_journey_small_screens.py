"""Issue 16 on a phone (320 px wide) with the keyboard: the menu and the filters fold, nothing scrolls
sideways, and a form sent empty gets the error summary, focused, whose links reach their fields. axe
runs on every page visited (WCAG 2.1 A/AA, zero violations)."""

import re

import pytest
from playwright.sync_api import expect

from deals.models import Deal
from deals.tests.factories import DealFactory
from reisgids.notifications.services import notify
from reisgids.tests.factories import (
    PASSWORD,
    AreaFactory,
    MembershipFactory,
    NeighbourhoodFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PHONE = {"width": 320, "height": 640}  # the narrowest phone (WCAG 1.4.10 reflow: 320 CSS px)
MAIN_PAGES = ["/", "/deals/", "/marktplaats/", "/partijen/", "/aanspreekpunten/", "/agenda/", "/verhalen/"]


def assert_no_sideways_scroll(page):
    width, inner = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"{page.url}: {width} px wide in a {inner} px window"


def visit(page, axe, path):
    page.goto(path)
    axe(page)
    assert_no_sideways_scroll(page)


def test_phone_journey_menu_filters_and_a_form_with_errors(new_page, axe):
    organisation = OrganisationFactory(name="Buurtkracht")
    user = UserFactory(email="trekker@example.org", verified=True)
    MembershipFactory(user=user, organisation=organisation, beheerder=True)
    for n in range(12):  # a two-digit unread badge: the widest the account links get
        notify(recipients=[user], subject=f"Bericht {n}")
    DealFactory(title="Samen koken in de wijk", status=Deal.Status.RUNNING)
    charlois, delfshaven = AreaFactory(name="Charlois"), AreaFactory(name="Delfshaven")
    for area, name in [(charlois, "Carnisse"), (charlois, "Oud-Charlois"), (delfshaven, "Bospolder")]:
        NeighbourhoodFactory(area=area, name=name)
    page = new_page(viewport=PHONE)

    for path in MAIN_PAGES:
        visit(page, axe, path)
        menu = page.locator(".reisgids-menu > summary")
        links = page.locator(".reisgids-nav__list")
        expect(menu).to_be_visible()
        expect(links).to_be_hidden()

    # The menu opens and closes with the keyboard.
    menu.focus()
    page.keyboard.press("Enter")
    expect(links).to_be_visible()
    axe(page)
    assert_no_sideways_scroll(page)
    page.keyboard.press("Enter")
    expect(links).to_be_hidden()

    # On /deals/ the results come before the folded filters' content: the first deal shows at once.
    page.goto("/deals/")
    filters = page.locator(".reisgids-filters-disclosure > summary")
    expect(filters).to_have_text("Filters")
    expect(page.locator("form.reisgids-filters")).to_be_hidden()
    first = page.locator(".reisgids-card-list > li").first
    layout = page.evaluate(
        "['header', 'h1', '.reisgids-filters-disclosure', '#results-heading']"
        ".map(s => [s, Math.round(document.querySelector(s).getBoundingClientRect().bottom)])"
    )
    # The filters are one folded line: the first deal follows it with only the results' heading and
    # count between them (before, it came 2,180 px down, below ten open filter fields), within the
    # second screen of a 320 × 640 phone.
    filters_bottom = page.locator(".reisgids-filters-disclosure").bounding_box()
    gap = first.bounding_box()["y"] - (filters_bottom["y"] + filters_bottom["height"])
    assert gap < 150, layout
    # The header, signed out, takes a quarter of the screen: the tagline goes, the account links and
    # the language switch share a row, and the search form gives way to a "Zoeken" link in the menu
    # bar (it took 301 px, then 220). The list page's lead, actions and results' count are compact
    # (the "Resultaten" heading is there for screen readers only): the first deal's title is on the
    # first screen (the deal started at 929 px, then 706).
    header = dict(layout)["header"]
    assert header <= 170, layout
    title = first.locator(".reisgids-card__title").bounding_box()
    assert title["y"] + title["height"] <= PHONE["height"], layout
    expect(page.locator("form.reisgids-header-search")).to_be_hidden()
    expect(page.locator("#results-heading")).to_have_text("Resultaten")
    search = page.locator("nav .reisgids-menu__search")
    expect(search).to_have_text("Zoeken")
    search.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/zoeken/")
    axe(page)
    assert_no_sideways_scroll(page)
    page.locator("main input[name=q]").fill("koken")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator("main")).to_contain_text("Samen koken in de wijk")
    page.goto("/deals/")
    page.goto("/deals/?status=uitvoering")
    expect(filters).to_have_text(re.compile(r"Filters \(\d+ actief\)"))
    filters.click()
    expect(page.locator("form.reisgids-filters")).to_be_visible()
    axe(page)
    assert_no_sideways_scroll(page)

    # A signed-in trekker sends the start form empty.
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(user.email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    # Signed in, the account links keep one row beside nothing else: the language switch sits in the
    # menu bar next to "Zoeken" (with it in the header, two rows of links made the header 212 px).
    visit(page, axe, "/deals/")
    tools = page.locator(".reisgids-header__tools > a:not(.reisgids-language), .reisgids-header__tools form")
    expect(tools).to_have_count(3)
    tops = tools.evaluate_all("els => els.map(e => Math.round(e.getBoundingClientRect().top))")
    assert max(tops) - min(tops) < 10, tops  # one row (the log-out form sits 2 px higher)
    expect(page.locator(".reisgids-header__tools .reisgids-phone-label")).to_have_text("Profiel")
    expect(page.locator(".reisgids-header__tools .reisgids-phone-label")).to_be_visible()
    expect(page.get_by_role("link", name="Mijn profiel")).to_be_visible()
    expect(page.locator(".reisgids-header__tools .reisgids-language")).to_be_hidden()
    switch = page.locator("nav .reisgids-language")
    expect(switch).to_have_text("English")
    header = page.evaluate("Math.round(document.querySelector('header').getBoundingClientRect().bottom)")
    assert header <= 170, header
    switch.focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/en/deals/")
    axe(page)
    assert_no_sideways_scroll(page)
    expect(page.locator("nav .reisgids-language")).to_have_text("Nederlands")
    visit(page, axe, "/deals/start/")
    page.locator("input[name=title]").fill("")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    assert page.title().startswith("Fout: ")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.locator("h2")).to_have_text("Er is iets niet goed ingevuld")
    axe(page)
    assert_no_sideways_scroll(page)
    hrefs = summary.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert "#id_title" in hrefs and "#id_goal" in hrefs
    for href in hrefs:
        summary.locator(f'a[href="{href}"]').click()
        target = page.locator(href)
        expect(target).to_be_focused()
        expect(target).to_be_in_viewport()
        # The field says what is wrong, tied to it for a screen reader.
        described = target.get_attribute("aria-describedby") or ""
        assert f"{href[1:]}_error" in described.split()

    # Two wijken from the grouped checkboxes, a title typed; the goal still missing: all kept.
    groups = page.locator("fieldset.reisgids-choice-group")
    expect(groups.first).to_be_visible()
    for area in ("Charlois", "Delfshaven"):
        expect(page.get_by_role("group", name=area, exact=True)).to_be_visible()
    wijken = ["Oud-Charlois", "Bospolder"]
    for wijk in wijken:
        page.get_by_role(
            "group", name="Charlois" if "Charlois" in wijk else "Delfshaven", exact=True
        ).get_by_role("checkbox", name=wijk, exact=True).check()
    page.locator("input[name=title]").fill("Samen sterk")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()
    expect(page.locator("[data-error-summary]")).to_be_focused()
    expect(page.locator("input[name=title]")).to_have_value("Samen sterk")
    for wijk in wijken:
        expect(page.get_by_role("checkbox", name=wijk, exact=True)).to_be_checked()
    # Without script too: autofocus, and a link in the summary jumps to its field.
    plain = new_page(viewport=PHONE, java_script_enabled=False)
    plain.goto("/accounts/login/")
    plain.locator("input[name=login]").fill("trekker@example.org")
    plain.locator("main form button[type=submit]").last.click()
    plain.wait_for_load_state()
    assert plain.title().startswith("Fout: ")
    expect(plain.locator("[data-error-summary]")).to_be_focused()
    expect(plain.locator("input[name=login]")).to_have_value("trekker@example.org")
    plain.locator("[data-error-summary] a").first.click()
    assert plain.evaluate("location.hash") == "#id_password"
    axe(page)
    assert_no_sideways_scroll(page)


def test_wide_screen_shows_menu_and_filters_without_the_disclosure_buttons(new_page, axe):
    page = new_page(viewport={"width": 1280, "height": 900})
    page.goto("/deals/")
    axe(page)
    expect(page.locator(".reisgids-menu > summary")).to_be_hidden()
    expect(page.locator(".reisgids-nav__list")).to_be_visible()
    expect(page.locator(".reisgids-filters-disclosure > summary")).to_be_hidden()
    expect(page.locator("form.reisgids-filters")).to_be_visible()
    expect(page.get_by_role("link", name="Deals", exact=True)).to_be_visible()
