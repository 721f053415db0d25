"""The marktplaats' part of ``manage.py bench`` (found by ``reisgids.management.commands.bench``):
the pages to measure, their targets and the seed function.

At each scale of the bench there are five listings for every organisation, so the default run
measures 500 and 50,000 listings, about half of them open."""

from marktplaats.bulk import LISTING_ID_BASE, clear_listings_bulk, seed_listings_bulk
from reisgids.management.commands.seed_bulk import FIXED_AREA, FIXED_THEME

LISTINGS_PER_ORGANISATION = 5

PAGES = [
    ("listing_list", "/marktplaats/"),
    ("listing_list_filtered", "/marktplaats/?kind=aanbod&theme={theme}&area={area}"),
    ("listing_search", "/marktplaats/?q=vrijwilligers"),
    ("listing_detail", "/marktplaats/{listing}/"),
]
PARAMS = {"theme": FIXED_THEME, "area": FIXED_AREA, "listing": LISTING_ID_BASE}
TARGET_PAGES = [name for name, _path in PAGES]
LIST_PAGES = ["listing_list", "listing_list_filtered"]


def clear():
    clear_listings_bulk()


def seed(*, organisations, clear):
    """Seed the bulk listings that go with ``organisations`` bulk organisations."""
    return seed_listings_bulk(scale=organisations * LISTINGS_PER_ORGANISATION, clear=clear)
