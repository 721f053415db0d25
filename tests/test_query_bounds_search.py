"""/zoeken/ runs the same number of queries at a small and a large data size (organisations,
aanspreekpunten, instruments, deals, listings, news, lessons and events, all in the search index),
for the overview of every type and for one type alone, paginated."""

from importlib import import_module

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agenda.tests.factories import make_event
from atlas.bench import seed_atlas_bulk
from deals.bulk import seed_deals_bulk
from marktplaats.bulk import seed_listings_bulk
from reisgids.caching import bump
from reisgids.management.commands.seed_bulk import seed_bulk
from sitesearch.indexing import index_missing

pytestmark = pytest.mark.django_db

BOUND = 12
SMALL, LARGE = 10, 300
URLS = [
    "/zoeken/?q=mantelzorg",
    "/zoeken/?q=mantelzorgers+wijk",
    "/zoeken/?q=mantelzorg&type=partijen",
    "/zoeken/?q=mantelzorg&type=lessen",
    "/zoeken/?q=zorg&type=marktplaats&page=999",
    "/zoeken/?q=xyzzy",
]


def seed(scale):
    # The gebieden and thema's of the migrations, which an earlier transactional test's flush removed.
    import_module("reisgids.migrations.0002_rotterdam_areas_and_themes").load(apps, None)
    seed_bulk(scale=scale)
    seed_deals_bulk(scale=max(1, scale // 2))
    seed_listings_bulk(scale=scale)
    seed_atlas_bulk(scale=scale)
    for i in range(3):
        make_event(title=f"Mantelzorgcafé {scale}-{i}", intro="Voor mantelzorgers in de wijk.")
    index_missing()


def query_counts(client):
    counts = {}
    for url in URLS:
        assert client.get(url).status_code == 200  # warm: Wagtail's site root paths are cached
        bump("search")  # but not the results: count every query of the search itself
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        counts[url] = len(captured.captured_queries)
    return counts


def test_query_count_is_constant_and_bounded(client):
    seed(SMALL)
    small = query_counts(client)
    seed(LARGE)
    large = query_counts(client)
    assert small == large
    assert max(large.values()) <= BOUND, large


def test_results_are_cached_until_a_searched_row_changes(client, django_assert_max_num_queries):
    from reisgids.tests.factories import OrganisationFactory

    organisation = OrganisationFactory(name="Buurtkok Noord", summary="Koken voor buren.")
    assert "Buurtkok Noord" in client.get("/zoeken/?q=buurtkok").content.decode()
    with django_assert_max_num_queries(1):  # at most the session; the results come from the cache
        client.get("/zoeken/?q=buurtkok")
    organisation.name = "Buurtkeuken Noord"
    organisation.save()
    html = client.get("/zoeken/?q=buurtkok").content.decode()
    assert "Buurtkeuken Noord" in html or "Niets gevonden" in html
    assert "Buurtkok Noord" not in html


def test_large_data_is_found_and_counted(client):
    seed(LARGE)
    html = client.get("/zoeken/?q=mantelzorg").content.decode()
    assert "Toon alle" in html and "<mark>" in html


def _prepared_statements():
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, generic_plans + custom_plans FROM pg_prepared_statements")
        return dict(cursor.fetchall())


def test_each_type_is_searched_with_a_statement_prepared_once_per_connection(client):
    """Every type's statement is prepared on the connection by the first search (parsed once,
    planned once where the generic plan is as good); a search for another word runs the same
    prepared statements again, each once, and prepares nothing new. The statements are still
    counted as queries (``connection.queries``). (A statement an earlier test prepared on this
    connection may be there already: the search then runs it instead of preparing it anew.)"""
    seed(SMALL)
    before = _prepared_statements()
    assert client.get("/zoeken/?q=mantelzorg").status_code == 200
    first = _prepared_statements()
    searched = {statement: runs for statement, runs in first.items() if runs > before.get(statement, 0)}
    assert len(searched) >= 8, searched  # one per type of the registry that has rows here
    bump("search")
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/zoeken/?q=wijk").status_code == 200
    again = _prepared_statements()
    assert set(again) == set(first)
    assert {statement: again[statement] - runs for statement, runs in searched.items()} == dict.fromkeys(
        searched, 1
    )
    assert len(captured.captured_queries) >= len(searched)  # logged and counted like any query
