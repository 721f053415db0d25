"""Every public page in a real Chromium, at desktop width and at 320 px: no WCAG 2.1 A/AA violation
(axe-core), no horizontal scrolling on a phone, a working skip link and language switch.

New public pages: add a line to PAGES (one test visits them all, at both widths)."""

import pytest

from reisgids.models import Area, Neighbourhood, Organisation
from reisgids.tests.factories import (
    ContactPointFactory,
    InstrumentFactory,
    OrganisationFactory,
    ThemeFactory,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 320, "height": 640}

# (name, path or function of the test data returning a path, expected HTTP status)
PAGES = [
    ("home", "/", 200),
    ("organisation list", "/partijen/", 200),
    ("organisation list, filtered", "/partijen/?q=zorg", 200),
    ("organisation detail", lambda data: data["organisation"].get_absolute_url(), 200),
    ("contact points", "/aanspreekpunten/", 200),
    ("instrument list", "/instrumenten/", 200),
    ("instrument detail", lambda data: data["instrument"].get_absolute_url(), 200),
    ("accessibility statement", "/toegankelijkheid/", 200),
    ("privacy statement", "/privacy/", 200),
    ("about this platform", "/over/", 200),
    ("glossary", "/wat-betekent/", 200),
    ("login", "/accounts/login/", 200),
    ("signup", "/accounts/signup/", 200),
    ("password reset", "/accounts/password/reset/", 200),
    ("page not found", "/deze-pagina-bestaat-niet/", 404),
]


@pytest.fixture
def site_data():
    """A small but realistic network, with the long Dutch words and addresses that break layouts."""
    area = Area.objects.get(slug="feijenoord") if Area.objects.filter(slug="feijenoord").exists() else None
    area = area or Area.objects.first()
    neighbourhood = Neighbourhood.objects.filter(area=area).first()
    themes = [
        ThemeFactory(name="Ouderen en langer thuis wonen", deals_welcome=True),
        ThemeFactory(name="Mantelzorgondersteuning"),
        ThemeFactory(name="Armoede en schulden"),
    ]
    organisation = OrganisationFactory(
        name="Stichting Buurtzorgcoöperatie Hillesluis-Bloemhof en Omstreken",
        summary="Bewoners helpen bewoners: boodschappen, een kop koffie en hulp bij formulieren.",
        description=(
            "Wij zijn een bewonersinitiatief uit Feijenoord. Vrijwilligers bezoeken ouderen die alleen "
            "wonen, helpen met de administratie en organiseren elke woensdag een buurtmaaltijd.\n\n"
            "Meedoen? Mail ons via het adres hieronder."
        ),
        website="https://www.buurtzorgcooperatie-hillesluis-bloemhof-en-omstreken.example.nl/over-ons/",
        areas=[area] if area else [],
        neighbourhoods=[neighbourhood] if neighbourhood else [],
        themes=themes,
        with_public_contact=True,
    )
    for index in range(6):
        OrganisationFactory(
            name=f"Zorgaanbieder Rotterdam {index}",
            kind=Organisation.Kind.ZORGAANBIEDER,
            themes=themes[index % 3 : index % 3 + 1],
        )
    department = OrganisationFactory(name="Cluster Maatschappelijke Ontwikkeling", gemeente=True)
    ContactPointFactory(
        organisation=department,
        name="Fatima el Amrani",
        function="Wijkregisseur Feijenoord",
        approach_for="Vragen over zorg en welzijn in de wijk en over subsidies voor bewonersinitiatieven.",
        email="fatima.elamrani.wijkregisseur.feijenoord@rotterdam.example.nl",
        themes=themes[:2],
        areas=[area] if area else [],
    )
    ContactPointFactory(organisation=department, name="Jan de Vries", themes=themes[2:])
    instrument = InstrumentFactory(
        name="Bewonersinitiatief Opzoomeren en Buurtbudgetten",
        owner=department,
        summary="Tot € 5.000 voor een goed idee van bewoners voor hun straat of wijk.",
        amount="tot € 5.000",
        deadlines="Het hele jaar door aanvragen",
        url="https://www.rotterdam.example.nl/bewonersinitiatief-aanvragen/",
        offers_knowledge=True,
        themes=themes,
    )
    InstrumentFactory(name="Right to Challenge", owner=department, offers_procedure=True, themes=themes[:1])
    return {"organisation": organisation, "instrument": instrument}


def _path(path, data):
    return path(data) if callable(path) else path


def page_problems(page, name, path, status):
    """What is wrong with one public page as shown: [] when nothing."""
    from tests.browser import assert_accessible

    response = page.goto(path)
    if response.status != status:
        return [f"{name}: HTTP {response.status}"]
    problems = []
    if page.locator("html").get_attribute("lang") != "nl":
        problems.append(f"{name}: not lang=nl")
    if "rotterdam-theme" not in page.locator("html").get_attribute("class"):
        problems.append(f"{name}: no rotterdam-theme")
    if page.locator("h1").count() != 1:
        problems.append(f"{name}: a page has exactly one h1, this one {page.locator('h1').count()}")
    if page.locator("main#main").count() != 1:
        problems.append(f"{name}: no main#main")
    try:
        assert_accessible(page)
    except AssertionError as error:
        problems.append(f"{name}: {error}")
    width, inner = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    if width > inner:
        problems.append(f"{name}: {width} px wide in a {inner} px window, scrolls sideways")
    return problems


def test_every_public_page_is_accessible_at_desktop_width_and_on_a_phone(new_page, site_data):
    """Every page of PAGES at 1280 and at 320 px, in one browser and on one set of test data (a
    test per page and width spent most of its time setting up and clearing the database)."""
    problems = []
    for viewport in (DESKTOP, PHONE):
        page = new_page(viewport=viewport)
        for name, path, status in PAGES:
            problems += page_problems(
                page, f"{name} ({viewport['width']} px)", _path(path, site_data), status
            )
    assert problems == []


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "320px"])
def test_skip_link_is_first_and_moves_focus_to_the_content(new_page, axe, site_data, viewport):
    page = new_page(viewport=viewport)
    page.goto("/partijen/")
    skip_link = page.locator(".reisgids-skip-link")
    assert skip_link.bounding_box()["y"] < 0, "hidden until it has focus"

    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert "reisgids-skip-link" in focused
    assert skip_link.inner_text() == "Direct naar de inhoud"
    box = skip_link.bounding_box()
    assert box["y"] >= 0 and box["height"] >= 24, "visible when focused"
    axe(page)

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # The next Tab continues inside the content, not in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)")


def test_focus_is_visible_on_links_and_buttons(page, axe, site_data):
    page.goto("/partijen/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")  # the logo link
    outline = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert outline[0] != "none" and outline[1] >= 2
    axe(page)


def test_language_switch_renders_the_page_in_english_and_back(page, axe, site_data):
    """The switch is a link to the same page under /en/ (and back); no cookie is set."""
    page.goto("/partijen/")
    assert page.locator("h1").inner_text() == "Partijen"
    switch = page.get_by_role("link", name="English")
    assert switch.get_attribute("lang") == "en" and switch.get_attribute("hreflang") == "en"

    switch.click()
    page.wait_for_load_state()
    assert page.url.endswith("/en/partijen/"), "the same page in English"
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Parties"
    assert page.get_by_role("navigation", name="Main navigation").is_visible()
    axe(page)

    # the navigation stays in English, and so does every page it leads to
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Deals").click()
    page.wait_for_load_state()
    assert page.url.endswith("/en/deals/") and page.locator("html").get_attribute("lang") == "en"
    axe(page)
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="News").click()
    page.wait_for_load_state()
    assert page.url.endswith("/en/nieuws/") and page.locator("html").get_attribute("lang") == "en"
    axe(page)

    back = page.get_by_role("link", name="Nederlands")
    assert back.get_attribute("lang") == "nl"
    back.click()
    page.wait_for_load_state()
    assert page.url.endswith("/nieuws/") and "/en/" not in page.url
    assert page.locator("html").get_attribute("lang") == "nl"
    axe(page)
    assert not [c for c in page.context.cookies() if c["name"] == "django_language"]


def test_current_section_is_marked_in_the_navigation(page, axe, site_data):
    page.goto(site_data["organisation"].get_absolute_url())
    nav = page.get_by_role("navigation", name="Hoofdmenu")
    current = nav.locator("[aria-current=page]")
    assert current.count() == 1
    assert current.inner_text() == "Partijen"
    axe(page)


def test_server_error_page_is_styled_and_accessible(page, axe, live_server):
    """500.html renders without context processors; in the browser it still has the house style."""
    from django.test import RequestFactory
    from django.utils import translation
    from django.views.defaults import server_error

    with translation.override("nl"):
        html = server_error(RequestFactory().get("/")).content.decode()
    page.route(f"{live_server.url}/__error__/", lambda route: route.fulfill(status=500, body=html))
    page.goto("/__error__/")
    assert page.locator("h1").inner_text() == "Er ging iets mis"
    background = page.evaluate("getComputedStyle(document.querySelector('.reisgids-footer')).backgroundColor")
    assert background == "rgb(0, 96, 46)", "the stylesheet loaded"
    axe(page)
