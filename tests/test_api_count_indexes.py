"""The open data API counts a list's rows and dates their last change (Last-Modified: the newest value
first, one row) on every cold request. Indexes serve both instead of the table:

- the listings: the partial index ``listing_visible_status_updated`` (marktplaats 0007); at 50,000
  listings (29,000 open) each took 15 ms from the table and grew with it; from the index 2.8 ms (an
  index-only count) and 0.4 ms (the newest entry, read backwards: the order says no NULLS LAST on a
  column without NULLs, else PostgreSQL sorted every open listing, 4 ms);
- the organisations' last change: ``organisation_updated`` (reisgids 0010), 3 ms at 10,000 → the newest
  entry;
- the deals' last change: ``deal_updated`` (deals 0007), 3.5 ms at 5,000 → the newest entry;
- a page type's count (events, news, lessons, stories): ``opendata_page_type_count`` (opendata 0004),
  5-7 ms at 5,000 news → 2.5 ms from the index alone;
- a page type's last change (events, news, lessons, stories): ``opendata_page_type_published``
  (opendata 0003), 3-4 ms at 5,000 lessons → 0.04 ms."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marktplaats.bulk import seed_listings_bulk
from reisgids.management.commands.seed_bulk import seed_bulk
from reisgids.tests.helpers import large_table_plan

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the partial index is PostgreSQL's"),
]


def _large_table_plan(sql, drop_indexes=()):
    """The plan PostgreSQL takes for ``sql`` when the table is too large to read whole or sort (no
    sequential or bitmap scan, no sort; a test database holds a handful of rows)."""
    return large_table_plan(sql, disable=("seqscan", "bitmapscan", "sort"), drop_indexes=drop_indexes)


def test_the_api_count_and_last_change_of_listings_read_the_index_only(client):
    seed_bulk(scale=20)
    seed_listings_bulk(scale=100)
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/api/v1/listings/")
    assert response.status_code == 200
    statements = [
        query["sql"] for query in captured.captured_queries if '"marktplaats_listing"' in query["sql"]
    ]
    count = next(sql for sql in statements if sql.startswith("SELECT COUNT(*)"))
    latest = next(sql for sql in statements if sql.startswith('SELECT "marktplaats_listing"."updated_at"'))

    # The count from an index, not the table: PostgreSQL weighs the partial index against the status
    # index nearly alike, so either is accepted.
    assert "Seq Scan" not in _large_table_plan(count)
    assert "Index" in _large_table_plan(count)
    assert "Index Only Scan" in _large_table_plan(latest)
    assert "using listing_visible_status_updated" in _large_table_plan(latest)
    # The newest first from the end of the index, not a sort of every open listing: updated_at holds
    # no NULLs, so the order says none of NULLS LAST, which the ascending index cannot give backwards.
    assert "Sort" not in _large_table_plan(latest)
    assert "Index Only Scan Backward" in _large_table_plan(latest)


@pytest.mark.parametrize(
    ("path", "table", "index"),
    [
        ("/api/v1/organisations/", "reisgids_organisation", "organisation_updated"),
        ("/api/v1/deals/", "deals_deal", "deal_updated"),
    ],
)
def test_the_api_last_change_reads_the_newest_index_entry(client, path, table, index):
    """Last-Modified of the directory (``organisation_updated``, reisgids 0010) and of the deal register
    (``deal_updated``, deals 0007): the newest row from the end of the index; before, every row was
    read and sorted (3 ms at 10,000 organisations, 3.5 ms at 5,000 deals)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    latest = next(
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].startswith(f'SELECT "{table}"."updated_at"')
    )
    assert f"using {index}" in _large_table_plan(latest)
    assert "Sort" not in _large_table_plan(latest)


@pytest.mark.parametrize("path", ["/api/v1/lessons/", "/api/v1/news/", "/api/v1/events/", "/api/v1/stories/"])
def test_the_api_last_change_of_a_page_type_asks_for_its_newest_published_page(client, path):
    """Last-Modified of a page type's list: the type's live pages last published first, one row, which
    the index of opendata 0003 gives (on the bench database at 5,000 lessons 0.04 ms; the ``Max`` it
    replaces read every lesson, 3-4 ms). The planner takes the index only on a table of some size, so
    the statement's shape and the index are checked here."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    latest = next(
        query["sql"]
        for query in captured.captured_queries
        if query["sql"].startswith('SELECT "wagtailcore_page"."last_published_at"')
    )
    assert '"wagtailcore_page"."content_type_id" = ' in latest
    assert '"wagtailcore_page"."live"' in latest
    assert latest.endswith("ORDER BY 1 DESC NULLS LAST LIMIT 1")
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'opendata_page_type_published'")
        (definition,) = cursor.fetchone()
    assert "(content_type_id, last_published_at DESC NULLS LAST) WHERE live" in definition


@pytest.mark.parametrize("key", ["lessons", "news", "events", "stories"])
def test_the_api_list_and_count_of_a_page_type_name_its_content_type(client, key):
    """A page type's rows and count name the type's content type, so the indexes on live pages by type
    give that type's pages alone. Before, the stories' list walked every live page of the site by
    date (2,030 pages of other types for 20 stories at the bench's full scale) and counted by a join
    to every page (cold list 19 → 12 ms)."""
    from opendata.selectors import dataset_get, filtered_rows

    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/api/v1/{key}/")
    assert response.status_code == 200
    (count,) = [
        query["sql"] for query in captured.captured_queries if query["sql"].startswith("SELECT COUNT(*)")
    ]
    rows, _errors = filtered_rows(dataset_get(key=key), {})
    for sql in (count, str(rows.query)):
        assert '"wagtailcore_page"."content_type_id" = ' in sql


@pytest.mark.parametrize("key", ["lessons", "news", "events", "stories"])
def test_the_api_count_of_a_page_type_reads_its_index_only(client, key):
    """A page type's count reads the type's live pages in one language from the index of opendata 0004
    (content type, locale, id), without the page table: on the bench database the news' count read
    13,000 live pages by primary key for 5,000 news (5-7 ms cold); from the index 2.5 ms.

    On a test database's handful of pages every index of the page table costs about the same, and which
    one the planner took depended on how many pages other tests' rolled-back rows had left in the
    table's files (CI runs took the index of opendata 0003, Django's content-type and locale indexes,
    and a walk of the lessons by the page table's key). So the plan is asked for with the page table's
    other indexes dropped, its primary key too, inside the test's transaction, which rolls the drops
    back: with no sequential scan allowed, the count must be one the index of 0004 serves, by its
    leading columns."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/api/v1/{key}/")
    assert response.status_code == 200
    (count,) = [
        query["sql"] for query in captured.captured_queries if query["sql"].startswith("SELECT COUNT(*)")
    ]
    others = _other_page_indexes()
    assert {"opendata_page_type_published", "wagtailcore_page_pkey"} <= set(others)
    plan = _large_table_plan(count, drop_indexes=others)
    assert "using opendata_page_type_count on wagtailcore_page" in plan, plan
    assert _other_page_indexes() == others  # the drops were rolled back


def _other_page_indexes():
    """The indexes of the page table other than opendata 0004's."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'wagtailcore_page' "
            "AND indexname <> 'opendata_page_type_count'"
        )
        return sorted(row[0] for row in cursor.fetchall())
