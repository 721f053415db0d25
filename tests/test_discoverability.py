"""Discoverability: the head tags of every page (description, canonical, Open Graph, Twitter), the
navigation and the header search form, /robots.txt, /sitemap.xml and the section feeds."""

import re
import xml.etree.ElementTree as ET
from html import unescape

import pytest
from django.conf import settings
from django.db import connection
from django.template import engines
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from wagtail.models import Page, Site

from atlas.feeds import PageFeed, atom
from deals.tests.factories import DealFactory
from marktplaats.tests.factories import ListingFactory
from reisgids import registries
from reisgids.registries import alternate_links
from reisgids.tests.factories import InstrumentFactory, OrganisationFactory

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def meta(html, attribute, key):
    match = re.search(rf'<meta {attribute}="{re.escape(key)}" content="([^"]*)">', html)
    assert match, f"no {key} in the head"
    return unescape(match.group(1))


def head(html):
    return html.split("</head>", 1)[0]


def render_base(path, **context):
    """base.html as a Wagtail page template renders it: ``page`` in the context."""
    request = RequestFactory().get(path)
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    template = engines["django"].from_string('{% extends "base.html" %}')
    with translation.override("nl"):
        return template.render({"request": request, **context}, request)


def home_page():
    return Site.objects.get(is_default_site=True).root_page.specific


# --- head tags ------------------------------------------------------------------------------------
def test_django_page_has_description_canonical_and_open_graph(client):
    organisation = OrganisationFactory(
        name="Logeerhuis De Buren", summary="Logeren voor wie even niet thuis kan."
    )
    html = head(client.get(organisation.get_absolute_url() + "?x=1").content.decode())
    url = f"{settings.SITE_URL}{organisation.get_absolute_url()}"
    assert "<title>Logeerhuis De Buren | Reisgids zorg en welzijn</title>" in html
    assert meta(html, "name", "description") == "Logeren voor wie even niet thuis kan."
    assert f'<link rel="canonical" href="{url}">' in html, "absolute, without the query string"
    assert meta(html, "property", "og:title") == "Logeerhuis De Buren"
    assert meta(html, "property", "og:description") == "Logeren voor wie even niet thuis kan."
    assert meta(html, "property", "og:type") == "website"
    assert meta(html, "property", "og:url") == url
    assert meta(html, "property", "og:site_name") == "Reisgids zorg en welzijn"
    assert meta(html, "property", "og:locale") == "nl_NL"
    assert meta(html, "name", "twitter:card") == "summary_large_image"  # the default image is 1200 x 630
    assert meta(html, "property", "og:image").startswith(f"{settings.SITE_URL}/static/img/og-default")
    assert html.count('name="description"') == 1


def test_list_page_without_its_own_description_gets_the_sites(client):
    html = head(client.get("/partijen/").content.decode())
    assert meta(html, "property", "og:title") == "Partijen"
    assert meta(html, "name", "description").startswith("De reisgids voor zorg en welzijn in Rotterdam")
    assert meta(html, "property", "og:description") == meta(html, "name", "description")


def test_titles_with_markup_characters_are_escaped_once(client):
    organisation = OrganisationFactory(name='Zorg & "Welzijn" <Noord>', summary="Een & ander")
    html = head(client.get(organisation.get_absolute_url()).content.decode())
    assert "<title>Zorg &amp; &quot;Welzijn&quot; &lt;Noord&gt; | " in html
    assert 'content="Zorg &amp; &quot;Welzijn&quot; &lt;Noord&gt;"' in html
    assert meta(html, "property", "og:title") == 'Zorg & "Welzijn" <Noord>'
    assert meta(html, "property", "og:description") == "Een & ander"
    assert "&amp;amp;" not in html


def test_wagtail_page_takes_search_description_or_intro():
    home = home_page()
    home.intro = "Wat de reisgids is, in een alinea."
    html = head(render_base("/", page=home, self=home))
    assert meta(html, "property", "og:title") == home.title
    assert meta(html, "name", "description") == "Wat de reisgids is, in een alinea."
    assert meta(html, "property", "og:type") == "website"
    assert meta(html, "property", "og:url") == f"{settings.SITE_URL}/"
    home.search_description = "Zoekmachinetekst."
    home.seo_title = "Reisgids: samen aan zorg en welzijn"
    html = head(render_base("/", page=home, self=home))
    assert meta(html, "name", "description") == "Zoekmachinetekst."
    assert "<title>Reisgids: samen aan zorg en welzijn | Reisgids zorg en welzijn</title>" in html


def test_wagtail_page_below_a_section_is_an_article():
    home = home_page()
    child = home.add_child(instance=Page(title="Een bericht", slug="een-bericht"))
    html = head(render_base("/een-bericht/x/", page=Page.objects.get(pk=child.pk)))
    assert meta(html, "property", "og:type") == "website"  # depth 3: a section index
    grandchild = child.add_child(instance=Page(title="Nog een", slug="nog-een"))
    html = head(render_base("/een-bericht/nog-een/", page=grandchild))
    assert meta(html, "property", "og:type") == "article"
    assert meta(html, "property", "og:title") == "Nog een"


def test_english_pages_say_so(client):
    html = head(client.get("/en/partijen/").content.decode())
    assert meta(html, "property", "og:locale") == "en_GB"


# --- navigation and search form ---------------------------------------------------------------------
def test_navigation_has_the_atlas_sections_and_marks_the_current_one():
    html = render_base("/lessen/een-les/")
    nav = html.split('<nav class="reisgids-nav"', 1)[1].split("</nav>", 1)[0]
    for href, label in [
        ("/nieuws/", "Nieuws"),
        ("/verhalen/", "Verhalen"),
        ("/lessen/", "Lessen en successen"),
        ("/agenda/", "Agenda"),
    ]:
        assert re.search(rf'<a class="reisgids-nav__link" href="{href}"[^>]*>{label}</a>', nav)
    assert re.findall(r'href="([^"]+)" aria-current="page"', nav) == ["/lessen/"]


def test_header_has_a_labelled_search_form(client):
    html = client.get("/partijen/").content.decode()
    form = re.search(r'<form class="[^"]*reisgids-header-search"[^>]*>(.*?)</form>', html, re.S)
    assert form and 'action="/zoeken/" method="get" role="search"' in form.group(0)
    assert '<label class="reisgids-visually-hidden" for="header-search-q">Zoeken</label>' in form.group(1)
    assert 'id="header-search-q" name="q" type="search"' in form.group(1)
    assert re.search(r'<button [^>]*type="submit">Zoeken</button>', form.group(1))


def test_search_form_keeps_the_query_on_the_search_page():
    html = render_base("/zoeken/?q=mantel%22zorg")
    assert 'value="mantel&quot;zorg"' in html


# --- robots.txt -------------------------------------------------------------------------------------
def test_robots_txt(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for path in ["/beheer/", "/accounts/", "/meldingen/"]:
        assert f"Disallow: {path}" in lines
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in lines


# --- sitemap.xml ------------------------------------------------------------------------------------
def sitemap_locations(client):
    """Every address in the sitemaps that /sitemap.xml (a sitemap index) names."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    index = ET.fromstring(response.content)
    assert index.tag == f"{{{SITEMAP_NS['sm']}}}sitemapindex"
    locations = []
    for sitemap in index.findall("sm:sitemap/sm:loc", SITEMAP_NS):
        assert sitemap.text.startswith(settings.SITE_URL + "/sitemap-")
        section = client.get(sitemap.text.removeprefix(settings.SITE_URL))
        assert section.status_code == 200
        root = ET.fromstring(section.content)
        locations += [loc.text for loc in root.findall("sm:url/sm:loc", SITEMAP_NS)]
        for lastmod in root.findall("sm:url/sm:lastmod", SITEMAP_NS):
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", lastmod.text)
    return locations


def test_sitemap_lists_public_pages_and_objects_only(client):
    site = settings.SITE_URL
    organisation = OrganisationFactory()
    instrument = InstrumentFactory()
    closed_deal = DealFactory(closed=True)
    deal_in_the_making = DealFactory(in_the_making=True)
    private_deal = DealFactory()
    open_listing = ListingFactory()
    hidden_listing = ListingFactory(hidden_at="2026-01-01T10:00:00+01:00")
    filled_listing = ListingFactory(filled=True)
    home = home_page()
    live_child = home.add_child(instance=Page(title="Zichtbaar", slug="zichtbaar"))
    draft_child = home.add_child(instance=Page(title="Concept", slug="concept", live=False))

    locations = sitemap_locations(client)
    assert f"{site}/" in locations
    assert f"{site}{live_child.url}" in locations
    assert f"{site}/concept/" not in locations, draft_child
    assert f"{site}{organisation.get_absolute_url()}" in locations
    assert f"{site}{instrument.get_absolute_url()}" in locations
    assert f"{site}{closed_deal.get_absolute_url()}" in locations
    assert f"{site}{deal_in_the_making.get_absolute_url()}" in locations
    assert f"{site}{private_deal.get_absolute_url()}" not in locations
    assert f"{site}{open_listing.get_absolute_url()}" in locations
    assert f"{site}{hidden_listing.get_absolute_url()}" not in locations
    assert f"{site}{filled_listing.get_absolute_url()}" not in locations
    assert all(location.startswith(site + "/") for location in locations)
    assert len(locations) == len(set(locations))


def test_sitemap_leaves_out_pages_with_a_view_restriction(client):
    from wagtail.models import PageViewRestriction

    child = home_page().add_child(instance=Page(title="Alleen leden", slug="alleen-leden"))
    PageViewRestriction.objects.create(page=child, restriction_type=PageViewRestriction.LOGIN)
    assert f"{settings.SITE_URL}/alleen-leden/" not in sitemap_locations(client)


def test_sitemap_query_count_does_not_grow(client):
    def add(count):
        OrganisationFactory.create_batch(count)
        InstrumentFactory.create_batch(count)
        DealFactory.create_batch(count, closed=True)
        ListingFactory.create_batch(count)

    add(2)
    with CaptureQueriesContext(connection) as before:
        small = len(sitemap_locations(client))
    add(25)
    with CaptureQueriesContext(connection) as after:
        assert len(sitemap_locations(client)) >= small + 100
    assert len(after) == len(before)
    # the index and each section's page: at most four queries per registered section, whatever the data
    assert len(after) <= 4 * len(registries.sitemap_sections())


def test_sitemap_sections_are_paged(client, monkeypatch):
    OrganisationFactory.create_batch(5)
    monkeypatch.setattr(registries.SectionSitemap, "limit", 2)
    index = ET.fromstring(client.get("/sitemap.xml").content)
    locations = [loc.text for loc in index.findall("sm:sitemap/sm:loc", SITEMAP_NS)]
    assert f"{settings.SITE_URL}/sitemap-organisations.xml" in locations
    assert f"{settings.SITE_URL}/sitemap-organisations.xml?p=3" in locations
    pages = [ET.fromstring(client.get(f"/sitemap-organisations.xml?p={page}").content) for page in (1, 2, 3)]
    # each page of the site once per language
    assert [len(page.findall("sm:url", SITEMAP_NS)) for page in pages] == [4, 4, 2]
    assert client.get("/sitemap-organisations.xml?p=4").status_code == 404
    assert client.get("/sitemap-organisations.xml?p=x").status_code == 404
    assert client.get("/sitemap-geheim.xml").status_code == 404


def test_sitemap_names_every_page_in_both_languages(client):
    organisation = OrganisationFactory(slug="buurtkracht")
    urlset = ET.fromstring(client.get("/sitemap-organisations.xml").content)
    site = settings.SITE_URL
    entries = {url.find("sm:loc", SITEMAP_NS).text: url for url in urlset.findall("sm:url", SITEMAP_NS)}
    dutch, english = f"{site}/partijen/{organisation.slug}/", f"{site}/en/partijen/{organisation.slug}/"
    assert dutch in entries and english in entries
    xhtml = "{http://www.w3.org/1999/xhtml}link"
    for entry in (entries[dutch], entries[english]):
        links = {link.get("hreflang"): link.get("href") for link in entry.findall(xhtml)}
        assert links == {"nl": dutch, "en": english, "x-default": dutch}


# --- feeds ------------------------------------------------------------------------------------------
class AllPagesFeed(PageFeed):
    """The base on plain Wagtail pages (no thema's), to test it without a section's page type."""

    model = "wagtailcore.Page"
    section = "/"
    category_field = None
    title = "Alle pagina's"
    description = "Elke pagina van de site."

    def page_queryset(self):
        return super().page_queryset().filter(slug__in=["eerste", "concept"])


def test_page_feed_rss_and_atom():
    home = home_page()
    first = home.add_child(
        instance=Page(
            title="Eerste bericht",
            slug="eerste",
            search_description="Over het begin.",
            first_published_at=timezone.now(),
        )
    )
    home.add_child(instance=Page(title="Concept", slug="concept", live=False))
    request = RequestFactory().get("/feed/")
    rss = ET.fromstring(AllPagesFeed()(request).content)
    items = rss.findall("channel/item")
    assert [item.findtext("title") for item in items] == ["Eerste bericht"]
    assert items[0].findtext("link") == f"{settings.SITE_URL}/eerste/"
    assert items[0].findtext("description") == "Over het begin."
    assert items[0].findtext("pubDate")
    assert rss.findtext("channel/link") == f"{settings.SITE_URL}/"

    response = atom(AllPagesFeed)()(request)
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert feed.findtext("a:subtitle", namespaces=ns) == "Elke pagina van de site."
    entry = feed.find("a:entry", ns)
    assert entry.findtext("a:title", namespaces=ns) == "Eerste bericht"
    assert entry.find("a:link", ns).get("href") == f"{settings.SITE_URL}{first.url}"


def test_alternate_links_in_the_head_of_a_sections_pages(monkeypatch):
    monkeypatch.setattr(registries, "SECTION_FEEDS", {})
    registries.register_section_feed("/proef/", "Proef", rss="/proef/feed/", atom="/proef/atom/")
    links = alternate_links("/proef/een-pagina/")
    assert (
        '<link rel="alternate" type="application/rss+xml" title="Proef (RSS)" href="/proef/feed/">' in links
    )
    assert (
        '<link rel="alternate" type="application/atom+xml" title="Proef (Atom)" href="/proef/atom/">' in links
    )
    assert alternate_links("/partijen/") == ""
    html = head(render_base("/proef/"))
    assert 'href="/proef/feed/"' in html


# --- the news and lessons feeds ---------------------------------------------------------------------
def published(days_ago):
    return timezone.now() - timezone.timedelta(days=days_ago)


def test_news_feed_lists_published_news_newest_first_with_themes(client):
    from atlas.tests.factories import news_page
    from reisgids.tests.factories import ThemeFactory

    care = ThemeFactory(name="Mantelzorg")
    older = news_page(title="Zorgzaam010 bijeenkomst", first_published_at=published(3), themes=[care])
    newer = news_page(
        title="Nieuwe partijen", intro="Drie partijen sloten zich aan.", first_published_at=published(1)
    )
    news_page(title="Nog niet af", live=False)

    root = ET.fromstring(client.get("/nieuws/feed/").content)
    items = root.findall("channel/item")
    assert [item.findtext("title") for item in items] == ["Nieuwe partijen", "Zorgzaam010 bijeenkomst"]
    assert items[0].findtext("description") == "Drie partijen sloten zich aan."
    assert items[0].findtext("link") == f"{settings.SITE_URL}/nieuws/{newer.slug}/"
    assert [c.text for c in items[1].findall("category")] == ["Mantelzorg"]
    assert root.findtext("channel/title") == "Nieuws uit de Reisgids zorg en welzijn"
    assert root.findtext("channel/link") == f"{settings.SITE_URL}/nieuws/"

    response = client.get("/nieuws/atom/")
    assert response["Content-Type"].startswith("application/atom+xml")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = ET.fromstring(response.content).findall("a:entry", ns)
    assert entries[1].find("a:link", ns).get("href") == f"{settings.SITE_URL}/nieuws/{older.slug}/"
    assert entries[1].find("a:category", ns).get("term") == "Mantelzorg"


def test_lesson_feed(client):
    from atlas.tests.factories import lesson_page

    lesson_page(title="Werk met kleine percelen", first_published_at=published(2))
    for path in ["/lessen/feed/", "/lessen/atom/"]:
        response = client.get(path)
        assert response.status_code == 200
        assert "Werk met kleine percelen" in response.content.decode()


def test_section_pages_announce_their_feeds(client):
    from atlas.tests.factories import news_page

    page = news_page(title="Een bericht", first_published_at=published(1))
    for path in ["/nieuws/", page.url]:
        html = head(client.get(path).content.decode())
        assert 'type="application/rss+xml" title="Nieuws uit de Reisgids zorg en welzijn (RSS)"' in html
        assert 'href="/nieuws/atom/"' in html
    assert "application/rss+xml" not in head(client.get("/partijen/").content.decode())


@pytest.mark.parametrize("path", ["/nieuws/feed/", "/lessen/atom/"])
def test_feed_query_count_does_not_grow(client, django_assert_max_num_queries, path):
    from atlas.tests.factories import lesson_page, news_page
    from reisgids.tests.factories import ThemeFactory

    themes = ThemeFactory.create_batch(3)

    def add(count):
        for number in range(count):
            news_page(title=f"Bericht {number}", first_published_at=published(number), themes=themes)
            lesson_page(title=f"Les {number}", first_published_at=published(number), themes=themes)

    add(1)
    with django_assert_max_num_queries(5):
        assert client.get(path).status_code == 200
    add(12)
    with django_assert_max_num_queries(5):
        assert client.get(path).status_code == 200


def test_served_news_page_is_an_article_with_its_intro(client):
    from atlas.tests.factories import news_page

    page = news_page(title="Zorgzaam010 groeit", intro="Twintig nieuwe initiatieven sloten zich aan.")
    html = head(client.get(page.url).content.decode())
    assert "<title>Zorgzaam010 groeit | Reisgids zorg en welzijn</title>" in html
    assert meta(html, "property", "og:title") == "Zorgzaam010 groeit"
    assert meta(html, "name", "description") == "Twintig nieuwe initiatieven sloten zich aan."
    assert meta(html, "property", "og:type") == "article"
    assert meta(html, "property", "og:url") == f"{settings.SITE_URL}{page.url}"
    assert f'<link rel="canonical" href="{settings.SITE_URL}{page.url}">' in html
