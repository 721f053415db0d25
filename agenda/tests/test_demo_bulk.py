import pytest
from django.utils import timezone

from agenda.bulk import EVENT_PREFIX, clear_events_bulk, seed_events_bulk
from agenda.demo import EVENTS, seed_agenda
from agenda.models import EventPage
from reisgids import demo

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
