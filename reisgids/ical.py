"""iCal (RFC 5545) files of the reisgids, built with ``icalendar``: one house style for the agenda's
events and the deals' kick-offs. Times are written in Europe/Amsterdam with a TZID and the matching
VTIMEZONE, so calendar programs show the right hour on both sides of a daylight saving change."""

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar, Event

PRODID = "-//Reisgids zorg en welzijn//{name}//NL"


def new_calendar(*, name, title):
    """An empty VCALENDAR; ``name`` goes in the PRODID, ``title`` is what calendar programs show."""
    calendar = Calendar()
    calendar.add("prodid", PRODID.format(name=name))
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", str(title))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def add_event(calendar, *, uid, start, end, summary, url, location="", description="", stamp=None):
    """Add a VEVENT. ``uid`` must stay the same for the same event (calendar programs update it
    instead of adding a copy); ``url`` is a path on the site or an absolute URL."""
    event = Event()
    event.add("uid", f"{uid}@reisgids")
    event.add("dtstamp", stamp or timezone.now())
    event.add("dtstart", timezone.localtime(start))
    event.add("dtend", timezone.localtime(end))
    event.add("summary", summary)
    if location:
        event.add("location", location)
    if description:
        event.add("description", description)
    event.add("url", url if "://" in url else settings.SITE_URL + url)
    calendar.add_component(event)
    return event


def calendar_bytes(calendar):
    """The calendar as iCal text, with the VTIMEZONEs its events need."""
    calendar.add_missing_timezones()
    return calendar.to_ical()


def ical_download(content, *, filename):
    """iCal text (bytes) as a ``text/calendar`` download."""
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def ical_response(calendar, *, filename):
    return ical_download(calendar_bytes(calendar), filename=filename)
