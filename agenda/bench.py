"""The agenda's part of ``manage.py bench``: the agenda, its archive, one event and the iCal feed.
One event for every five organisations: 20 and 2,000 events at the default scales."""

from agenda.bulk import EVENT_PREFIX, clear_events_bulk, seed_events_bulk
from reisgids.management.commands.seed_bulk import FIXED_AREA, FIXED_THEME, FULL_PAGE

EVENTS_PER_ORGANISATION = 0.2

PAGES = [
    ("agenda", "/agenda/"),
    ("agenda_filtered", "/agenda/?theme={theme}&area={area}"),
    ("agenda_archive", "/agenda/archief/"),
    ("event", "/agenda/{event}/"),
    ("agenda_ical", "/agenda/agenda.ics"),
]
PARAMS = {"theme": FIXED_THEME, "area": FIXED_AREA, "event": f"{EVENT_PREFIX}000000"}
TARGET_PAGES = ["agenda", "agenda_filtered", "event"]
# A Wagtail page costs a few queries more than a Django view (site, page, specific row, revision
# lookups); the counts are asserted constant in the query-bound tests.
TARGET_LIMITS = {name: {"queries": 20} for name in TARGET_PAGES}
# The iCal feed holds every upcoming event (up to agenda.selectors.FEED_MAX_EVENTS), so it is meant to
# grow with their number: its cold time is reported, not held to the scale ratio of the pages.
TARGET_LIMITS["agenda_ical"] = {"cold_scale_ratio": None}
LIST_PAGES = ["agenda", "agenda_filtered", "agenda_archive"]


def clear():
    clear_events_bulk()


def seed(*, organisations, clear):
    return seed_events_bulk(scale=max(FULL_PAGE, round(organisations * EVENTS_PER_ORGANISATION)), clear=clear)
