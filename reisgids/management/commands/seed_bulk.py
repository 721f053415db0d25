"""``manage.py seed_bulk --scale N``: synthetic data for load tests and the bench.

Creates N organisations, N/5 aanspreekpunten and N/100 instruments (at least one of each), linked to
thema's, gebieden and wijken, with bulk inserts (many-to-many rows too): 10,000 organisations take
seconds. Deterministic: row i always gets the same data for the same --seed, and a run only adds the
rows that are missing, so ``--scale 100`` then ``--scale 10000`` gives the same first 100 rows as a
fresh ``--scale 10000``. ``--clear`` removes all bulk rows first. Bulk rows are demo content
(``is_demo``); their slugs start with ``bulk-`` and their email addresses end in ``@bulk.example.org``.
"""

import bisect
import random

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from reisgids.caching import bump_for
from reisgids.models import Area, ContactPoint, Instrument, Membership, Neighbourhood, Organisation, Theme

SLUG_PREFIX = "bulk-"
INSTRUMENT_PREFIX = "bulk-instrument-"
EMAIL_DOMAIN = "bulk.example.org"
BATCH = 2000

# The organisation, aanspreekpunt and instrument with index 0 carry these (and the latter two belong to
# organisation 0), so the bench's filtered and detail pages show the same kinds of rows at every scale.
FIXED_THEME = "mantelzorg"
FIXED_AREA = "delfshaven"
# Every FIXED_EVERY-th bulk row (organisation, aanspreekpunt, deal, listing, lesson, story) carries the
# fixed thema and gebied (and the kind the bench's filtered pages ask for), so those pages show a full
# first page at the small scale too: small and large then render the same number of rows, and the
# bench's cold scale ratio measures what the data size costs, not how full the page is.
FIXED_EVERY = 4
# The bench seeds at least this many rows of each register whose list it measures (aanspreekpunten,
# instruments, stories, events), also at its small scale (100 organisations have only 20
# aanspreekpunten, one instrument and ten stories): every measured list, filtered or searched ones
# included, then shows a full first page at both scales.
FULL_PAGE = FIXED_EVERY * settings.PAGE_SIZE

WORDS_FIRST = [
    "Buurt",
    "Wijk",
    "Samen",
    "Zorg",
    "Welzijn",
    "Thuis",
    "Huis",
    "Haven",
    "Maas",
    "Brug",
    "Park",
    "Plein",
]
WORDS_SECOND = [
    "kracht",
    "huis",
    "netwerk",
    "tafel",
    "hulp",
    "kamer",
    "kring",
    "werkplaats",
    "keuken",
    "tuin",
    "punt",
]
FUNCTIONS = [
    "Wijkregisseur",
    "Gebiedsnetwerker",
    "Beleidsadviseur",
    "Accountmanager initiatieven",
    "Wijkmanager",
    "Projectleider",
    "Coördinator vrijwilligers",
    "Consulent",
]
FIRST_NAMES = ["Anne", "Bas", "Chaima", "Dewi", "Emre", "Fleur", "Gijs", "Hanna", "Ismail", "Joyce", "Koen"]
LAST_NAMES = ["Bulkmans", "de Synthese", "Testdata", "van Proef", "Reeks", "Steekproef", "Voorbeeldt"]
TOPICS = ["mantelzorg", "eenzaamheid", "schulden", "buurthuis", "vrijwilligers", "dagbesteding", "jongeren"]


# How often each kind occurs, roughly as in a city: many initiatives and providers, few municipal
# departments (so a filter listing "afdelingen" stays as short as in real life).
KIND_WEIGHTS = {
    Organisation.Kind.INITIATIEF: 40,
    Organisation.Kind.WELZIJNSAANBIEDER: 15,
    Organisation.Kind.ZORGAANBIEDER: 15,
    Organisation.Kind.BEDRIJF: 10,
    Organisation.Kind.WONINGCORPORATIE: 4,
    Organisation.Kind.ONDERWIJS: 6,
    Organisation.Kind.FONDS: 4,
    Organisation.Kind.NETWERK: 5,
    Organisation.Kind.GEMEENTE: 1,
}
# Share of aanspreekpunten that work at a municipal department (the others work at other partijen).
CONTACT_POINTS_AT_GEMEENTE = 0.8


def _rng(seed, kind, index):
    return random.Random(f"{seed}:{kind}:{index}")


def _pick(rng, items, low, high):
    return rng.sample(items, k=min(len(items), rng.randint(low, high)))


class Command(BaseCommand):
    help = "Create synthetic organisations, aanspreekpunten and instruments in bulk (deterministic)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, required=True, help="Number of organisations.")
        parser.add_argument(
            "--contact-points", type=int, default=None, help="Number of aanspreekpunten (default: scale / 5)."
        )
        parser.add_argument(
            "--instruments", type=int, default=None, help="Number of instruments (default: scale / 100)."
        )
        parser.add_argument("--seed", type=int, default=10, help="Random seed (default: 10).")
        parser.add_argument("--clear", action="store_true", help="Remove all bulk rows first.")

    def handle(self, *args, scale, contact_points, instruments, seed, clear, **options):
        if scale < 1:
            raise CommandError("--scale must be at least 1")
        result = seed_bulk(
            scale=scale, contact_points=contact_points, instruments=instruments, seed=seed, clear=clear
        )
        self.stdout.write(
            "Bulk data: {organisations} organisations, {contact_points} aanspreekpunten, "
            "{instruments} instruments in total.".format(**result)
        )


def clear_bulk():
    """Remove every bulk row with plain DELETE statements (no per-row signals: fast at any size)."""
    organisations = Organisation.objects.filter(slug__startswith=SLUG_PREFIX)
    contact_points = ContactPoint.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}")
    instruments = Instrument.objects.filter(slug__startswith=INSTRUMENT_PREFIX)
    for through, field, queryset in [
        (ContactPoint.themes.through, "contactpoint__in", contact_points),
        (ContactPoint.areas.through, "contactpoint__in", contact_points),
        (Instrument.themes.through, "instrument__in", instruments),
        (Organisation.themes.through, "organisation__in", organisations),
        (Organisation.areas.through, "organisation__in", organisations),
        (Organisation.neighbourhoods.through, "organisation__in", organisations),
    ]:
        links = through.objects.filter(**{field: queryset})
        links._raw_delete(links.db)
    # Memberships (e.g. the bench's beheerder) with their signals: they outdate the members' cached roles.
    Membership.objects.filter(organisation__in=organisations).delete()
    # _raw_delete: one DELETE without collecting rows (a collecting delete fetches them and deletes
    # them a hundred at a time; Wagtail's search signals would fetch each row).
    for queryset in (contact_points, instruments, organisations):
        queryset._raw_delete(queryset.db)
    bump_for(Organisation, ContactPoint, Instrument)


@transaction.atomic
def seed_bulk(*, scale, contact_points=None, instruments=None, seed=10, clear=False):
    """Bring the bulk data up to ``scale`` organisations; returns the totals."""
    if clear:
        clear_bulk()
    contact_points = max(1, scale // 5) if contact_points is None else contact_points
    instruments = max(1, scale // 100) if instruments is None else instruments

    themes = list(Theme.objects.order_by("slug").values_list("pk", "slug"))
    areas = list(Area.objects.order_by("slug").values_list("pk", "slug"))
    if not themes or not areas:
        raise CommandError("No themes or areas: run migrate first (migration 0002 loads them).")
    theme_ids = [pk for pk, _ in themes]
    area_ids = [pk for pk, _ in areas]
    fixed_theme = dict((slug, pk) for pk, slug in themes).get(FIXED_THEME, theme_ids[0])
    fixed_area = dict((slug, pk) for pk, slug in areas).get(FIXED_AREA, area_ids[0])
    neighbourhoods_by_area = {}
    for pk, area_id in Neighbourhood.objects.order_by("slug").values_list("pk", "area_id"):
        neighbourhoods_by_area.setdefault(area_id, []).append(pk)

    _create_organisations(scale, seed, theme_ids, area_ids, fixed_theme, fixed_area, neighbourhoods_by_area)
    bulk_organisations = Organisation.objects.filter(slug__startswith=SLUG_PREFIX).order_by("slug")
    org_ids, gemeente_positions = [], []  # gemeente_positions: indexes of municipal departments in org_ids
    for position, (pk, kind) in enumerate(bulk_organisations.values_list("pk", "kind")):
        org_ids.append(pk)
        if kind == Organisation.Kind.GEMEENTE:
            gemeente_positions.append(position)
    _create_contact_points(
        contact_points, seed, org_ids, gemeente_positions, theme_ids, area_ids, fixed_theme, fixed_area
    )
    _create_instruments(instruments, seed, org_ids, theme_ids, fixed_theme)
    # bulk_create sends no signals: tell the caches that show the directory.
    bump_for(Organisation, ContactPoint, Instrument)
    return {
        "organisations": len(org_ids),
        "contact_points": ContactPoint.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").count(),
        "instruments": Instrument.objects.filter(slug__startswith=INSTRUMENT_PREFIX).count(),
    }


def _existing(queryset, field):
    return set(queryset.values_list(field, flat=True))


def _create_organisations(scale, seed, theme_ids, area_ids, fixed_theme, fixed_area, neighbourhoods_by_area):
    kinds, weights = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    existing = _existing(Organisation.objects.filter(slug__startswith=SLUG_PREFIX), "slug")
    new, links = [], []
    for i in range(scale):
        slug = f"{SLUG_PREFIX}{i:06d}"
        if slug in existing:
            continue
        rng = _rng(seed, "organisation", i)
        name = f"{rng.choice(WORDS_FIRST)}{rng.choice(WORDS_SECOND)} {i:06d}"
        topic = rng.choice(TOPICS)
        if i % FIXED_EVERY == 0:  # the rows of the filtered pages are about their thema in words too
            topic = FIXED_THEME
        new.append(
            Organisation(
                slug=slug,
                name=name,
                kind=Organisation.Kind.GEMEENTE if i == 0 else rng.choices(kinds, weights)[0],
                summary=f"Synthetische partij voor belastingtests: {topic} in de wijk.",
                description=f"{name} is testdata. Deze partij werkt aan {topic} en zoekt samenwerking.",
                is_demo=True,
            )
        )
        org_themes = _pick(rng, theme_ids, 1, 3)
        org_areas = _pick(rng, area_ids, 1, 2)
        if i % FIXED_EVERY == 0:
            org_themes = sorted({fixed_theme, *org_themes})
            org_areas = sorted({fixed_area, *org_areas})
        candidates = [pk for area in org_areas for pk in neighbourhoods_by_area.get(area, [])]
        links.append((org_themes, org_areas, _pick(rng, candidates, 0, 2) if candidates else []))
    Organisation.objects.bulk_create(new, batch_size=BATCH)
    through_rows = {"themes": [], "areas": [], "neighbourhoods": []}
    for organisation, (org_themes, org_areas, org_neighbourhoods) in zip(new, links, strict=True):
        through_rows["themes"] += [
            Organisation.themes.through(organisation_id=organisation.pk, theme_id=pk) for pk in org_themes
        ]
        through_rows["areas"] += [
            Organisation.areas.through(organisation_id=organisation.pk, area_id=pk) for pk in org_areas
        ]
        through_rows["neighbourhoods"] += [
            Organisation.neighbourhoods.through(organisation_id=organisation.pk, neighbourhood_id=pk)
            for pk in org_neighbourhoods
        ]
    for name, rows in through_rows.items():
        getattr(Organisation, name).through.objects.bulk_create(rows, batch_size=BATCH)


def _create_contact_points(
    count, seed, org_ids, gemeente_positions, theme_ids, area_ids, fixed_theme, fixed_area
):
    existing = _existing(ContactPoint.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}"), "email")
    new, links = [], []
    for j in range(count):
        email = f"cp-{j:06d}@{EMAIL_DOMAIN}"
        if email in existing:
            continue
        rng = _rng(seed, "contactpoint", j)
        # Only organisations that exist whenever aanspreekpunt j does (scale >= 5 (j + 1)), so a top-up
        # gives the same rows as a fresh run.
        reach = min(len(org_ids), 5 * (j + 1))
        gemeente = gemeente_positions[: bisect.bisect_left(gemeente_positions, reach)]
        use_gemeente = bool(gemeente) and rng.random() < CONTACT_POINTS_AT_GEMEENTE
        position = rng.choice(gemeente) if use_gemeente else rng.randrange(reach)
        topics = _pick(rng, TOPICS, 1, 2)
        if j == 0:
            topics = ["mantelzorg", *[topic for topic in topics if topic != "mantelzorg"]]
        new.append(
            ContactPoint(
                organisation_id=org_ids[0 if j == 0 else position],
                name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {j:06d}",
                function=rng.choice(FUNCTIONS),
                approach_for="Vragen over " + " en ".join(topics) + " (synthetische testdata).",
                email=email,
                phone=f"010 000 {j // 100 % 100:02d} {j % 100:02d}",
                availability="Ma–vr, 9.00–17.00 uur",
                is_demo=True,
            )
        )
        cp_themes = _pick(rng, theme_ids, 1, 2)
        cp_areas = _pick(rng, area_ids, 1, 2)
        if j % FIXED_EVERY == 0:
            cp_themes = sorted({fixed_theme, *cp_themes})
            cp_areas = sorted({fixed_area, *cp_areas})
        links.append((cp_themes, cp_areas))
    ContactPoint.objects.bulk_create(new, batch_size=BATCH)
    ContactPoint.themes.through.objects.bulk_create(
        [
            ContactPoint.themes.through(contactpoint_id=cp.pk, theme_id=pk)
            for cp, (cp_themes, _) in zip(new, links, strict=True)
            for pk in cp_themes
        ],
        batch_size=BATCH,
    )
    ContactPoint.areas.through.objects.bulk_create(
        [
            ContactPoint.areas.through(contactpoint_id=cp.pk, area_id=pk)
            for cp, (_, cp_areas) in zip(new, links, strict=True)
            for pk in cp_areas
        ],
        batch_size=BATCH,
    )


def _create_instruments(count, seed, org_ids, theme_ids, fixed_theme):
    existing = _existing(Instrument.objects.filter(slug__startswith=INSTRUMENT_PREFIX), "slug")
    new, links = [], []
    for k in range(count):
        slug = f"{INSTRUMENT_PREFIX}{k:05d}"
        if slug in existing:
            continue
        rng = _rng(seed, "instrument", k)
        reach = min(len(org_ids), 100 * (k + 1))  # organisations that exist whenever instrument k does
        new.append(
            Instrument(
                slug=slug,
                name=f"Testregeling {k:05d}",
                owner_id=org_ids[0 if k == 0 else rng.randrange(reach)],
                summary="Synthetische regeling voor belastingtests.",
                description="Testdata: deze regeling bestaat niet.",
                offers_money=rng.random() < 0.6,
                offers_knowledge=rng.random() < 0.5,
                offers_space=rng.random() < 0.2,
                offers_procedure=rng.random() < 0.2,
                amount="Zie de regeling",
                is_demo=True,
            )
        )
        links.append(
            sorted({fixed_theme, *_pick(rng, theme_ids, 1, 2)}) if k == 0 else _pick(rng, theme_ids, 1, 2)
        )
    Instrument.objects.bulk_create(new, batch_size=BATCH)
    Instrument.themes.through.objects.bulk_create(
        [
            Instrument.themes.through(instrument_id=inst.pk, theme_id=pk)
            for inst, inst_themes in zip(new, links, strict=True)
            for pk in inst_themes
        ],
        batch_size=BATCH,
    )
