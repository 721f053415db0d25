"""iCal downloads of the agenda: one event, or the whole agenda (upcoming and the last 90 days)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from reisgids.ical import add_event, calendar_bytes, ical_response, new_calendar


def _add(calendar, event, *, stamp, url):
    location = event.place
    if event.online_url:
        location = f"{location} ({event.online_url})" if location else event.online_url
    description = event.intro
    if event.registration_url:
        description += f"\n\n{_('Register')}: {event.registration_url}"
    add_event(
        calendar,
        uid=f"agenda-event-{event.pk}",
        start=event.start,
        end=event.end,
        summary=event.title,
        location=location,
        description=description,
        url=url,
        stamp=stamp,
    )


def event_ical(event):
    calendar = new_calendar(name="Agenda", title=event.title)
    _add(calendar, event, stamp=timezone.now(), url=event.url)
    return ical_response(calendar, filename=f"{event.slug}.ics")


def agenda_calendar(index, events):
    """The iCal text of ``events``, children of ``index``: their URLs follow from its URL, without a
    look-up each."""
    base = index.url
    calendar = new_calendar(name="Agenda", title=_("Agenda of the Reisgids zorg en welzijn"))
    stamp = timezone.now()
    for event in events:
        _add(calendar, event, stamp=stamp, url=f"{base}{event.slug}/")
    return calendar_bytes(calendar)
