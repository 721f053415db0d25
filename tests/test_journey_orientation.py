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


def test_newcomer_follows_the_cycle_to_the_deals_register_in_dutch_and_in_english(new_page, axe):
    """Journey 1's path through the cycle: from the home page to the deals register and to the
    glossary; then the same under /en/, where a deal (written in Dutch) and a news item without an
    English version are shown marked lang="nl", the news item with a notice."""
    from atlas.demo import seed_english_pages
    from atlas.tests.factories import news_page

    DealFactory(title="Respijt voor mantelzorgers", running=True)
    news_page(title="Bericht uit de wijk", slug="bericht-uit-de-wijk")
    seed_english_pages()
    page = new_page(viewport=DESKTOP)

    page.goto("/")
    page.locator(".reisgids-cycle__title a", has_text="Deals").click()
    page.wait_for_url("**/deals/")
    expect(page.locator("h1")).to_have_text("Zorg- en welzijnsdeals")
    expect(page.locator("main")).to_contain_text("Respijt voor mantelzorgers")
    axe(page)

    page.goto("/en/")
    assert page.locator("html").get_attribute("lang") == "en"
    expect(page.locator("h1")).to_have_text("Working together on care and welfare in Rotterdam")
    axe(page)
    page.locator(".reisgids-cycle__title a", has_text="Deals").click()
    page.wait_for_url("**/en/deals/")
    expect(page.locator("h1")).to_have_text("Care and welfare deals")
    deal = page.locator("main [lang=nl]", has_text="Respijt voor mantelzorgers")
    expect(deal.first).to_be_visible()
    axe(page)

    page.goto("/en/")
    page.get_by_role("link", name="What do these words mean?").click()
    page.wait_for_url("**/en/wat-betekent/")
    expect(page.locator("h1")).to_have_text("What does it mean?")
    axe(page)

    page.goto("/en/nieuws/bericht-uit-de-wijk/")
    expect(page.locator("main")).to_contain_text("This page has no English version yet")
    expect(page.locator("h1")).to_have_attribute("lang", "nl")
    axe(page)


def test_journey_4_a_contentbeheerder_translates_a_news_item_in_beheer(new_page, axe):
    """A contentbeheerder (with two-step verification) asks for the English version of a news item in
    /beheer/ ("Translate", Wagtail's simple_translation), writes its English title and publishes it;
    /en/ then shows it in English, without the notice, and the Dutch page is unchanged."""
    from atlas.demo import seed_english_pages
    from atlas.models import NewsPage
    from atlas.tests.factories import news_page
    from reisgids.tests.factories import PASSWORD
    from tests.test_journey_atlas import contentbeheerder_with_totp
    from tests.totp import current_code

    seed_english_pages()
    news = news_page(title="Bericht uit de wijk", slug="bericht-uit-de-wijk")
    user, secret = contentbeheerder_with_totp()
    page = new_page(viewport=DESKTOP)

    page.goto(f"/beheer/translation/submit/page/{news.pk}/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/accounts/2fa/authenticate/")
    page.locator("#id_code").fill(current_code(secret))
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"**/beheer/translation/submit/page/{news.pk}/")
    axe(page, exclude=[".messages"])
    page.locator("input[name=locales]").first.check()
    page.locator("main form [type=submit]").first.click()
    page.wait_for_url("**/beheer/pages/*/edit/")
    translation = NewsPage.objects.get(locale__language_code="en", translation_key=news.translation_key)
    assert f"/beheer/pages/{translation.pk}/edit/" in page.url
    axe(page, exclude=[".messages"])
    page.locator("#id_title").fill("News from the neighbourhood")
    page.locator("footer .w-dropdown-button .w-dropdown__toggle").first.click()
    page.locator("button[name=action-publish]").click()
    page.wait_for_url(f"**/beheer/pages/{translation.get_parent().pk}/")
    axe(page, exclude=[".messages"])
    # The English version keeps the Dutch address under /en/ (the language switch and hreflang pair
    # the two by path): the editor's title must not rename its slug.
    translation.refresh_from_db()
    assert translation.slug == news.slug, translation.slug

    page.goto("/en/nieuws/bericht-uit-de-wijk/")
    expect(page.locator("h1")).to_have_text("News from the neighbourhood")
    assert page.locator("h1").get_attribute("lang") is None
    expect(page.locator("main")).not_to_contain_text("no English version yet")
    axe(page)
    page.goto("/en/nieuws/")
    expect(page.locator("main")).to_contain_text("News from the neighbourhood")
    axe(page)
    page.goto("/nieuws/bericht-uit-de-wijk/")
    expect(page.locator("h1")).to_have_text("Bericht uit de wijk")
