"""Open data feeds: an Atom feed of newly closed deals and an iCal file of upcoming kick-offs."""

from datetime import timedelta

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from deals import selectors
from reisgids.ical import add_event, ical_response, new_calendar


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

    def author_name(self):
        return settings.PLATFORM_ORGANISATION

    def item_author_name(self, item):
        """The deal's partners (prefetched with the deal): together they are its authors."""
        return ", ".join(p.organisation.name for p in item.partners.all()) or settings.PLATFORM_ORGANISATION

    def item_updateddate(self, item):
        return item.updated_at


def kickoffs_ical(request):
    calendar = new_calendar(name="Kick-offs", title=_("Kick-offs of care and welfare deals"))
    now = timezone.now()
    for deal in selectors.upcoming_kickoffs():
        place = deal.kickoff_place or (deal.kickoff_moment.place if deal.kickoff_moment else "")
        add_event(
            calendar,
            uid=f"deal-{deal.pk}-kickoff",
            start=deal.kickoff_at,
            end=deal.kickoff_at + timedelta(hours=2),
            summary=f"Kick-off: {deal.title}",
            location=place,
            description=deal.kickoff_description or deal.goal,
            url=deal.get_absolute_url(),
            stamp=now,
        )
    return ical_response(calendar, filename="kick-offs.ics")
