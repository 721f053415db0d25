"""The address decides the language: Dutch at the root, English under /en/; no cookie, no
redirect on Accept-Language, and every page names its other-language twin."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from reisgids import languages

pytestmark = pytest.mark.django_db


def test_dutch_at_the_root_even_when_the_browser_prefers_english(client):
    response = client.get("/deals/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200  # no redirect
    assert response.headers["Content-Language"] == "nl"
    assert '<html lang="nl"' in response.content.decode()


def test_english_under_en(client):
    response = client.get("/en/deals/", HTTP_ACCEPT_LANGUAGE="nl")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "en"
    html = response.content.decode()
    assert '<html lang="en"' in html and "Skip to content" in html


def test_a_language_cookie_changes_nothing(client):
    client.cookies["django_language"] = "en"
    assert client.get("/deals/").headers["Content-Language"] == "nl"
    client.cookies["django_language"] = "xx"
    assert client.get("/").headers["Content-Language"] == "nl"


def test_no_language_cookie_is_set(client):
    for path in ["/", "/en/", "/deals/", "/en/deals/"]:
        assert "django_language" not in client.get(path).cookies


def test_the_other_language_is_not_a_redirect_and_nl_is_not_a_prefix(client):
    assert client.get("/en/partijen/").status_code == 200
    assert client.get("/nl/partijen/").status_code == 404


def test_reverse_follows_the_active_language():
    with translation.override("en"):
        assert reverse("deals:list") == "/en/deals/"
        assert reverse("home") == "/en/"
    with translation.override("nl"):
        assert reverse("deals:list") == "/deals/"
        assert reverse("home") == "/"


def test_admin_api_and_sitemap_have_one_address():
    with translation.override("en"):
        assert reverse("sitemap") == "/sitemap.xml"
        assert reverse("hsds_meta") == "/api/hsds/"
    assert languages.alternates("/beheer/") == []
    assert languages.alternates("/api/hsds/organizations/") == []
    assert languages.alternates("/sitemap.xml") == []


@pytest.mark.parametrize(
    ("path", "dutch", "english"),
    [
        ("/", "/", "/en/"),
        ("/en/", "/", "/en/"),
        ("/en", "/", "/en/"),
        ("/deals/", "/deals/", "/en/deals/"),
        ("/en/nieuws/een-bericht/", "/nieuws/een-bericht/", "/en/nieuws/een-bericht/"),
        ("/entree/", "/entree/", "/en/entree/"),  # starts with "en", is no prefix
    ],
)
def test_paths_in_each_language(path, dutch, english):
    assert languages.path_in(path, "nl") == dutch
    assert languages.path_in(path, "en") == english


def test_the_switch_links_to_the_same_page_in_the_other_language_with_its_query(client):
    html = client.get("/deals/?status=lopend").content.decode()
    assert re.search(r'<a [^>]*href="/en/deals/\?status=lopend" hreflang="en" lang="en">', html)
    assert ">English</a>" in html and ">Nederlands</a>" not in html
    html = client.get("/en/deals/").content.decode()
    assert re.search(r'<a [^>]*href="/deals/" hreflang="nl" lang="nl">', html)
    assert ">Nederlands</a>" in html


@pytest.mark.parametrize("path", ["/partijen/", "/en/partijen/"])
def test_hreflang_alternates_in_the_head(client, settings, path):
    html = client.get(path).content.decode()
    head = html.split("</head>", 1)[0]
    site = settings.SITE_URL
    assert f'<link rel="alternate" hreflang="nl" href="{site}/partijen/">' in head
    assert f'<link rel="alternate" hreflang="en" href="{site}/en/partijen/">' in head
    assert f'<link rel="alternate" hreflang="x-default" href="{site}/partijen/">' in head


def test_links_of_the_layout_stay_in_the_language(client):
    html = client.get("/en/deals/").content.decode()
    nav = html.split('<nav class="reisgids-nav"', 1)[1].split("</nav>", 1)[0]
    # every link but the language switch (on a phone it sits in the menu bar), which leads to Dutch
    hrefs = re.findall(r'<a (?![^>]*hreflang)[^>]*href="([^"]+)"', nav)
    assert hrefs and all(href.startswith("/en/") for href in hrefs), hrefs
    assert re.findall(r'<a [^>]*href="([^"]+)" hreflang="nl"', nav) == ["/deals/"]
    assert 'href="/en/deals/" aria-current="page"' in nav
    assert 'action="/en/zoeken/"' in html
