"""The site-wide search /zoeken/: Dutch stemming through Wagtail's database backend, visibility of
every type, facets and counts, highlighted snippets, paging, and bad input that never fails."""

import pytest
from django.db import connection
from django.utils import timezone

from agenda.tests.factories import make_event
from atlas.models import StandardPage
from atlas.tests.factories import lesson_page, news_page
from deals.tests.factories import DealFactory
from marktplaats.tests.factories import ListingFactory
from reisgids.models import Organisation
from reisgids.tests.factories import ContactPointFactory, InstrumentFactory, OrganisationFactory
from sitesearch.query import build_query, terms, word_forms
from sitesearch.selectors import site_search
from stories.tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db


def keys(result):
    """Counts per type, without the standard pages (their text from the migration mentions much)."""
    return {group.key: group.count for group in result.groups if group.key != "paginas"}


def titles(result, key):
    group = next(group for group in result.groups if group.key == key)
    return [hit.title for hit in group.hits]


def test_terms_keep_only_words_and_cap():
    assert terms("  Mantelzorgers & (wijk) | !'s-Gravenhage:* ") == ["mantelzorgers", "wijk", "gravenhage"]
    assert terms("woord " * 500) == ["woord", "wo"]  # capped at 200 characters
    assert len(terms(" ".join(f"w{i}" for i in range(50)))) == 8
    assert terms("&|!():*'") == []
    assert build_query([]) is None


def test_word_forms_cover_the_dutch_agent_noun():
    assert word_forms("mantelzorgers") == ["mantelzorgers", "mantelzorg", "mantelzorger"]
    assert word_forms("mantelzorger") == ["mantelzorger", "mantelzorg"]
    assert word_forms("mantelzorg") == ["mantelzorg", "mantelzorger"]
    assert word_forms("mantelzorgen") == ["mantelzorgen", "mantelzorg", "mantelzorger"]
    assert word_forms("over") == ["over", "overer"]
    assert word_forms("2025") == ["2025"]


def test_mantelzorgers_finds_mantelzorg_and_the_other_way_round():
    OrganisationFactory(name="Steunpunt Noord", summary="Wij ondersteunen mantelzorg in de wijk.")
    OrganisationFactory(name="Buurtkracht", summary="Wij zijn er voor alle mantelzorgers van Charlois.")
    OrganisationFactory(name="Sportclub", summary="Voetbal en korfbal.")
    assert keys(site_search("mantelzorgers")) == {"partijen": 2}
    assert keys(site_search("mantelzorg")) == {"partijen": 2}
    assert keys(site_search("Mantelzorgen")) == {"partijen": 2}


def test_every_word_must_match():
    # Descriptions of their own: the factory's random Dutch sentences can hold "zuid" (a CI run).
    OrganisationFactory(name="Steunpunt Noord", summary="Mantelzorg in Noord.", description="Noord.")
    OrganisationFactory(name="Steunpunt Zuid", summary="Mantelzorg in Zuid.", description="Zuid.")
    assert keys(site_search("mantelzorg zuid")) == {"partijen": 1}


def test_groups_facets_and_snippets_with_marks():
    OrganisationFactory(name="Zorgzaam Delfshaven", summary="Een netwerk voor mantelzorgers in Delfshaven.")
    ContactPointFactory(
        name="Noor Voorbeeld", function="Wijkregisseur", approach_for="Vragen over mantelzorg."
    )
    InstrumentFactory(name="Respijtzorg", summary="Ontlasting voor mantelzorgers.")
    result = site_search("mantelzorgers")
    assert keys(result) == {"partijen": 1, "aanspreekpunten": 1, "instrumenten": 1}
    assert result.total == sum(group.count for group in result.groups)
    organisation = result.groups[[g.key for g in result.groups].index("partijen")].hits[0]
    assert organisation.url == Organisation.objects.get(name="Zorgzaam Delfshaven").get_absolute_url()
    assert "<mark>mantelzorgers</mark>" in organisation.snippet
    contact = next(g for g in result.groups if g.key == "aanspreekpunten").hits[0]
    assert "<mark>mantelzorg</mark>" in contact.snippet
    assert contact.url.startswith("/aanspreekpunten/?q=")


def test_snippet_escapes_user_text_before_marking():
    OrganisationFactory(
        name="Kwaadaardig",
        summary='<script>alert(1)</script> mantelzorg & <img src=x onerror="x()"> 1 < 2 \x01 "zorg"',
        description="",
    )
    hit = site_search("mantelzorg").groups[0].hits[0]
    assert "<script" not in hit.snippet and "<img" not in hit.snippet
    assert "&amp; 1 &lt; 2 &quot;zorg" in hit.snippet
    assert hit.snippet.count("<mark>") == hit.snippet.count("</mark>") == 1
    assert "<mark>mantelzorg</mark>" in hit.snippet


def test_only_public_deals_and_open_visible_listings():
    DealFactory(title="Mantelzorg gesloten", closed=True)
    DealFactory(title="Mantelzorg in de maak", in_the_making=True)
    DealFactory(title="Mantelzorg verkennen, niet gepubliceerd")
    DealFactory(title="Mantelzorg gestopt", stopped=True)
    ListingFactory(title="Mantelzorg open")
    ListingFactory(title="Mantelzorg ingevuld", filled=True)
    ListingFactory(title="Mantelzorg verlopen", expired=True)
    ListingFactory(title="Mantelzorg verborgen", hidden_at=timezone.now(), hidden_reason="Spam")
    result = site_search("mantelzorg")
    assert sorted(titles(result, "deals")) == ["Mantelzorg gesloten", "Mantelzorg in de maak"]
    assert titles(result, "marktplaats") == ["Mantelzorg open"]


def test_private_deal_fields_are_not_searched():
    DealFactory(title="Buurtdeal", closed=True, internal_notes="geheimwoord")
    assert site_search("geheimwoord").groups == []


def test_only_live_pages():
    make_event(title="Mantelzorgcafé", intro="Voor iedereen die zorgt voor een naaste: mantelzorg.")
    draft = make_event(title="Mantelzorg concept", intro="Nog niet klaar: mantelzorg.")
    draft.unpublish()
    StoryPageFactory(title="Ons verhaal", intro="Over mantelzorg in de wijk.")
    StoryPageFactory(title="Concept verhaal", intro="Over mantelzorg.", live=False)
    lesson_page(title="Begin klein", intro="Mantelzorgers vinden elkaar in de buurt.")
    lesson_page(title="Concept les", intro="Over mantelzorg.", live=False)
    news_page(title="Nieuw steunpunt", intro="Een steunpunt voor mantelzorg.")
    result = site_search("mantelzorgers")
    assert titles(result, "agenda") == ["Mantelzorgcafé"]
    assert titles(result, "verhalen") == ["Ons verhaal"]
    assert titles(result, "lessen") == ["Begin klein"]
    assert titles(result, "nieuws") == ["Nieuw steunpunt"]
    assert list(keys(result)) == ["lessen", "agenda", "nieuws", "verhalen"]
    lesson = result.groups[0].hits[0]
    assert lesson.url.startswith("/lessen/") and "<mark>Mantelzorgers</mark>" in lesson.snippet


def test_pages_in_a_restricted_section_are_left_out():
    from wagtail.models import PageViewRestriction

    lesson = lesson_page(title="Besloten les", intro="Over mantelzorg.")
    lesson_page(title="Open les", intro="Over mantelzorg.")
    PageViewRestriction.objects.create(page=lesson, restriction_type=PageViewRestriction.LOGIN)
    assert titles(site_search("mantelzorg"), "lessen") == ["Open les"]


def test_standard_pages_are_searched():
    page = StandardPage.objects.get(slug="toegankelijkheid")
    result = site_search(page.title)
    assert page.title in titles(result, "paginas")


def test_type_alone_is_paginated_with_the_other_counts():
    for i in range(23):
        OrganisationFactory(name=f"Mantelzorg {i:02}", summary="Mantelzorg in de wijk.")
    InstrumentFactory(name="Respijtzorg", summary="Voor mantelzorg.")
    first = site_search("mantelzorg", type_key="partijen")
    assert first.active.count == 23 and len(first.active.hits) == 20
    assert keys(first) == {"partijen": 23, "instrumenten": 1}
    assert first.page.number == 1 and first.page.paginator.num_pages == 2
    second = site_search("mantelzorg", type_key="partijen", page="2")
    assert len(second.active.hits) == 3 and second.page.number == 2
    beyond = site_search("mantelzorg", type_key="partijen", page="99")
    assert beyond.page.number == 2 and len(beyond.active.hits) == 3
    nonsense = site_search("mantelzorg", type_key="partijen", page="x")
    assert nonsense.page.number == 1


def test_overview_shows_five_per_type():
    for i in range(7):
        OrganisationFactory(name=f"Mantelzorg {i}")
    result = site_search("mantelzorg")
    assert result.groups[0].count == 7 and len(result.groups[0].hits) == 5


def test_view_renders_groups_facets_and_show_all(client):
    for i in range(6):
        OrganisationFactory(name=f"Buurtkok {i}", summary="Hulp voor buurtkoks.")
    response = client.get("/zoeken/", {"q": "buurtkoks"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "6 resultaten voor “buurtkoks”" in html
    assert 'aria-current="page">Alles' in html
    assert "Toon alle 6 partijen" in html
    assert 'href="?q=buurtkoks&amp;type=partijen"' in html
    response = client.get("/zoeken/", {"q": "buurtkoks", "type": "partijen"})
    assert 'type=partijen" aria-current="page"' in response.content.decode()


def test_view_empty_and_no_results_in_dutch(client):
    html = client.get("/zoeken/").content.decode()
    assert "Typ een of meer woorden" in html
    html = client.get("/zoeken/", {"q": "xyzzyqwerty"}).content.decode()
    assert "Niets gevonden voor “xyzzyqwerty”." in html
    assert "Controleer de spelling." in html


@pytest.mark.parametrize(
    "q",
    ["&", "|", "!", "(", ")", ":", "*", "'", "a & b | !(c:*)", "'''", "\\", "zorg'", "zorg:*",
     "de het een", "<script>", "é" * 5000, "mantelzorg " * 2000, "%", "_"],
)  # fmt: skip
def test_special_and_long_input_never_fails(client, q):
    OrganisationFactory(name="Mantelzorg Noord")
    response = client.get("/zoeken/", {"q": q, "type": "partijen", "page": "-1"})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main")[1].split("</main>")[0]


def test_a_control_character_in_the_query_is_a_bad_request_in_dutch(client):
    """A NUL byte never reaches the database: the site's 400 page (InputBoundsMiddleware)."""
    response = client.get("/zoeken/", {"q": "\x00zorg", "type": "partijen"})
    assert response.status_code == 400
    assert "Ongeldig verzoek" in response.content.decode()


def test_unknown_type_shows_everything(client):
    OrganisationFactory(name="Mantelzorg Noord")
    response = client.get("/zoeken/", {"q": "mantelzorg", "type": "bestaat-niet"})
    assert response.status_code == 200
    assert "Toon alle" not in response.content.decode()


def test_migrate_indexes_pages_created_by_data_migrations():
    """The standard pages come from a data migration (no signals): ``migrate`` indexes them."""
    from django.core.management import call_command
    from wagtail.search.models import IndexEntry

    IndexEntry.objects.all().delete()
    assert site_search("Toegankelijkheidsverklaring").groups == []
    call_command("migrate", verbosity=0)
    assert titles(site_search("Toegankelijkheidsverklaring"), "paginas") == ["Toegankelijkheidsverklaring"]


def test_each_search_runs_the_statement_compiled_once_with_its_own_words():
    """The statement of each type is compiled once per process and reused with the query text of
    each search (sitesearch.selectors._statement): a second search finds its own rows, never the
    first one's, in the same order and with the same counts as the first time it ran."""
    from sitesearch import selectors

    OrganisationFactory(name="Buurthuis De Mantelzorger", description="Voor mantelzorgers")
    # Not "voetbal": Faker's Dutch sentences (the factories' summaries) use that word.
    OrganisationFactory(name="Sportclub Oost", description="Korfbal en tennis")
    DealFactory(title="Korfbal in Oost", closed=True)
    selectors._statements.clear()
    first = site_search("mantelzorg")
    compiled = len(selectors._statements)
    second = site_search("korfbal")
    again = site_search("mantelzorg")
    assert len(selectors._statements) == compiled  # the same statements, another query text
    assert titles(first, "partijen") == ["Buurthuis De Mantelzorger"]
    assert titles(second, "partijen") == ["Sportclub Oost"] and titles(second, "deals") == ["Korfbal in Oost"]
    assert "deals" not in keys(first)
    assert [(g.key, g.count, [h.title for h in g.hits]) for g in again.groups] == [
        (g.key, g.count, [h.title for h in g.hits]) for g in first.groups
    ]


@pytest.mark.django_db(transaction=True)
def test_a_kept_statement_follows_new_content_type_ids():
    """The statement joins the index entries on the model's content type id: after the content types
    are made anew (a flushed database, here: an organisation's type given another id) a search
    still finds its rows, never looks them up under the old id."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.search.models import IndexEntry

    OrganisationFactory(name="Buurthuis De Mantelzorger")
    assert titles(site_search("mantelzorg"), "partijen") == ["Buurthuis De Mantelzorger"]
    old = ContentType.objects.get_for_model(Organisation)
    new = ContentType.objects.create(app_label="reisgids", model="organisation_moved")
    IndexEntry.objects.filter(content_type=old).update(content_type=new)
    ContentType.objects.filter(pk=old.pk).delete()
    new.model = "organisation"
    new.save()
    ContentType.objects.clear_cache()
    assert titles(site_search("mantelzorg"), "partijen") == ["Buurthuis De Mantelzorger"]


def test_the_hits_of_pages_read_the_site_root_paths_once(monkeypatch):
    """Without a request, each ``page.url`` read Wagtail's site root paths from the cache again: a
    cache round trip for every page found. One search reads them once and every page link is right."""
    from wagtail.models import Site

    pages = [lesson_page(title=f"Mantelzorg in de wijk {n}") for n in range(3)]
    pages += [news_page(title=f"Mantelzorg nieuws {n}") for n in range(2)]
    expected = {page.url for page in pages}
    reads = []
    original = Site.get_site_root_paths
    monkeypatch.setattr(Site, "get_site_root_paths", staticmethod(lambda: reads.append(1) or original()))
    result = site_search("mantelzorg")
    urls = {hit.url for group in result.groups for hit in group.hits}
    assert expected <= urls
    assert len(reads) == 1


def test_the_organisation_of_contacts_instruments_and_listings_comes_with_their_statement():
    """Contact points, instruments and listings show their organisation's name. Their statement is
    compiled once too (``select_related`` became annotated columns, the organisation made again
    from them): every hit names its own organisation, the second search compiles nothing, and
    no hit costs a query of its own."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sitesearch import selectors

    for n in range(3):
        cluster = OrganisationFactory(name=f"Cluster {n}", gemeente=True)
        ContactPointFactory(function="Adviseur mantelzorg", organisation=cluster)
        InstrumentFactory(name=f"Waardering mantelzorg {n}", owner=OrganisationFactory(name=f"Eigenaar {n}"))
        provider = OrganisationFactory(name=f"Aanbieder {n}")
        ListingFactory(title=f"Maatje voor mantelzorg {n}", organisation=provider)
    selectors._statements.clear()
    site_search("mantelzorg")
    compiled = len(selectors._statements)
    assert {"aanspreekpunten", "instrumenten", "marktplaats"} <= {key[0] for key in selectors._statements}
    with CaptureQueriesContext(connection) as queries:
        result = site_search("mantelzorg")
    assert len(selectors._statements) == compiled
    groups = {group.key: group for group in result.groups}
    assert sorted(hit.facts for hit in groups["aanspreekpunten"].hits) == [
        f"Adviseur mantelzorg, Cluster {n}" for n in range(3)
    ]
    assert sorted(hit.facts for hit in groups["instrumenten"].hits) == [f"Eigenaar {n}" for n in range(3)]
    for hit in groups["marktplaats"].hits:
        assert hit.source.organisation.name == f"Aanbieder {hit.title[-1]}"
    assert len(queries) <= len(selectors.search_types()) + 1  # one per type, and the restricted pages


def test_a_page_type_reuses_its_statement_without_building_its_queryset(monkeypatch):
    """A page type's rows depend only on the restricted sections (``PageType.statement_key``), so
    once its statement is kept a search neither builds nor compiles its queryset; a new view
    restriction gives another key, and the restricted page is left out at once."""
    from wagtail.models import PageViewRestriction

    from reisgids.registries import PageType
    from sitesearch import selectors

    hidden = lesson_page(title="Mantelzorg achter een wachtwoord")
    lesson_page(title="Mantelzorg voor iedereen")
    selectors._statements.clear()
    assert sorted(titles(site_search("mantelzorg"), "lessen")) == [
        "Mantelzorg achter een wachtwoord",
        "Mantelzorg voor iedereen",
    ]
    built = []
    original = PageType.get_queryset
    monkeypatch.setattr(
        PageType, "get_queryset", lambda self, context: built.append(self.key) or original(self, context)
    )
    assert len(titles(site_search("mantelzorg"), "lessen")) == 2
    assert built == []
    PageViewRestriction.objects.create(page=hidden, restriction_type="password", password="geheim")
    assert titles(site_search("mantelzorg"), "lessen") == ["Mantelzorg voor iedereen"]
    assert "lessen" in built


def test_a_model_type_reuses_its_statement_and_its_statement_holds_only_fixed_values(monkeypatch):
    """A model type's statement is kept under the type (``ModelType.statement_key``): a search does
    not build its queryset again. That is right only while the selector's statement holds no value
    that changes with the data or the time: the guard compiles every model type before and after
    new rows and a day later and wants the same statement."""
    import datetime

    from django.utils import timezone

    from reisgids.registries import ModelType, SearchContext, search_types
    from sitesearch import selectors

    def statements():
        return {
            entry.key: entry.get_queryset(SearchContext()).query.sql_with_params()
            for entry in search_types()
            if isinstance(entry, ModelType)
        }

    before = statements()
    OrganisationFactory(name="Mantelzorg Noord")
    DealFactory(title="Mantelzorg", status="uitvoering")
    ListingFactory(title="Mantelzorg gezocht")
    later = timezone.now() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert statements() == before
    monkeypatch.undo()
    selectors._statements.clear()
    assert titles(site_search("mantelzorg"), "partijen") == ["Mantelzorg Noord"]
    built = []
    original = ModelType.get_queryset
    monkeypatch.setattr(
        ModelType, "get_queryset", lambda self, context: built.append(self.key) or original(self, context)
    )
    assert titles(site_search("mantelzorg"), "partijen") == ["Mantelzorg Noord"]
    assert built == []


def _many_matches(word, extra):
    """``MATCH_LIMIT`` + ``extra`` organisations with ``word`` in the name, oldest first (bulk, then
    indexed as the bench does); returns their names, newest first."""
    from sitesearch.indexing import index_missing
    from sitesearch.selectors import MATCH_LIMIT

    made = Organisation.objects.bulk_create(
        Organisation(name=f"{word} {i:03}", slug=f"{word.lower()}-{i:03}", summary=f"Een {word.lower()}.")
        for i in range(MATCH_LIMIT + extra)
    )
    index_missing([Organisation])
    return [row.name for row in sorted(made, key=lambda row: row.pk, reverse=True)]


def test_a_common_word_ranks_and_counts_the_newest_matches_only():
    """More matches than MATCH_LIMIT: the count stops at the limit (capped), the pages reach as far as
    the limit, and only the newest MATCH_LIMIT are ranked and shown (the oldest never are)."""
    from sitesearch.selectors import MATCH_LIMIT, PAGE_SIZE

    names = _many_matches("Kapsalon", 7)
    result = site_search("kapsalon")
    group = next(group for group in result.groups if group.key == "partijen")
    assert (group.count, group.capped, result.capped) == (MATCH_LIMIT, True, True)
    assert result.total == MATCH_LIMIT
    pages = -(-MATCH_LIMIT // PAGE_SIZE)
    shown = []
    for number in range(1, pages + 1):
        page = site_search("kapsalon", type_key="partijen", page=str(number))
        assert page.active.capped and page.page.paginator.num_pages == pages
        shown += [hit.title for hit in page.active.hits]
    assert sorted(shown) == sorted(names[:MATCH_LIMIT])
    beyond = site_search("kapsalon", type_key="partijen", page=str(pages + 1))
    assert beyond.page.number == pages
    last = MATCH_LIMIT - (pages - 1) * PAGE_SIZE
    assert [hit.title for hit in beyond.active.hits] == shown[-last:]
    facets = site_search("kapsalon", type_key="instrumenten")
    assert {g.key: (g.count, g.capped) for g in facets.groups}["partijen"] == (MATCH_LIMIT, True)


def test_the_page_says_more_than_the_limit_in_dutch(client):
    from sitesearch.selectors import MATCH_LIMIT

    _many_matches("Kapsalon", 1)
    html = client.get("/zoeken/", {"q": "kapsalon"}).content.decode()
    assert f"Meer dan {MATCH_LIMIT} resultaten voor “kapsalon”" in html
    assert f"(meer dan {MATCH_LIMIT})" in html and "Toon meer partijen" in html
    html = client.get("/zoeken/", {"q": "kapsalon", "type": "partijen"}).content.decode()
    assert f"hier staan de nieuwste {MATCH_LIMIT}, de best passende eerst" in html


def test_exactly_the_limit_is_not_capped():
    from sitesearch.selectors import MATCH_LIMIT

    _many_matches("Kapsalon", 0)
    group = site_search("kapsalon").groups[0]
    assert (group.count, group.capped) == (MATCH_LIMIT, False)


def test_matches_older_than_the_walk_are_found_the_same_way(monkeypatch):
    """The newest rows a search reads first (``WALK``) hold too few matches: the statement's other
    part finds the same newest MATCH_LIMIT matches through the GIN indexes."""
    from sitesearch import selectors
    from sitesearch.indexing import index_missing

    monkeypatch.setattr(selectors, "WALK", 10)
    monkeypatch.setattr(selectors, "_statements", {})
    names = _many_matches("Kapsalon", 3)
    Organisation.objects.bulk_create(
        Organisation(name=f"Bakkerij {i}", slug=f"bakkerij-{i}", summary="Brood.") for i in range(12)
    )
    index_missing([Organisation])
    result = site_search("kapsalon", type_key="partijen")
    assert (result.active.count, result.active.capped) == (selectors.MATCH_LIMIT, True)
    shown = []
    for number in range(1, -(-selectors.MATCH_LIMIT // selectors.PAGE_SIZE) + 1):
        shown += [
            hit.title for hit in site_search("kapsalon", type_key="partijen", page=str(number)).active.hits
        ]
    assert sorted(shown) == sorted(names[: selectors.MATCH_LIMIT])
    assert site_search("brood").groups[0].count == 12


def _rows_walked(search_type_key, word):
    """How many of the type's rows the statement of its candidates tested one by one on their own
    index entries (the lookups by content type and object id), run with EXPLAIN ANALYZE."""
    from django.db import connection

    from reisgids.registries import SearchContext, search_type
    from sitesearch import query, selectors

    queryset = search_type(search_type_key).get_queryset(SearchContext())
    sql, params = selectors._candidates(queryset, query.tsquery_text(query.terms(word)), "dutch")
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0][0]["Plan"]

    def lookups(node):  # the row tests are the statement's only subplans (the counts are InitPlans)
        own = node["Actual Loops"] if node.get("Parent Relationship") == "SubPlan" else 0
        return own + sum(lookups(child) for child in node.get("Plans", ()))

    return lookups(plan)


def test_a_word_the_newest_rows_do_not_hold_is_found_without_walking_further(monkeypatch):
    """None of a type's newest ``HEAD`` rows matches: the rest of the walk is skipped and the matches
    come from the GIN indexes on content type and text (a rare word, a name, a typo read up to
    ``WALK`` rows of every type before: 68 ms for a search without results at the bench's full
    scale). When the head holds some matches, the walk goes on as before."""
    from sitesearch import selectors
    from sitesearch.indexing import index_missing

    monkeypatch.setattr(selectors, "HEAD", 5)
    monkeypatch.setattr(selectors, "WALK", 20)
    monkeypatch.setattr(selectors, "_statements", {})
    for name, count in (("Schoenmaker", 3), ("Bakkerij", 30), ("Kapsalon", 2)):  # oldest first
        Organisation.objects.bulk_create(
            Organisation(name=f"{name} {i}", slug=f"{name.lower()}-{i}", summary="Een zaak.")
            for i in range(count)
        )
    index_missing([Organisation])
    assert _rows_walked("partijen", "schoenmaker") == 5  # the head only; before: all 20 of the walk
    found = site_search("schoenmaker", type_key="partijen")
    assert sorted(hit.title for hit in found.active.hits) == [f"Schoenmaker {i}" for i in range(3)]
    assert _rows_walked("partijen", "kapsalon") == 20  # two in the head: the walk goes on
    assert site_search("kapsalon", type_key="partijen").active.count == 2


def test_a_types_matches_come_from_the_type_and_text_indexes_by_primary_key():
    """The matches of a type that the walk did not find: the type's entries that hold the word, from
    the GIN indexes on content type and text (``sitesearch`` migration 0001), and each row by its
    primary key. Before: the word's entries in every type intersected with all of the type's
    entries, joined to the type on its key cast to text (every row of the type read)."""
    from django.contrib.contenttypes.models import ContentType

    from reisgids.tests.helpers import large_table_plan
    from sitesearch.selectors import _matching_keys, _tsquery

    content_type = ContentType.objects.get_for_model(Organisation).pk
    keys = _matching_keys(Organisation, content_type, _tsquery("'kapsalon'", "dutch"))
    rows = Organisation.objects.filter(pk__in=keys).order_by("-pk").values("pk")[:51]
    # Without the B-tree indexes on the content type, the choice is between the GIN indexes on the
    # text alone (every type's entries that hold the word) and those on content type and text.
    plan = large_table_plan(
        *rows.query.sql_with_params(),
        drop_indexes=(
            "wagtailsearch_indexentry_content_type_id_62ed694f",
            "wagtailsearch_indexentry_content_type_id_object_i_bcd7ba73_uniq",
        ),
    )
    assert "on sitesearch_entry_type_" in plan, plan
    assert "Index Cond: (id = (u0.object_id)::bigint)" in plan, plan


def _count_plan(search_type_key, word, *, analyze=True):
    from reisgids.registries import SearchContext, search_type
    from reisgids.tests.helpers import large_table_plan
    from sitesearch import query, selectors

    queryset = search_type(search_type_key).get_queryset(SearchContext())
    sql, params = selectors._count_candidates(queryset, query.tsquery_text(query.terms(word)), "dutch")
    if not analyze:
        return large_table_plan(sql, params)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        (count,) = cursor.fetchone()
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        return count, cursor.fetchone()[0][0]["Plan"]


def test_a_types_count_reads_its_matches_up_to_the_limit_and_tests_no_row_one_by_one():
    """The counts of the other types on a type's page (``/zoeken/?q=…&type=partijen``) need how many
    match, up to ``MATCH_LIMIT`` + 1, not which are newest: the type's matching entries from the GIN
    indexes, each joined to its row by key, until there are enough. Before, a count walked the
    type's newest rows and tested each on its own entry (a few hundred for a common word at the
    bench's full scale, the most of that page's growth with the data)."""
    from sitesearch.indexing import index_missing
    from sitesearch.selectors import MATCH_LIMIT

    _many_matches("Kapsalon", 40)
    Organisation.objects.bulk_create(
        Organisation(name=f"Bakkerij {i}", slug=f"bakkerij-{i}", summary="Brood.") for i in range(30)
    )
    index_missing([Organisation])
    count, plan = _count_plan("partijen", "kapsalon")
    assert count == MATCH_LIMIT + 1

    def nodes(node):
        yield node
        for child in node.get("Plans", ()):
            yield from nodes(child)

    assert not [node for node in nodes(plan) if node.get("Parent Relationship") == "SubPlan"]
    entries = [node for node in nodes(plan) if node.get("Relation Name") == "wagtailsearch_indexentry"]
    assert entries and all(node["Actual Rows"] <= MATCH_LIMIT + 1 for node in entries)
    assert _count_plan("partijen", "brood")[0] == 30
    assert _count_plan("partijen", "schoenmaker")[0] == 0
    # on tables too large to read whole: the type's entries (by content type, from an index), each
    # joined to its row by key, stopping at the limit; no hash of all of the type's rows or entries
    plan = _count_plan("partijen", "kapsalon", analyze=False)
    assert "Index Cond: (id = (wagtailsearch_indexentry.object_id)::bigint)" in plan, plan
    assert "Limit" in plan and "Hash" not in plan and "SubPlan" not in plan, plan


@pytest.mark.parametrize("type_key", [None, "partijen"])
def test_each_type_statement_is_on_its_way_while_the_type_before_becomes_hits(monkeypatch, type_key):
    """PostgreSQL's pipeline mode (``sitesearch.selectors._in_turn``). Without a type, one type
    ahead: every type's statement is sent before the rows of the type before it are turned into
    hits, so the database works on it meanwhile instead of waiting for Python. On a type's page the
    other types' counts are sent together before that type's rows are turned into hits (one ahead,
    the database and Python took turns: a count needs no work in Python). The results are the same."""
    from django.db import connection
    from psycopg import pq

    from sitesearch import selectors

    OrganisationFactory(name="Buurthuis De Mantelzorger", description="Voor mantelzorgers")
    InstrumentFactory(name="Respijtzorg", summary="Voor mantelzorg.")
    DealFactory(title="Mantelzorg in Oost", closed=True)
    before = site_search("mantelzorg", type_key=type_key)
    events, statements = [], []
    send, finish = selectors._Search.send, selectors._Search.finish

    def sending(search):
        events.append(("send", search.type.key))
        return send(search)

    def finishing(search):
        events.append(("finish", search.type.key))
        return finish(search)

    def executing(execute, sql, params, many, context):
        statements.append(connection.connection.pgconn.pipeline_status == pq.PipelineStatus.ON)
        return execute(sql, params, many, context)

    monkeypatch.setattr(selectors._Search, "send", sending)
    monkeypatch.setattr(selectors._Search, "finish", finishing)
    with connection.execute_wrapper(executing):
        after = site_search("mantelzorg", type_key=type_key)
    keys = [entry.key for entry in selectors.search_types()]
    if type_key is None:
        expected = [("send", keys[0])]
        for key, following in zip(keys, keys[1:], strict=False):
            expected += [("send", following), ("finish", key)]
        expected.append(("finish", keys[-1]))
    else:
        others = [key for key in keys if key != type_key]
        expected = [("send", type_key), *(("send", key) for key in others), ("finish", type_key)]
        expected += [("finish", key) for key in others]
    assert events == expected
    assert len(statements) >= len(keys) - 2 and all(statements)  # every statement in pipeline mode
    assert [(g.key, g.count, [h.title for h in g.hits]) for g in after.groups] == [
        (g.key, g.count, [h.title for h in g.hits]) for g in before.groups
    ]
