"""Open data feeds: an Atom feed of newly closed deals and an iCal file of upcoming kick-offs."""

from datetime import timedelta

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _
from icalendar import Calendar, Event

from deals import selectors


class ClosedDealsFeed(Feed):
    feed_type = Atom1Feed
    title = _("Newly closed care and welfare deals")
    subtitle = _("Deals closed in the Reisgids zorg en welzijn, newest first.")

    def link(self):
        return reverse("deals:list")

    def items(self):
        return selectors.recently_closed()

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        partners = ", ".join(p.organisation.name for p in item.partners.all())
        return f"{item.goal}\n\n{_('Partners')}: {partners}"

    def item_pubdate(self, item):
        return item.closed_at

    def item_updateddate(self, item):
        return item.updated_at


def kickoffs_ical(request):
    calendar = Calendar()
    calendar.add("prodid", "-//Reisgids zorg en welzijn//Kick-offs//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", str(_("Kick-offs of care and welfare deals")))
    now = timezone.now()
    for deal in selectors.upcoming_kickoffs():
        event = Event()
        event.add("uid", f"deal-{deal.pk}-kickoff@reisgids")
        event.add("dtstamp", now)
        event.add("dtstart", deal.kickoff_at)
        event.add("dtend", deal.kickoff_at + timedelta(hours=2))
        event.add("summary", f"Kick-off: {deal.title}")
        place = deal.kickoff_place or (deal.kickoff_moment.place if deal.kickoff_moment else "")
        if place:
            event.add("location", place)
        event.add("description", deal.kickoff_description or deal.goal)
        event.add("url", settings.SITE_URL + deal.get_absolute_url())
        calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="kick-offs.ics"'
    return response
