"""The agenda, its archive, an event page and the iCal feed run the same number of queries at 10 and
at 600 events (half upcoming, half past), with and without filters."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agenda.bulk import EVENT_PREFIX, seed_events_bulk
from agenda.tests.factories import make_event
from reisgids.caching import bump
from reisgids.models import Area, Theme

pytestmark = pytest.mark.django_db

# 14, and one query for the items other apps add below the upcoming events (reisgids.registries.
# agenda_items: the public side activities of residence).
BOUND = 15
URLS = [
    "/agenda/",
    "/agenda/?page=2",
    "/agenda/?kind=workshop&theme=mantelzorg&area=delfshaven",
    "/agenda/archief/",
    "/agenda/archief/?theme=mantelzorg",
    f"/agenda/{EVENT_PREFIX}000000/",
    f"/agenda/{EVENT_PREFIX}000001/",
    f"/agenda/{EVENT_PREFIX}000000/ics/",
    "/agenda/agenda.ics",
]


def _count(client, url):
    bump("agenda")  # measure the iCal feed as built, not as cached
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_agenda_pages_run_a_fixed_number_of_queries(client):
    theme, _ = Theme.objects.get_or_create(slug="mantelzorg", defaults={"name": "Mantelzorg"})
    area, _ = Area.objects.get_or_create(slug="delfshaven", defaults={"name": "Delfshaven"})
    make_event(title="Workshop mantelzorg", kind="workshop", themes=[theme], areas=[area])
    make_event(title="Mantelzorgcafé", start=timezone.now() - timedelta(days=3), themes=[theme])
    seed_events_bulk(scale=10, index=False)
    for url in URLS:  # warm up (content types, site root paths)
        _count(client, url)
    small = {url: _count(client, url) for url in URLS}
    seed_events_bulk(scale=600, index=False)
    # The bulk insert bumps the atlas version: the first requests find the route and site afresh.
    cold = {url: _count(client, url) for url in URLS}
    large = {url: _count(client, url) for url in URLS}
    assert large == small
    assert max(small.values()) <= BOUND, small
    assert max(cold.values()) <= BOUND, cold
