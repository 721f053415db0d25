"""Synthetic listings in bulk for load tests and the bench: ``seed_listings_bulk(scale=..., seed=...)``.

Listing i belongs to one of the bulk organisations that ``seed_bulk`` creates and gets a kind
(vraag/aanbod), a category, a status (most open or in gesprek, the rest ingevuld, verlopen or
ingetrokken, a few hidden), one or two thema's, one or two gebieden and up to two of their wijken,
all with bulk inserts. Deterministic: listing i always gets the same data for the same seed and the
id ``LISTING_ID_BASE + i`` (so the bench can name a listing page in its URL), and a run only adds
the listings that are missing; a newer index is a newer listing. Listing 0 is an open vraag for help
with a subsidy application about mantelzorg in Delfshaven and listing 1 a matching open aanbod of
another organisation, so the filtered list and the listing page with its matches show the same
kind of rows at every scale. Bulk listings are demo content (``is_demo``)."""

import random
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from marktplaats.models import Conversation, Listing, Message, Report, VoucherClaim
from reisgids.caching import bump_for
from reisgids.management.commands.seed_bulk import FIXED_AREA, FIXED_EVERY, FIXED_THEME, SLUG_PREFIX, TOPICS
from reisgids.models import Area, Neighbourhood, Organisation, Theme

LISTING_ID_BASE = 10_000_000
LISTING_ID_END = 2 * LISTING_ID_BASE
BATCH = 2000
EPOCH = datetime(2025, 1, 1, 9, 0, tzinfo=UTC)
STEP = timedelta(minutes=10)  # listing i was posted STEP after listing i - 1

KIND_WEIGHTS = {Listing.Kind.VRAAG: 55, Listing.Kind.AANBOD: 45}
STATUS_WEIGHTS = {
    Listing.Status.OPEN: 45,
    Listing.Status.IN_GESPREK: 10,
    Listing.Status.INGEVULD: 20,
    Listing.Status.VERLOPEN: 20,
    Listing.Status.INGETROKKEN: 5,
}
CATEGORY_WEIGHTS = {
    Listing.Category.BUSINESSPLAN: 10,
    Listing.Category.SUBSIDIE: 12,
    Listing.Category.KENNIS: 15,
    Listing.Category.HANDJES: 15,
    Listing.Category.RUIMTE: 12,
    Listing.Category.PARTNER: 6,
    Listing.Category.WORKSHOP: 10,
    Listing.Category.MATERIAAL: 8,
    Listing.Category.OVERIG: 12,
}
HIDDEN_SHARE = 0.01
VOUCHER_SHARE = 0.05

# (vraag title, aanbod title) per category; {topic} is one of seed_bulk's TOPICS.
TITLES = {
    Listing.Category.BUSINESSPLAN: (
        "Hulp gezocht bij ons businessplan over {topic}",
        "Coaching bij je businessplan voor {topic}",
    ),
    Listing.Category.SUBSIDIE: (
        "Hulp gezocht bij een subsidieaanvraag voor {topic}",
        "Wij helpen bij je subsidieaanvraag voor {topic}",
    ),
    Listing.Category.KENNIS: ("Wie weet meer over {topic}?", "Advies en kennis over {topic}"),
    Listing.Category.HANDJES: ("Vrijwilligers gezocht voor {topic}", "Extra handjes voor {topic}"),
    Listing.Category.RUIMTE: (
        "Ruimte gezocht voor een bijeenkomst over {topic}",
        "Vergaderruimte vrij voor {topic}",
    ),
    Listing.Category.PARTNER: (
        "Partner gezocht voor een deal over {topic}",
        "Wij doen graag mee aan een deal over {topic}",
    ),
    Listing.Category.WORKSHOP: ("Workshop gezocht over {topic}", "Workshop of training over {topic}"),
    Listing.Category.MATERIAAL: ("Materiaal gezocht voor {topic}", "Materiaal te leen voor {topic}"),
    Listing.Category.OVERIG: ("Vraag over {topic}", "Aanbod rond {topic}"),
}
DESCRIPTIONS = [
    "We zijn een {kind} uit de wijk en zoeken voor ons werk rond {topic} iemand die wil meedenken.",
    "Voor onze activiteiten rond {topic} kunnen we wel wat hulp gebruiken. Laat even weten wat je kunt doen.",
    "Rond {topic} hebben we ervaring opgebouwd die we graag delen met andere partijen in Rotterdam.",
]


def _rng(seed, index):
    return random.Random(f"{seed}:listing:{index}")


def bulk_listings():
    return Listing.objects.filter(pk__gte=LISTING_ID_BASE, pk__lt=LISTING_ID_END)


def clear_listings_bulk():
    """Remove every bulk listing and what belongs to it with plain DELETE statements."""
    listings = bulk_listings()
    conversations = Conversation.objects.filter(listing__in=listings)
    for queryset in (
        Report.objects.filter(listing__in=listings),
        Message.objects.filter(conversation__in=conversations),
        conversations,
        VoucherClaim.objects.filter(listing__in=listings),
        Listing.themes.through.objects.filter(listing__in=listings),
        Listing.areas.through.objects.filter(listing__in=listings),
        Listing.neighbourhoods.through.objects.filter(listing__in=listings),
        listings,
    ):
        queryset._raw_delete(queryset.db)
    bump_for(Listing)


@contextmanager
def _keep_created_at():
    """bulk_create sets auto_now_add fields to now; bulk listings carry their own posting time."""
    field = Listing._meta.get_field("created_at")
    field.auto_now_add = False
    try:
        yield
    finally:
        field.auto_now_add = True


@transaction.atomic
def seed_listings_bulk(*, scale, seed=10, clear=False):
    """Bring the bulk listings up to ``scale``; returns the totals. Needs ``seed_bulk`` first."""
    if clear:
        clear_listings_bulk()
    organisations = list(
        Organisation.objects.filter(slug__startswith=SLUG_PREFIX).order_by("slug").values_list("pk", "kind")
    )
    if len(organisations) < 2:
        raise ImproperlyConfigured("Bulk listings need at least two bulk organisations: run seed_bulk first.")
    themes = dict(Theme.objects.order_by("slug").values_list("slug", "pk"))
    areas = dict(Area.objects.order_by("slug").values_list("slug", "pk"))
    theme_ids, area_ids = list(themes.values()), list(areas.values())
    wijken_by_area = {}
    for pk, area_id in Neighbourhood.objects.order_by("slug").values_list("pk", "area_id"):
        wijken_by_area.setdefault(area_id, []).append(pk)
    fixed_theme = themes.get(FIXED_THEME, theme_ids[0])
    fixed_area = areas.get(FIXED_AREA, area_ids[0])
    kinds, kind_weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    statuses, status_weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    categories, category_weights = list(CATEGORY_WEIGHTS), list(CATEGORY_WEIGHTS.values())
    org_kinds = dict(Organisation.Kind.choices)
    today = timezone.localdate()

    existing = set(bulk_listings().values_list("pk", flat=True))
    listings, links = [], {"themes": [], "areas": [], "neighbourhoods": []}
    for i in range(scale):
        pk = LISTING_ID_BASE + i
        if pk in existing:
            continue
        rng = _rng(seed, i)
        if i < 2:  # the bench's listing page (a vraag) and a match for it (an aanbod)
            kind = Listing.Kind.VRAAG if i == 0 else Listing.Kind.AANBOD
            category, status, topic = Listing.Category.SUBSIDIE, Listing.Status.OPEN, TOPICS[0]
            organisation_id, organisation_kind = organisations[i]
            listing_themes, listing_areas = [fixed_theme], [fixed_area]
            wijken = wijken_by_area.get(fixed_area, [])[:1]
        else:
            kind = rng.choices(kinds, kind_weights)[0]
            category = rng.choices(categories, category_weights)[0]
            status = rng.choices(statuses, status_weights)[0]
            topic = rng.choice(TOPICS)
            # Only organisations that exist whenever listing i does (five listings per organisation).
            organisation_id, organisation_kind = rng.choice(organisations[: max(2, i // 5 + 1)])
            listing_themes = _pick(rng, theme_ids, 1, 2)
            listing_areas = _pick(rng, area_ids, 1, 2)
            if i % FIXED_EVERY == 0:  # what the bench's filtered list asks for (seed_bulk.FIXED_EVERY)
                kind, status = Listing.Kind.AANBOD, Listing.Status.OPEN
                listing_themes, listing_areas = sorted({fixed_theme, *listing_themes}), [fixed_area]
            candidates = [pk for area in listing_areas for pk in wijken_by_area.get(area, [])]
            wijken = _pick(rng, candidates, 0, 2) if candidates else []
        created = EPOCH + i * STEP
        active = status in Listing.ACTIVE_STATUSES
        valid_until = (
            today + timedelta(days=rng.randint(14, 120)) if active else created.date() + timedelta(days=90)
        )
        hidden = i >= 2 and rng.random() < HIDDEN_SHARE
        listings.append(
            Listing(
                pk=pk,
                kind=kind,
                category=category,
                title=TITLES[category][kind == Listing.Kind.AANBOD].format(topic=topic) + f" ({i:06d})",
                description=rng.choice(DESCRIPTIONS).format(
                    kind=org_kinds.get(organisation_kind, "partij").lower(), topic=topic
                ),
                organisation_id=organisation_id,
                valid_until=valid_until,
                status=status,
                matched_organisation_id=rng.choice(organisations)[0]
                if status == Listing.Status.INGEVULD
                else None,
                vouchers_total=rng.randint(3, 10)
                if kind == Listing.Kind.AANBOD and i >= 2 and rng.random() < VOUCHER_SHARE
                else 0,
                hidden_at=created + timedelta(days=2) if hidden else None,
                hidden_reason="Verborgen door de netwerkmanager (testdata)." if hidden else "",
                closed_at=None if active else created + timedelta(days=rng.randint(7, 90)),
                is_demo=True,
                created_at=created,
            )
        )
        links["themes"] += [Listing.themes.through(listing_id=pk, theme_id=t) for t in listing_themes]
        links["areas"] += [Listing.areas.through(listing_id=pk, area_id=a) for a in listing_areas]
        links["neighbourhoods"] += [
            Listing.neighbourhoods.through(listing_id=pk, neighbourhood_id=w) for w in wijken
        ]
    with _keep_created_at():
        Listing.objects.bulk_create(listings, batch_size=BATCH)
    for name, rows in links.items():
        getattr(Listing, name).through.objects.bulk_create(rows, batch_size=BATCH)
    # bulk_create sends no signals: tell the caches that show listings.
    bump_for(Listing)
    return {"listings": bulk_listings().count()}


def _pick(rng, items, low, high):
    return rng.sample(items, k=min(len(items), rng.randint(low, high)))
