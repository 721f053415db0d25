"""Issue 16's bars in a real Chromium on a 320 × 640 phone, on the pages the language crawl reaches
(``test_crawl_languages.crawl``: every link followed in its own language from ``/`` and ``/en/``),
signed out and signed in as a partner (the starts of ``test_crawl_languages_signed_in``, in both
languages): axe-core (WCAG 2.1 A/AA) finds no violation and the page does not scroll sideways.

The Django test client finds the pages; the browser opens one page per address pattern, language and
state (one deal page stands for all deal pages: the same template on the same kind of data), so the
run stays within minutes. ``test_crawl_languages`` checks the ``lang="nl"`` marking on every page."""

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.urls import resolve
from django.utils import translation

from reisgids import languages
from tests.test_crawl_languages import crawl, network  # noqa: F401 - the fixture
from tests.test_crawl_languages_signed_in import partner  # noqa: F401 - the fixture

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser, pytest.mark.timeout(1200)]

PHONE = {"width": 320, "height": 640}


def pattern_of(path):
    """One key per kind of page: the route of a Django view; for a Wagtail page its section and
    depth (``/nieuws/<slug>/``); in its language."""
    language = "en" if path.startswith("/en/") else "nl"
    dutch = languages.path_in(path, "nl")
    with translation.override("nl"):  # the English address resolves only with English active
        match = resolve(dutch)
    if match.url_name == "wagtail_serve":
        parts = [part for part in dutch.split("/") if part]
        return language, "wagtail", tuple(parts[:1]), len(parts)
    return language, match.route


def representatives(paths):
    """The first path (in crawl order) of every kind of page."""
    chosen = {}
    for path in paths:
        chosen.setdefault(pattern_of(path), path)
    return sorted(chosen.values())


def sign_in(page, live_server, user, settings):
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "url": live_server.url}]
    )


def check_every_page(page, paths):
    """[(path, problem)] for every page with an axe violation or sideways scrolling at 320 px."""
    from tests.browser import assert_accessible

    problems = []
    for path in paths:
        response = page.goto(path)
        if response.status != 200:
            problems.append((path, f"HTTP {response.status}"))
            continue
        width, inner = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
        if width > inner:
            problems.append((path, f"{width} px wide in a {inner} px window"))
        try:
            assert_accessible(page)
        except AssertionError as error:
            problems.append((path, str(error)))
    return problems


def test_every_page_signed_out_is_accessible_and_fits_a_phone(client, network, new_page):  # noqa: F811
    paths = list(crawl(client, "/")) + list(crawl(client, "/en/"))
    chosen = representatives(paths)
    print(f"signed out: {len(paths)} pages, {len(chosen)} kinds")  # noqa: T201 - with pytest -s
    assert len(chosen) >= 30, chosen
    assert check_every_page(new_page(viewport=PHONE), chosen) == []


# One test per language (the crawl follows links in its own language), so the two halves of the longest
# browser test can run on both of make test's workers.
@pytest.mark.parametrize("language", ["en", "nl"])
def test_every_page_of_a_signed_in_partner_is_accessible_and_fits_a_phone(
    client,
    partner,  # noqa: F811
    new_page,
    live_server,
    settings,
    language,
):
    user, starts = partner
    client.force_login(user)
    paths = []
    for start in starts:
        for path in crawl(client, languages.path_in(start, language)):
            if path not in paths:
                paths.append(path)
    chosen = representatives(paths)
    print(f"signed in ({language}): {len(paths)} pages, {len(chosen)} kinds")  # noqa: T201 - with pytest -s
    assert {pattern[0] for pattern in map(pattern_of, chosen)} == {language}
    assert len(chosen) >= 30, chosen
    page = new_page(viewport=PHONE)
    sign_in(page, live_server, user, settings)
    assert check_every_page(page, chosen) == []
