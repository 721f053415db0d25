"""The public counts on /idee/ come from the fragment cache, and a signed-in person's own ideas and
whether they may see the team's overview are kept per person: a warm /idee/ runs no query, for a
visitor and signed in, the same at 10 and 1,000 ideas; nobody gets another's ideas from it; a new
idea shows in the counts and in one's own ideas at once."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from intake.bulk import seed_intakes_bulk
from intake.tests.factories import IntakeFactory
from reisgids.tests.factories import ContactPointFactory, UserFactory

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
    assert counts[1] == 0, counts


def test_a_new_idea_shows_in_the_counts_at_once(client):
    seed_intakes_bulk(10)
    assert "Tot nu toe 10 ideeën ingediend" in client.get("/idee/").content.decode()
    IntakeFactory()
    assert "Tot nu toe 11 ideeën ingediend" in client.get("/idee/").content.decode()


@pytest.mark.parametrize("first", ["ilse", "piet"])
def test_ones_own_ideas_on_a_warm_idee_page_are_ones_own(first):
    ilse, piet = UserFactory(), UserFactory()
    IntakeFactory(initiator=ilse, title="Het idee van Ilse")
    clients = {"ilse": Client(), "piet": Client()}
    clients["ilse"].force_login(ilse)
    clients["piet"].force_login(piet)
    for who in [first, *(set(clients) - {first})]:
        clients[who].get("/idee/")
    assert "Het idee van Ilse" in clients["ilse"].get("/idee/").content.decode()
    assert "Het idee van Ilse" not in clients["piet"].get("/idee/").content.decode()
    IntakeFactory(initiator=piet, title="Het idee van Piet")
    assert "Het idee van Piet" in clients["piet"].get("/idee/").content.decode()
    assert "Het idee van Piet" not in clients["ilse"].get("/idee/").content.decode()


def test_a_new_aanspreekpunt_gets_the_link_to_the_overview_at_once(client):
    user = UserFactory()
    client.force_login(user)
    assert "/idee/overzicht/" not in client.get("/idee/").content.decode()
    ContactPointFactory(user=user)
    assert "/idee/overzicht/" in client.get("/idee/").content.decode()
    assert client.get("/idee/overzicht/").status_code == 200
