"""The deals' part of ``manage.py bench`` (found by ``reisgids.management.commands.bench``, the way
``seed_demo`` finds ``demo.py``): the pages to measure, their targets and the seed function.

At each scale of the bench there is one deal for every two organisations, so the default run
measures 50 and 5,000 deals with 3–6 partners each."""

from deals.bulk import DEAL_PREFIX, seed_deals_bulk
from reisgids.management.commands.seed_bulk import FIXED_AREA, FIXED_THEME

DEALS_PER_ORGANISATION = 0.5

PAGES = [
    ("deal_list", "/deals/"),
    ("deal_list_filtered", "/deals/?theme={theme}&area={area}"),
    ("deal_search", "/deals/?q=zorg"),
    ("deal_detail", "/deals/{deal}/"),
]
PARAMS = {"theme": FIXED_THEME, "area": FIXED_AREA, "deal": f"{DEAL_PREFIX}000000"}
TARGET_PAGES = [name for name, _path in PAGES]


def seed(*, organisations, clear):
    """Seed the bulk deals that go with ``organisations`` bulk organisations."""
    return seed_deals_bulk(scale=max(1, round(organisations * DEALS_PER_ORGANISATION)), clear=clear)
