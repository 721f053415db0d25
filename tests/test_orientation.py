"""Orientation (issue 16) on the HTML the server sends: the home page says what the platform is and
for whom and shows the cycle with live figures from what each app registered; /over/ and the glossary
/wat-betekent/ with ``{% term %}``; the wijkteam pointer; the accessibility statement's facts from the
environment; feed authors and dates; og:image. The browser journey is test_journey_orientation.py."""

import datetime
import re
from xml.etree import ElementTree

import pytest
from django.template import Context, Template
from django.test import RequestFactory, override_settings

from atlas.tests.factories import news_page
from deals.tests.factories import DealFactory
from reisgids import registries
from residence.tests.factories import ResidencyFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def html_of(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


@pytest.fixture
def registry(monkeypatch):
    """The registries as the apps filled them, restored after the test."""
    monkeypatch.setattr(registries, "CYCLE_STEPS", dict(registries.CYCLE_STEPS))
    monkeypatch.setattr(registries, "GLOSSARY_TERMS", dict(registries.GLOSSARY_TERMS))
    return registries


def test_home_says_what_the_platform_is_and_for_whom(client):
    html = html_of(client, "/")
    assert "<title>Samen werken aan zorg en welzijn in Rotterdam | Reisgids zorg en welzijn</title>" in html
    assert re.search(r"<h1[^>]*>Samen werken aan zorg en welzijn in Rotterdam</h1>", html)
    assert "Voor bewonersinitiatieven, zorg- en welzijnsaanbieders, de gemeente" in html
    assert 'href="/over/"' in html


def test_home_shows_the_cycle_in_order_with_live_figures(client):
    DealFactory.create_batch(2, in_the_making=True)
    DealFactory(running=True)
    ResidencyFactory()  # its deal runs too
    html = html_of(client, "/")
    steps = re.findall(r'reisgids-cycle__title"><a [^>]*href="([^"]+)">([^<]+)</a>', html)
    assert [title for _, title in steps] == ["Deals", "Partner in residence", "Schouw", "Kompas"]
    assert steps[0][0] == "/deals/" and steps[1][0] == "/deals/?residentie=ja" and steps[3][0] == "/kompas/"
    assert "<strong>2</strong> deals in de maak" in html
    assert "<strong>2</strong> deals lopend" in html
    assert "<strong>1</strong> partners in residence aan het werk" in html
    assert "<strong>0</strong> schouwen bezig" in html
    assert "<strong>0</strong> kompas-voorstellen" in html


def test_home_figures_follow_a_new_deal(client):
    """The home page's cached fragment keys on the namespaces of the figures it shows."""
    assert "<strong>0</strong> deals in de maak" in html_of(client, "/")
    DealFactory(in_the_making=True)
    assert "<strong>1</strong> deals in de maak" in html_of(client, "/")


def test_a_new_app_plugs_a_step_into_the_cycle_by_registering(client, registry):
    registry.register_cycle_step(
        "buurtkas",
        step=2,
        title="Buurtkas",
        description="Een kas voor de buurt.",
        url=lambda: "/buurtkas/",
        figures=lambda: [("kassen", 7)],
        order=200,
    )
    html = html_of(client, "/")
    titles = re.findall(r'reisgids-cycle__title"><a [^>]*>([^<]+)</a>', html)
    assert titles == ["Deals", "Partner in residence", "Buurtkas", "Schouw", "Kompas"]
    assert '<a class="utrecht-link" href="/buurtkas/">Buurtkas</a>' in html
    assert "<strong>7</strong> kassen" in html


def test_home_runs_a_fixed_number_of_queries(client):
    """The figures are one query per step, whatever the number of deals."""

    def cost():
        from django.core.cache import cache
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/").status_code == 200
        return len(queries)

    DealFactory(in_the_making=True)
    DealFactory(running=True)  # the newly closed deals' block prefetches their partners once there are any
    small = cost()
    DealFactory.create_batch(5, in_the_making=True)
    DealFactory.create_batch(5, running=True)
    assert cost() == small


def test_glossary_lists_what_every_app_registered(client):
    html = html_of(client, "/wat-betekent/")
    assert "<title>Wat betekent…? | Reisgids zorg en welzijn</title>" in html
    for key, term in [
        ("deal", "zorg- en welzijnsdeal"),
        ("inbreng", "inbreng"),
        ("trekker", "trekker"),
        ("regelruimte", "regelruimte"),
        ("concept-deal", "concept-deal"),
        ("partner-in-residence", "partner in residence"),
        ("knelpunt", "knelpunt"),
        ("handrem", "handrem"),
        ("schouw", "schouw"),
        ("meetlat", "meetlat"),
        ("kompas", "kompas"),
        ("right-to-cooperate", "Right to Cooperate"),
        ("aanspreekpunt", "aanspreekpunt"),
    ]:
        entry = rf'id="{key}">\s*<dt class="reisgids-glossary__term">{re.escape(term)}</dt>'
        assert re.search(entry, html), key
    terms = re.findall(r'<dt class="reisgids-glossary__term">([^<]+)</dt>', html)
    assert terms == sorted(terms, key=str.casefold), "alphabetical"


def test_a_new_app_explains_its_word_by_registering(client, registry):
    registry.register_glossary_term(
        "buurtkas", "buurtkas", "Een kas voor de buurt.", url=lambda: "/buurtkas/"
    )
    html = html_of(client, "/wat-betekent/")
    assert '<dt class="reisgids-glossary__term">buurtkas</dt>' in html
    assert "Een kas voor de buurt." in html and 'href="/buurtkas/"' in html


def test_term_links_the_first_use_only_and_survives_unknown_keys():
    request = RequestFactory().get("/")
    template = Template(
        '{% load glossary %}{% term "schouw" %} {% term "schouw" "schouwen" %} {% term "onbekend" "iets" %}'
    )
    html = template.render(Context({"request": request}))
    link = '<a class="utrecht-link reisgids-term" href="/wat-betekent/#schouw">schouw</a>'
    assert html == f"{link} schouwen iets"


def test_about_page_explains_the_idea_the_roles_and_who_runs_it(client):
    html = html_of(client, "/over/")
    assert "<title>Over dit platform | Reisgids zorg en welzijn</title>" in html
    assert 'href="/wat-betekent/#deal">zorg- en welzijnsdeal</a>' in html
    assert 'href="/wat-betekent/#inbreng">inbreng</a>' in html
    assert "Zo werkt het: één kringloop in vier stappen" in html
    assert "Gemeente Rotterdam beheert dit platform" in html
    assert "Netwerkmanagers brengen partners bij elkaar" in html


@override_settings(
    RESIDENT_HELP_NAME="het Wijkteam Testdorp", RESIDENT_HELP_URL="https://wijkteam.example.nl/"
)
@pytest.mark.parametrize("path", ["/", "/over/", "/partijen/"])
def test_resident_help_pointer_from_the_environment(client, path):
    html = html_of(client, path)
    footer = html.split('<footer class="utrecht-page-footer', 1)[1]
    assert "Zoek je zelf zorg of hulp?" in footer
    assert '<a class="utrecht-link" href="https://wijkteam.example.nl/">het Wijkteam Testdorp</a>' in footer
    if path == "/":
        main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
        assert 'href="https://wijkteam.example.nl/"' in main


def test_footer_links_the_orientation_pages(client):
    footer = html_of(client, "/partijen/").split('<footer class="utrecht-page-footer', 1)[1]
    for href in ('href="/over/"', 'href="/wat-betekent/"', 'href="/toegankelijkheid/"'):
        assert href in footer, href


@override_settings(
    PLATFORM_ORGANISATION="Gemeente Testdorp",
    ACCESSIBILITY_STATUS="B",
    ACCESSIBILITY_DATE=datetime.date(2027, 3, 4),
    ACCESSIBILITY_SIGNATORY="Directeur Dienstverlening",
    ACCESSIBILITY_CONTACT_EMAIL="toegankelijkheid@testdorp.example.nl",
    ACCESSIBILITY_RESPONSE_DAYS=3,
    SITE_URL="https://reisgids.testdorp.example.nl",
)
def test_accessibility_statement_facts_follow_the_environment(client):
    html = html_of(client, "/toegankelijkheid/")
    facts = html.split('class="reisgids-statement-facts"', 1)[1].split("</section>", 1)[0]
    assert "<dd>Gemeente Testdorp</dd>" in facts
    assert ">reisgids.testdorp.example.nl</a>" in facts
    assert "B – voldoet gedeeltelijk" in facts and "nog niet aan alle eisen voldoet" in facts
    assert "eerste maatregelen" not in facts  # a status with its own wording only
    assert '<time datetime="2027-03-04">4 maart 2027</time>' in facts
    assert "Directeur Dienstverlening, Gemeente Testdorp" in facts
    assert 'href="mailto:toegankelijkheid@testdorp.example.nl"' in facts
    assert "3 werkdagen" in facts
    assert 'href="https://www.toegankelijkheidsverklaring.nl/register"' in facts


def test_accessibility_statement_defaults_are_honest(client):
    facts = html_of(client, "/toegankelijkheid/").split('class="reisgids-statement-facts"', 1)[1]
    facts = facts.split("</section>", 1)[0]
    assert "C – eerste maatregelen genomen" in facts and "Nog niet ondertekend" in facts
    assert 'href="/aanspreekpunten/">de aanspreekpunten</a>' in facts


def test_only_the_statement_shows_the_facts(client):
    assert "reisgids-statement-facts" not in html_of(client, "/privacy/")


def test_news_feed_dates_items_by_their_own_date_and_names_an_author(client):
    news_page(title="Oud bericht, laat gepubliceerd", date=datetime.date(2025, 1, 2))
    news_page(title="Nieuw bericht", date=datetime.date(2026, 6, 1))
    root = ElementTree.fromstring(client.get("/nieuws/atom/").content)
    assert root.find(f"{ATOM}author/{ATOM}name").text == "Gemeente Rotterdam"
    entries = root.findall(f"{ATOM}entry")
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert titles == ["Nieuw bericht", "Oud bericht, laat gepubliceerd"]
    assert entries[1].find(f"{ATOM}published").text.startswith("2025-01-02T00:00:00")
    assert all(e.find(f"{ATOM}author/{ATOM}name").text for e in entries)
    rss = client.get("/nieuws/feed/").content.decode()
    assert "Thu, 02 Jan 2025" in rss and "<dc:creator" in rss


def test_story_feed_names_the_writer(client):
    from reisgids.tests.factories import OrganisationFactory, UserFactory
    from stories.tests.factories import StoryPageFactory

    author = UserFactory(first_name="Aïcha", last_name="Bakker")
    organisation = OrganisationFactory(name="Buurthuis Oost")
    StoryPageFactory(title="Logeerhuis", author=author, organisation=organisation)
    root = ElementTree.fromstring(client.get("/verhalen/atom/").content)
    names = [e.find(f"{ATOM}author/{ATOM}name").text for e in root.findall(f"{ATOM}entry")]
    assert names == ["Aïcha Bakker, Buurthuis Oost"]


def test_home_advertises_the_feeds_and_every_page_an_og_image(client):
    html = html_of(client, "/")
    assert re.search(r'<link rel="alternate" type="application/atom\+xml" [^>]*href="/nieuws/atom/"', html)
    assert re.search(r'<meta property="og:image" content="http[^"]+/img/og-default[^"]*\.png"', html)
    assert '<meta property="og:image:alt" content="Reisgids zorg en welzijn: samen werken' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    for path in ("/over/", "/wat-betekent/", "/partijen/"):
        assert '<meta property="og:image" content="' in html_of(client, path), path


def test_a_news_item_with_an_image_shares_that_image(client):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    image = Image.objects.create(
        title="Logeerkamer", description="Een logeerkamer met twee bedden", file=get_test_image_file()
    )
    html = html_of(client, news_page(title="Met beeld", image=image).url)
    found = re.search(r'<meta property="og:image" content="([^"]+)">', html).group(1)
    assert found.startswith("http") and "og-default" not in found and "fill-1200x630" in found
    assert '<meta property="og:image:alt" content="Een logeerkamer met twee bedden">' in html


def test_home_links_the_words_of_the_cycle_once(client):
    html = html_of(client, "/")
    for key in ("deal", "schouw", "kompas"):
        assert html.count(f'href="/wat-betekent/#{key}"') == 1, key
    assert 'href="/wat-betekent/#kompas"' in html_of(client, "/kompas/")


def _linked(html, key):
    return html.count(f'href="/wat-betekent/#{key}"')


def test_the_words_link_to_their_explanation_where_a_visitor_meets_them(client):
    """The words of the glossary link to it on the pages where a newcomer first reads them, once."""
    from deals.tests.test_views import member_of, trekker_of
    from schouw.models import Schouw
    from schouw.tests.factories import running_deal, schouw_in

    deal, members = running_deal(title="Samen in de wijk")
    deal_page = html_of(client, deal.get_absolute_url())
    for key in ("inbreng", "trekker", "regelruimte"):
        assert _linked(deal_page, key) == 1, ("deal", key)
    schouw, _actor, _deal, _members = schouw_in(Schouw.Phase.PUBLISHED, deal=deal, members=members)
    report = html_of(client, f"/schouw/{schouw.pk}/rapport/")
    for key in ("schouw", "meetlat"):
        assert _linked(report, key) == 1, ("report", key)
    client.force_login(member_of(trekker_of(deal).organisation))  # the residency is for the partners
    residency = ResidencyFactory(deal=deal, name_public=True)
    residency_page = html_of(client, residency.get_absolute_url())
    for key in ("partner-in-residence", "knelpunt", "handrem"):
        assert _linked(residency_page, key) == 1, ("residency", key)
    start = html_of(client, "/deals/start/")
    for key in ("concept-deal", "trekker", "inbreng"):
        assert _linked(start, key) == 1, ("start", key)
