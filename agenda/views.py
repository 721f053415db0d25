"""The agenda's iCal feed. Wagtail's page routes cannot end in ".ics", so the feed is a plain view."""

from django.conf import settings
from django.shortcuts import get_object_or_404

from agenda import selectors
from agenda.caching import cached_feed
from agenda.ical import agenda_calendar
from agenda.models import EventIndexPage
from reisgids.ical import ical_download


def agenda_feed(request):
    index = get_object_or_404(
        EventIndexPage.objects.live().public().filter(locale__language_code=settings.LANGUAGE_CODE)
    )
    content = cached_feed(
        index.pk,
        lambda: agenda_calendar(
            index, selectors.event_feed().descendant_of(index)[: selectors.FEED_MAX_EVENTS]
        ),
    )
    return ical_download(content, filename="agenda.ics")
