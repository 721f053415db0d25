"""Reads of the agenda. Events are public pages: only live ones are ever listed."""

from datetime import timedelta

from django.db.models import prefetch_related_objects
from django.utils import timezone

from agenda.models import EventPage
from reisgids.pages import public

FEED_PAST_DAYS = 90
# A calendar app gets at most this many events from the feed (the first ones from 90 days ago): the
# response stays bounded whatever the agenda holds.
FEED_MAX_EVENTS = 1000


def _events():
    return public(EventPage.objects.live()).select_related("organiser")


def event_upcoming(*, limit=None):
    """Live events that have not started yet, soonest first. ``limit`` gives a list (for the home page
    block), without it a queryset to filter and paginate."""
    events = _events().filter(start__gte=timezone.now()).order_by("start", "pk")
    if limit is not None:
        events = list(events[:limit])
        prefetch_cards(events)
        return events
    return events


def event_past():
    """Live events that have started, newest first (the archive)."""
    return _events().filter(start__lt=timezone.now()).order_by("-start", "-pk")


def event_feed():
    """What the iCal feed of the whole agenda holds: upcoming events and those of the last 90 days (the
    feed serves the first FEED_MAX_EVENTS of them)."""
    since = timezone.now() - timedelta(days=FEED_PAST_DAYS)
    return _events().filter(start__gte=since).order_by("start", "pk")


def prefetch_cards(events):
    """Load what an event card shows (thema's) for a page of events, in one query."""
    prefetch_related_objects(list(events), "themes")
