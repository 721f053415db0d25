"""The iCal invitation of an intake's first meeting (``reisgids.ical``'s house style)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from reisgids.ical import add_event, ical_response, new_calendar


def meeting_ical(intake, meeting):
    calendar = new_calendar(name="Idee", title=intake.title)
    names = ", ".join(user.get_full_name() or user.email for user in meeting.attendees.all())
    description = meeting.note
    if names:
        description = f"{description}\n\n{_('Officials')}: {names}".strip()
    add_event(
        calendar,
        uid=f"intake-meeting-{meeting.pk}",
        start=meeting.starts_at,
        end=meeting.ends_at,
        summary=_("First meeting: %(intake)s") % {"intake": intake.title},
        location=meeting.place,
        description=description,
        url=reverse("intake:detail", args=[intake.pk]),
        stamp=timezone.now(),
    )
    return ical_response(calendar, filename=f"idee-{intake.pk}-afspraak.ics")
