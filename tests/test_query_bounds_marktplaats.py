"""The marktplaats' queries keep a plan that grows with the data, also without planner statistics.

Right after a bulk load (and in every test: its rows are never committed, so never analysed)
PostgreSQL has to guess how many rows match, and a filter shaped as a semi-join on a UNION was run
as a nested loop that rescans the union for every listing: more than 3 s for one COUNT(*) at 20,000
listings, 5 s at 50,000 (the CI once hung on such a COUNT). Every listing here shares its theme,
gebied and wijk, the worst case for such a plan, and every statement gets a time limit, so a plan
like that fails this test at once instead of hanging the run. The query counts are asserted in
``marktplaats/tests/test_views.py``."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marktplaats.tests.factories import member_of
from marktplaats.tests.test_views import make_listings
from reisgids.tests.factories import NeighbourhoodFactory, ThemeFactory

pytestmark = pytest.mark.django_db

LISTINGS = 20_000  # at 5,000 the planner still chose well; at 20,000 the union filter took > 3 s
STATEMENT_TIMEOUT_MS = 3000  # a linear plan needs about 100 ms for 20,000 listings


@pytest.fixture
def listings():
    theme = ThemeFactory(name="Mantelzorg", slug="mantelzorg")
    wijk = NeighbourhoodFactory(name="Bospolder", slug="bospolder")
    rows = make_listings(LISTINGS, theme, wijk, wijk.area)
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL statement_timeout = {STATEMENT_TIMEOUT_MS}")
    yield rows, theme, wijk
    # Off again before the test's teardown checks the deferred foreign keys of all these rows at once
    # (SET CONSTRAINTS ALL IMMEDIATE), which may take longer than the limit on a busy machine.
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL statement_timeout = 0")


def test_list_filters_and_matches_stay_linear_without_statistics(client, listings):
    rows, theme, wijk = listings
    area = wijk.area.slug
    urls = [
        "/marktplaats/",
        f"/marktplaats/?area={area}",
        f"/marktplaats/?kind=aanbod&theme={theme.slug}&area={area}",
        f"/marktplaats/?theme={theme.slug}&neighbourhood={wijk.slug}&category=subsidie",
        f"/marktplaats/?q=listing&area={area}&organisation_kind=initiatief",
        "/marktplaats/?status=alle&page=3",
        rows[0].get_absolute_url(),
        rows[1].get_absolute_url(),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url
    client.force_login(member_of(rows[0].organisation))
    assert client.get(rows[0].get_absolute_url()).status_code == 200


def _link_rows_read(plan):
    """How many rows the plan (EXPLAIN ANALYZE, FORMAT JSON) read from the listings' link tables."""
    rows = 0
    if plan.get("Relation Name", "").startswith(
        ("marktplaats_listing_areas", "marktplaats_listing_neighbourhoods")
    ):
        rows += plan["Actual Rows"] * plan["Actual Loops"]
    return rows + sum(_link_rows_read(child) for child in plan.get("Plans", []))


@pytest.mark.parametrize("count", [2_000, 8_000])
def test_a_page_of_the_gebied_filter_reads_a_page_of_links_with_statistics(client, count):
    """With planner statistics (after an ANALYZE, as on a live site) the list filtered on a gebied
    reads the link tables for the rows of one page, whatever the number of listings. Two EXISTS
    joined by OR, PostgreSQL hashed: it read both link tables whole for a page of 20 (at 50,000
    listings 32,000 rows, 12 ms of the cold page's 60)."""
    theme = ThemeFactory(name="Mantelzorg", slug="mantelzorg")
    wijk = NeighbourhoodFactory(name="Bospolder", slug="bospolder")
    make_listings(count, theme, wijk, wijk.area)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    with CaptureQueriesContext(connection) as captured:
        assert (
            client.get(f"/marktplaats/?kind=aanbod&theme={theme.slug}&area={wijk.area.slug}").status_code
            == 200
        )
    [page] = [q["sql"] for q in captured if "EXISTS" in q["sql"] and q["sql"].rstrip().endswith("LIMIT 20")]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {page}")
        plan = cursor.fetchone()[0][0]["Plan"]
    assert _link_rows_read(plan) <= 200
