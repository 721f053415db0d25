"""The public counts on /idee/ come from the fragment cache: a warm /idee/ runs no query for a
visitor and two for a signed-in person (their own ideas, whether they may see the team's
overview), the same at 10 and 1,000 ideas; a new idea shows in the counts at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intake.bulk import seed_intakes_bulk
from intake.tests.factories import IntakeFactory
from reisgids.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _warm_queries(client, url="/idee/"):
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("signed_in", [False, True])
def test_a_warm_idee_page_runs_the_same_few_queries_at_10_and_1000_ideas(client, signed_in):
    if signed_in:
        client.force_login(UserFactory())
    counts = []
    for size in (10, 1000):
        seed_intakes_bulk(size)
        counts.append(_warm_queries(client))
    assert counts[0] == counts[1], counts
    assert counts[1] <= (2 if signed_in else 0), counts


def test_a_new_idea_shows_in_the_counts_at_once(client):
    seed_intakes_bulk(10)
    assert "Tot nu toe 10 ideeën ingediend" in client.get("/idee/").content.decode()
    IntakeFactory()
    assert "Tot nu toe 11 ideeën ingediend" in client.get("/idee/").content.decode()
