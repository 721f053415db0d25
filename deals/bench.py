"""The deals' part of ``manage.py bench`` (found by ``reisgids.management.commands.bench``, the way
``seed_demo`` finds ``demo.py``): the pages to measure, their targets and the seed function.

At each scale of the bench there is one deal for every two organisations, and at least ``FULL_PAGE``
(so the filtered list shows a full first page at the small scale too), so the default run measures
80 and 5,000 deals with 3–6 partners each."""

from deals.bulk import DEAL_PREFIX, clear_deals_bulk, seed_deals_bulk
from deals.models import Deal, DealPartner
from reisgids.caching import bump_for
from reisgids.management.commands.bench import PARTNER_DEALS, PARTNER_ORGANISATION
from reisgids.management.commands.seed_bulk import FIXED_AREA, FIXED_THEME, FULL_PAGE
from reisgids.models import Organisation

DEALS_PER_ORGANISATION = 0.5

PAGES = [
    ("deal_list", "/deals/"),
    ("deal_list_filtered", "/deals/?theme={theme}&area={area}"),
    ("deal_search", "/deals/?q=zorg"),
    ("deal_detail", "/deals/{deal}/"),
]
PARAMS = {"theme": FIXED_THEME, "area": FIXED_AREA, "deal": f"{DEAL_PREFIX}000000"}
TARGET_PAGES = [name for name, _path in PAGES]
LIST_PAGES = ["deal_list", "deal_list_filtered"]


def clear():
    clear_deals_bulk()


def seed(*, organisations, clear):
    """Seed the bulk deals that go with ``organisations`` bulk organisations, and make the bench's
    partner organisation a partner in the first ``PARTNER_DEALS`` of them (all, when there are fewer):
    the deal measured ("deal_detail") is then a partner's deal page for the bench's "partner"."""
    # At least a full first page of the filtered list (every FIXED_EVERY-th deal carries its thema and
    # gebied): 50 deals at 100 organisations showed 13 of 20 rows, 32 KB against 38 KB at the large
    # scale, and its cold scale ratio (1.36-1.5) measured how full the page was, not the data size.
    totals = seed_deals_bulk(scale=max(FULL_PAGE, round(organisations * DEALS_PER_ORGANISATION)), clear=clear)
    organisation = Organisation.objects.get(slug=PARTNER_ORGANISATION)
    first = Deal.objects.filter(slug__startswith=DEAL_PREFIX).order_by("slug")[:PARTNER_DEALS]
    missing = Deal.objects.filter(pk__in=list(first.values_list("pk", flat=True))).exclude(
        partners__organisation=organisation
    )
    DealPartner.objects.bulk_create(
        DealPartner(
            deal=deal,
            organisation=organisation,
            role=DealPartner.Role.PARTNER,
            status=DealPartner.Status.ACCEPTED,
        )
        for deal in missing
    )
    bump_for(Deal)  # bulk_create sent no signals
    totals["partner_deals"] = DealPartner.objects.filter(
        organisation=organisation, status=DealPartner.Status.ACCEPTED
    ).count()
    return totals
