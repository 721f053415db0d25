"""Browser journeys of the atlas, in Chromium with axe-core on every page visited:
1. a contentbeheerder with two-step verification publishes a news item in /beheer/; it appears on
   the home page, on /nieuws/ and in the news feed;
4. a visitor filters /lessen/ by thema "mantelzorg", kind "systeem" and a wijk, and opens a lesson."""

import re

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Permission
from playwright.sync_api import expect

from atlas.models import LessonPage, NewsIndexPage, NewsPage
from atlas.permissions import grant_content_editors
from atlas.tests.factories import lesson_page
from reisgids.tests.factories import (
    PASSWORD,
    AreaFactory,
    NeighbourhoodFactory,
    OrganisationFactory,
    ThemeFactory,
    UserFactory,
)
from tests.totp import current_code

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def contentbeheerder_with_totp():
    """A contentbeheerder; the flush of transactional tests removed the group's permissions, so
    they are granted again as migrations reisgids.0003 and atlas.0004 do."""
    group = grant_content_editors()
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    user = UserFactory(verified=True)
    user.groups.add(group)
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return user, secret


def test_journey_1_contentbeheerder_publishes_news_that_appears_on_home_index_and_feed(page, axe):
    mantelzorg = ThemeFactory(name="Mantelzorg", slug="mantelzorg")
    user, secret = contentbeheerder_with_totp()
    index = NewsIndexPage.objects.get()

    page.goto(f"/beheer/pages/add/atlas/newspage/{index.pk}/")
    assert "/accounts/login/" in page.url
    axe(page)
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/accounts/2fa/authenticate/")
    axe(page)
    page.locator("#id_code").fill(current_code(secret))
    page.get_by_role("button", name="Inloggen").click()

    page.wait_for_url(f"**/beheer/pages/add/atlas/newspage/{index.pk}/")
    axe(page, exclude=[".messages"])
    page.locator("#id_title").fill("Respijtzorg in Delfshaven van start")
    page.locator("#id_date").fill("2026-11-20")
    page.locator("#id_intro").fill("Mantelzorgers in Delfshaven kunnen vanaf nu een weekend op adem komen.")
    page.get_by_label("Mantelzorg").check()
    page.locator("footer .w-dropdown-button .w-dropdown__toggle").first.click()
    page.locator("button[name=action-publish]").click()
    page.wait_for_url(f"**/beheer/pages/{index.pk}/")
    expect(page.locator(".messages")).to_contain_text("Respijtzorg in Delfshaven van start")
    axe(page, exclude=[".messages"])

    news = NewsPage.objects.get(title="Respijtzorg in Delfshaven van start")
    assert news.live and list(news.themes.all()) == [mantelzorg]

    page.goto("/")
    axe(page)
    home_news = page.get_by_role("region", name="Laatste nieuws")
    home_news.get_by_role("link", name="Respijtzorg in Delfshaven van start").click()
    page.wait_for_url(f"**{news.url}")
    axe(page)
    assert page.locator("h1").inner_text() == "Respijtzorg in Delfshaven van start"

    page.goto("/nieuws/?theme=mantelzorg")
    axe(page)
    expect(page.locator(".reisgids-results")).to_contain_text("Respijtzorg in Delfshaven van start")
    expect(page.locator(".reisgids-active-filters")).to_contain_text("Thema: Mantelzorg")

    feed = page.request.get("/nieuws/feed/")
    assert feed.ok and "Respijtzorg in Delfshaven van start" in feed.text()


def test_journey_4_visitor_filters_lessons_by_theme_kind_and_wijk_and_opens_one(page, axe):
    mantelzorg = ThemeFactory(name="Mantelzorg", slug="mantelzorg")
    delfshaven = AreaFactory(name="Delfshaven", slug="delfshaven")
    bospolder = NeighbourhoodFactory(name="Bospolder", slug="bospolder", area=delfshaven)
    NeighbourhoodFactory(name="Spangen", slug="spangen", area=delfshaven)
    logeerhuis = OrganisationFactory(name="Logeerhuis De Buren", slug="logeerhuis-de-buren")
    lesson_page(
        title="Werk met kleine percelen",
        kind=LessonPage.Kind.SYSTEM,
        themes=[mantelzorg],
        neighbourhoods=[bospolder],
        organisations=[logeerhuis],
        partner_kinds=["initiatief", "gemeente"],
        principles=["elk-initiatief-heeft-waarde"],
        intro="Kleine initiatieven passen niet in grote aanbestedingen.",
    )
    lesson_page(title="Geldt voor heel Delfshaven", kind="systeem", themes=[mantelzorg], areas=[delfshaven])
    lesson_page(title="Een les over samenwerken", kind="samenwerking", themes=[mantelzorg])
    lesson_page(title="Systeemles zonder mantelzorg", kind="systeem", neighbourhoods=[bospolder])

    page.goto("/lessen/")
    axe(page)
    expect(page.locator(".reisgids-results__count")).to_have_text("4 lessen gevonden")
    page.get_by_label("Thema", exact=True).select_option(label="Mantelzorg")
    page.get_by_label("Soort les", exact=True).select_option(label="Systeem")
    page.get_by_label("Wijk", exact=True).select_option(label="Bospolder")
    page.locator("form.reisgids-filters button[type=submit]").click()
    page.wait_for_url(re.compile(r".*/lessen/\?.*neighbourhood=bospolder.*"))
    axe(page)
    assert "theme=mantelzorg" in page.url and "kind=systeem" in page.url
    # A wijk shows the lessons of that wijk and of its whole gebied.
    expect(page.locator(".reisgids-results__count")).to_have_text("2 lessen gevonden")
    results = page.locator(".reisgids-results")
    expect(results).to_contain_text("Werk met kleine percelen")
    expect(results).to_contain_text("Geldt voor heel Delfshaven")
    expect(results).not_to_contain_text("Een les over samenwerken")
    expect(results).not_to_contain_text("Systeemles zonder mantelzorg")
    active = page.locator(".reisgids-active-filters")
    expect(active).to_contain_text("Thema: Mantelzorg")
    expect(active).to_contain_text("Wijk: Bospolder")

    page.get_by_role("link", name="Werk met kleine percelen").click()
    page.wait_for_url("**/lessen/*/")
    axe(page)
    assert page.locator("h1").inner_text() == "Werk met kleine percelen"
    expect(page.locator("main")).to_contain_text("Kleine initiatieven passen niet in grote aanbestedingen.")
    expect(page.get_by_role("link", name="Logeerhuis De Buren", exact=True)).to_have_attribute(
        "href", "/partijen/logeerhuis-de-buren/"
    )
    # Every facet links back to the index filtered on it.
    page.get_by_role("link", name="Elk initiatief heeft waarde").click()
    page.wait_for_url("**/lessen/?principle=elk-initiatief-heeft-waarde")
    axe(page)
    expect(page.locator(".reisgids-results__count")).to_have_text("1 les gevonden")
