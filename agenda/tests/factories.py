"""Events for tests: real pages under the agenda index (created by the migration)."""

from datetime import timedelta

from django.utils import timezone
from django.utils.text import slugify

from agenda.models import EventIndexPage, EventPage
from atlas.models import original


def agenda_index():
    return original(EventIndexPage)  # the Dutch one, not its English version


def make_event(*, title="Zorgzaam010 netwerkbijeenkomst", start=None, hours=2, themes=(), areas=(), **fields):
    """A live event under the agenda; ``start`` defaults to a week from now."""
    start = start or timezone.now().replace(microsecond=0) + timedelta(days=7)
    fields.setdefault("intro", "Ontmoet andere initiatieven in zorg en welzijn.")
    fields.setdefault("place", "Wijkcentrum De Larenkamp, Rotterdam")
    fields.setdefault("slug", slugify(title))
    event = EventPage(title=title, start=start, end=start + timedelta(hours=hours), **fields)
    agenda_index().add_child(instance=event)
    if themes or areas:
        event.themes.set(themes)
        event.areas.set(areas)
        event.save_revision().publish()
    return event
