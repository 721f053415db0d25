import re

import pytest
from django.utils import timezone

from agenda.bulk import EVENT_PREFIX, clear_events_bulk, seed_events_bulk
from agenda.demo import EVENTS, seed_agenda
from agenda.models import PAGE_SIZE, EventPage
from reisgids import demo
from reisgids.management.commands.seed_bulk import FIXED_AREA, FIXED_THEME, FULL_PAGE

pytestmark = pytest.mark.django_db


def test_seed_agenda_is_idempotent_and_has_upcoming_and_past_events():
    demo.load()
    assert seed_agenda() == len(EVENTS)
    assert seed_agenda() == len(EVENTS)
    events = EventPage.objects.live()
    assert events.count() == len(EVENTS)
    now = timezone.now()
    assert events.filter(start__gte=now).count() >= 5 and events.filter(start__lt=now).count() >= 2
    workshop = events.get(slug="workshop-subsidie-aanvragen")
    assert workshop.kind == "workshop" and workshop.given_by == "gemeente" and workshop.online_url
    zorgzaam = events.get(slug="netwerkbijeenkomst-zorgzaam010")
    assert zorgzaam.organiser.slug == "zorgzaam010"
    assert set(zorgzaam.themes.values_list("slug", flat=True)) == {"mantelzorg", "zorg-en-welzijn-in-de-wijk"}
    assert set(events.values_list("kind", flat=True)) >= {
        "netwerkbijeenkomst",
        "workshop",
        "training",
        "kick-off",
    }


def test_bulk_events_are_live_pages_that_can_be_cleared(client):
    assert seed_events_bulk(scale=6) == {"events": 6}
    assert seed_events_bulk(scale=6) == {"events": 6}
    response = client.get(f"/agenda/{EVENT_PREFIX}000000/")
    assert response.status_code == 200
    clear_events_bulk()
    assert not EventPage.objects.filter(slug__startswith=EVENT_PREFIX).exists()


def test_the_filtered_agenda_is_a_full_page_at_the_bench_small_scale(client):
    """The bench's filtered agenda (``agenda/bench.py``) measures a full page at both scales: from
    ``FULL_PAGE`` bulk events a whole page of upcoming events has the fixed thema and gebied (with only
    the first one, the small scale's page held a few events and its cold time compared a shorter page)."""
    seed_events_bulk(scale=FULL_PAGE, index=False)
    response = client.get("/agenda/", {"theme": FIXED_THEME, "area": FIXED_AREA})
    assert response.status_code == 200
    shown = set(re.findall(rf'href="/agenda/({EVENT_PREFIX}\d+)/"', response.content.decode()))
    assert len(shown) == PAGE_SIZE
