"""The agenda's iCal feed. Wagtail's page routes cannot end in ".ics", so the feed is a plain view."""

from django.shortcuts import get_object_or_404

from reisgids.agenda import selectors
from reisgids.agenda.ical import agenda_ical
from reisgids.agenda.models import EventIndexPage


def agenda_feed(request):
    index = get_object_or_404(EventIndexPage.objects.live().public())
    return agenda_ical(index, selectors.event_feed().descendant_of(index))
