"""``/over/`` and ``/wat-betekent/`` (issue 16) are found like every other page: in the sitemap in
both languages with their ``hreflang`` alternates, and in the site search in the active language.
They are views, not rows: registered by the kernel (``reisgids.discovery``) as a ``ViewSitemap`` and
a ``TextType``, without an edit in the portal's search or sitemap."""

import xml.etree.ElementTree as ET

import pytest
from django.conf import settings
from django.utils import translation

from reisgids import registries
from sitesearch.selectors import site_search

pytestmark = pytest.mark.django_db

SM = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
XHTML_LINK = "{http://www.w3.org/1999/xhtml}link"


def test_the_sitemap_lists_about_and_glossary_in_both_languages(client):
    index = ET.fromstring(client.get("/sitemap.xml").content)
    sections = [loc.text for loc in index.findall("sm:sitemap/sm:loc", SM)]
    section = next(loc for loc in sections if "orientation" in loc)
    urlset = ET.fromstring(client.get(section.removeprefix(settings.SITE_URL)).content)
    entries = {url.find("sm:loc", SM).text: url for url in urlset.findall("sm:url", SM)}
    site = settings.SITE_URL
    for path in ("/over/", "/wat-betekent/"):
        dutch, english = site + path, f"{site}/en{path}"
        assert dutch in entries and english in entries, sorted(entries)
        for entry in (entries[dutch], entries[english]):
            links = {link.get("hreflang"): link.get("href") for link in entry.findall(XHTML_LINK)}
            assert links == {"nl": dutch, "en": english, "x-default": dutch}
    assert len(entries) == 4


def titles(result, key):
    group = next((group for group in result.groups if group.key == key), None)
    return [hit.title for hit in group.hits] if group else []


def test_the_search_finds_the_glossary_and_the_about_page_in_dutch():
    with translation.override("nl"):
        result = site_search("inbreng")
        assert "Wat betekent…?" in titles(result, "uitleg")
        hit = next(hit for group in result.groups if group.key == "uitleg" for hit in group.hits)
        assert "<mark>" in hit.snippet
        assert "Over dit platform" in titles(site_search("beheert dit platform"), "uitleg")
        assert titles(site_search("xyzzy-bestaat-niet"), "uitleg") == []


def test_the_search_finds_them_in_english_under_en(client):
    with translation.override("en"):
        assert "What does it mean?" in titles(site_search("contribution"), "uitleg")
        assert "About this platform" in titles(site_search("runs this platform"), "uitleg")
    page = client.get("/en/zoeken/?q=contribution").content.decode()
    assert 'href="/en/wat-betekent/"' in page
    page = client.get("/zoeken/?q=inbreng").content.decode()
    assert 'href="/wat-betekent/"' in page


def test_the_facet_of_the_type_pages_its_hits():
    with translation.override("nl"):
        result = site_search("inbreng", type_key="uitleg")
        assert result.active is not None and result.active.count >= 1
        assert registries.search_type("uitleg") is not None
