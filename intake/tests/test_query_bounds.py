"""The team's list, an intake page and the public counts run the same number of queries with 10 and
with 1,000 intakes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intake.bulk import BENCH_INTAKE_PK, seed_intakes_bulk
from intake.tests.factories import role_user
from reisgids import roles

pytestmark = pytest.mark.django_db

PAGES = [
    "/idee/overzicht/",
    "/idee/overzicht/?status=overgedragen&overdue=on",
    f"/idee/{BENCH_INTAKE_PK}/",
    "/idee/",
]


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("url", PAGES)
def test_intake_pages_run_a_fixed_number_of_queries(client, url):
    client.force_login(role_user(roles.INITIATIVE_TEAM_GROUP))
    counts = []
    for size in (10, 1000):
        seed_intakes_bulk(size)
        _queries(client, url)  # the first request of a session loads what later ones keep
        counts.append(_queries(client, url))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 15, counts


def test_bulk_intakes_grow_to_a_scale_without_clearing():
    assert seed_intakes_bulk(5)["intakes"] == 5
    assert seed_intakes_bulk(12, clear=False)["intakes"] == 12
    assert seed_intakes_bulk(3)["intakes"] == 3
