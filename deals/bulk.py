"""Synthetic deals in bulk for load tests and the bench: ``seed_deals_bulk(scale=..., seed=...)``.

Deal i gets 3–6 partners (the first is the trekker) from the bulk organisations that
``seed_bulk`` creates, each with one or two contributions, plus thema's, gebieden, wijken, expected
results and milestones, all with bulk inserts. Deterministic: deal i always gets the same data for
the same seed, and a run only adds the deals that are missing. Most deals are in the public
register (gesloten, kick-off, in uitvoering, afgerond). Deal 0 always carries the theme
"mantelzorg" and the area "delfshaven", so filtered pages show the same kind of rows at every
scale. Bulk deals are demo content; their slugs start with ``bulk-deal-``."""

import random
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from deals.models import Contribution, Deal, DealEvent, DealPartner, ExpectedResult, Milestone
from reisgids.caching import bump_for
from reisgids.management.commands.seed_bulk import FIXED_AREA, FIXED_EVERY, FIXED_THEME, SLUG_PREFIX, TOPICS
from reisgids.models import Area, Neighbourhood, Organisation, Theme

DEAL_PREFIX = "bulk-deal-"
BATCH = 2000
EPOCH = datetime(2025, 1, 1, 10, 0, tzinfo=UTC)
STATUS_WEIGHTS = {
    Deal.Status.CLOSED: 30,
    Deal.Status.KICKOFF: 15,
    Deal.Status.RUNNING: 30,
    Deal.Status.FINISHED: 15,
    Deal.Status.EXPLORING: 5,
    Deal.Status.PLANNING: 5,
}
GOALS = [
    "Samen zorgen we dat {topic} in de wijk dichterbij komt voor bewoners die het nodig hebben.",
    "Minder eenzaamheid en betere zorg rond {topic}, door krachten in de buurt te bundelen.",
    "Bewoners vinden sneller hulp bij {topic}; partners verwijzen warm naar elkaar door.",
]
CONTRIBUTIONS = [
    (Contribution.Kind.MONEY, "Een bijdrage in de kosten van activiteiten."),
    (Contribution.Kind.KNOWLEDGE, "Kennis van de doelgroep en van de wijk."),
    (Contribution.Kind.NETWORK, "Ons netwerk van vrijwilligers en buurtbewoners."),
    (Contribution.Kind.PEOPLE, "Een coördinator en vrijwilligers."),
    (Contribution.Kind.SPACE, "Een ruimte voor bijeenkomsten, twee dagdelen per week."),
    (Contribution.Kind.LEEWAY, "Ruimte in de regels voor maatwerk bij de aanvraag."),
]


def _rng(seed, index):
    return random.Random(f"{seed}:deal:{index}")


def clear_deals_bulk():
    """Remove every bulk deal and what belongs to it with plain DELETE statements."""
    deals = Deal.objects.filter(slug__startswith=DEAL_PREFIX)
    partners = DealPartner.objects.filter(deal__in=deals)
    for queryset in (
        Contribution.objects.filter(partner__in=partners),
        partners,
        ExpectedResult.objects.filter(deal__in=deals),
        Milestone.objects.filter(deal__in=deals),
        DealEvent.objects.filter(deal__in=deals),
        Deal.themes.through.objects.filter(deal__in=deals),
        Deal.areas.through.objects.filter(deal__in=deals),
        Deal.neighbourhoods.through.objects.filter(deal__in=deals),
        Deal.instruments.through.objects.filter(deal__in=deals),
        deals,
    ):
        queryset._raw_delete(queryset.db)
    bump_for(Deal)


@transaction.atomic
def seed_deals_bulk(*, scale, seed=10, clear=False):
    """Bring the bulk deals up to ``scale``; returns the totals. Needs ``seed_bulk`` first."""
    if clear:
        clear_deals_bulk()
    org_ids = list(
        Organisation.objects.filter(slug__startswith=SLUG_PREFIX)
        .order_by("slug")
        .values_list("pk", flat=True)
    )
    if len(org_ids) < 3:
        raise ImproperlyConfigured("Bulk deals need at least three bulk organisations: run seed_bulk first.")
    themes = dict(Theme.objects.order_by("slug").values_list("slug", "pk"))
    areas = dict(Area.objects.order_by("slug").values_list("slug", "pk"))
    theme_ids, area_ids = list(themes.values()), list(areas.values())
    neighbourhoods_by_area = {}
    for pk, area_id in Neighbourhood.objects.order_by("slug").values_list("pk", "area_id"):
        neighbourhoods_by_area.setdefault(area_id, []).append(pk)
    statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())

    existing = set(Deal.objects.filter(slug__startswith=DEAL_PREFIX).values_list("slug", flat=True))
    deals, plans = [], []
    for i in range(scale):
        slug = f"{DEAL_PREFIX}{i:06d}"
        if slug in existing:
            continue
        rng = _rng(seed, i)
        topic = TOPICS[0] if i == 0 else rng.choice(TOPICS)
        status = Deal.Status.RUNNING if i == 0 else rng.choices(statuses, weights)[0]
        if i % FIXED_EVERY == 0 and status not in Deal.PUBLIC_STATUSES:
            status = Deal.Status.RUNNING  # the bench's filtered register shows every one of these
        closed = EPOCH + timedelta(hours=i, days=rng.randrange(0, 300))
        start = date(2025, 1, 1) + timedelta(days=rng.randrange(0, 300))
        public = status in Deal.PUBLIC_STATUSES
        deals.append(
            Deal(
                title=f"Deal {topic} {i:06d}",
                slug=slug,
                goal=rng.choice(GOALS).format(topic=topic),
                idea=f"Synthetische deal voor belastingtests over {topic}.",
                feasibility="Haalbaar met de partners die nu meedoen (testdata).",
                coordination="De trekker coördineert; de partners komen maandelijks bij elkaar.",
                meeting_rhythm="Eens per maand",
                start_date=start,
                end_date=start + timedelta(days=365),
                financing=rng.choice(Deal.Financing.values),
                status=status,
                closed_at=closed if public else None,
                kickoff_at=closed + timedelta(days=30) if public else None,
                kickoff_place="Wijkcentrum (testdata)" if public else "",
                internal_notes="Interne notitie (testdata): alleen voor de partners.",
                is_demo=True,
            )
        )
        reach = min(len(org_ids), max(6, 2 * (i + 1)))  # organisations that exist whenever deal i does
        partners = rng.sample(org_ids[:reach], k=min(reach, rng.randint(3, 6)))
        deal_themes = _pick(rng, theme_ids, 1, 2)
        deal_areas = _pick(rng, area_ids, 1, 2)
        if i % FIXED_EVERY == 0:
            deal_themes = sorted({themes.get(FIXED_THEME, theme_ids[0]), *deal_themes})
            deal_areas = sorted({areas.get(FIXED_AREA, area_ids[0]), *deal_areas})
        candidates = [pk for area in deal_areas for pk in neighbourhoods_by_area.get(area, [])]
        wijken = _pick(rng, candidates, 0, 2) if candidates else []
        contributions = [rng.sample(CONTRIBUTIONS, k=rng.randint(1, 2)) for _ in partners]
        plans.append((partners, deal_themes, deal_areas, wijken, contributions, rng.randint(1, 3)))
    Deal.objects.bulk_create(deals, batch_size=BATCH)

    partner_rows, contribution_plans, links = [], [], {"themes": [], "areas": [], "neighbourhoods": []}
    results, milestones = [], []
    for deal, (partners, deal_themes, deal_areas, wijken, contributions, n_results) in zip(
        deals, plans, strict=True
    ):
        confirmed = deal.closed_at
        for position, organisation_id in enumerate(partners):
            partner_rows.append(
                DealPartner(
                    deal_id=deal.pk,
                    organisation_id=organisation_id,
                    role=DealPartner.Role.TREKKER if position == 0 else DealPartner.Role.PARTNER,
                    status=DealPartner.Status.ACCEPTED,
                    decided_at=confirmed,
                    confirmed_at=confirmed,
                )
            )
            contribution_plans.append(contributions[position])
        links["themes"] += [Deal.themes.through(deal_id=deal.pk, theme_id=pk) for pk in deal_themes]
        links["areas"] += [Deal.areas.through(deal_id=deal.pk, area_id=pk) for pk in deal_areas]
        links["neighbourhoods"] += [
            Deal.neighbourhoods.through(deal_id=deal.pk, neighbourhood_id=pk) for pk in wijken
        ]
        results += [
            ExpectedResult(
                deal_id=deal.pk,
                description=f"Resultaat {n + 1}: meer bewoners bereikt",
                indicator="Aantal bereikte bewoners",
                target=f"{40 * (n + 1)} bewoners",
            )
            for n in range(n_results)
        ]
        milestones += [
            Milestone(
                deal_id=deal.pk,
                title=f"Mijlpaal {n + 1}",
                due_date=deal.start_date + timedelta(days=90 * (n + 1)),
            )
            for n in range(n_results)
        ]
    DealPartner.objects.bulk_create(partner_rows, batch_size=BATCH)
    Contribution.objects.bulk_create(
        [
            Contribution(
                partner_id=partner.pk,
                kind=kind,
                description=description,
                amount_eur=Decimal("2500.00") if kind == Contribution.Kind.MONEY else None,
                hours=120 if kind == Contribution.Kind.PEOPLE else None,
                expectations="Dat de partners hun afspraken nakomen.",
            )
            for partner, chosen in zip(partner_rows, contribution_plans, strict=True)
            for kind, description in chosen
        ],
        batch_size=BATCH,
    )
    for name, rows in links.items():
        getattr(Deal, name).through.objects.bulk_create(rows, batch_size=BATCH)
    ExpectedResult.objects.bulk_create(results, batch_size=BATCH)
    Milestone.objects.bulk_create(milestones, batch_size=BATCH)
    # bulk_create sends no signals: tell the caches that show deals.
    bump_for(Deal)
    bulk_deals = Deal.objects.filter(slug__startswith=DEAL_PREFIX)
    return {
        "deals": bulk_deals.count(),
        "deal_partners": DealPartner.objects.filter(deal__in=bulk_deals).count(),
    }


def _pick(rng, items, low, high):
    return rng.sample(items, k=min(len(items), rng.randint(low, high)))
