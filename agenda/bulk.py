"""Bulk events for the bench and the query-count tests: live event pages under the agenda, half of
them upcoming and half past, each with one or two thema's and a gebied, written in bulk
(``atlas.bulk.bulk_add_pages``). Every ``FIXED_EVERY``-th event (all upcoming) has the bench's fixed
thema and gebied (``seed_bulk.FIXED_THEME``, ``FIXED_AREA``), as the other apps' bulk rows, so the
filtered agenda the bench measures shows a full page at every scale (from ``FULL_PAGE`` events): with
only the first one it listed fewer events at the small scale (12.6 KB against 15.5 KB at the large
one), and with none it ran two queries fewer; either way the two scales measured different pages."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from agenda.models import EventIndexPage, EventPage
from atlas.bulk import bulk_add_pages
from atlas.models import original
from reisgids.management.commands.seed_bulk import FIXED_AREA, FIXED_EVERY, FIXED_THEME
from reisgids.models import Area, Theme

EVENT_PREFIX = "bulk-event-"
KINDS = EventPage.Kind.values
PLACES = ["Wijkcentrum De Larenkamp", "Huis van de Wijk Bospolder", "Stadhuis Rotterdam", "Bibliotheek Zuid"]
TOPICS = ["mantelzorg", "eenzaamheid", "vrijwilligers", "subsidie", "samenwerken in de wijk"]


def clear_events_bulk():
    with transaction.atomic():
        EventPage.objects.filter(slug__startswith=EVENT_PREFIX).delete()  # signals bump the caches


def seed_events_bulk(*, scale, seed=10, clear=False, index=True):
    """Bring the bulk events up to ``scale``; returns the totals."""
    if clear:
        clear_events_bulk()
    parent = original(EventIndexPage)  # the Dutch one, not its English version
    theme_ids = list(Theme.objects.order_by("slug").values_list("pk", flat=True))
    area_ids = list(Area.objects.order_by("slug").values_list("pk", flat=True))
    fixed_theme = Theme.objects.filter(slug=FIXED_THEME).values_list("pk", flat=True).first()
    fixed_area = Area.objects.filter(slug=FIXED_AREA).values_list("pk", flat=True).first()
    existing = set(EventPage.objects.filter(slug__startswith=EVENT_PREFIX).values_list("slug", flat=True))
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    rows = []
    for i in range(scale):
        slug = f"{EVENT_PREFIX}{i:06d}"
        if slug in existing:
            continue
        rng = random.Random(f"{seed}:event:{i}")
        topic = rng.choice(TOPICS)
        days = rng.randint(1, 365) * (1 if i % 2 == 0 else -1)
        start = now + timedelta(days=days, hours=rng.randint(0, 8))
        themes = rng.sample(theme_ids, k=min(len(theme_ids), rng.randint(1, 2)))
        areas = rng.sample(area_ids, k=min(len(area_ids), 1))
        if i % FIXED_EVERY == 0:
            themes = sorted({*themes, *filter(None, [fixed_theme])})
            areas = sorted({*areas, *filter(None, [fixed_area])})
        rows.append(
            {
                "title": f"Bijeenkomst over {topic} {i:06d}",
                "slug": slug,
                "intro": f"Een synthetische bijeenkomst over {topic} voor belastingtests.",
                "kind": KINDS[i % len(KINDS)],
                "start": start,
                "end": start + timedelta(hours=2),
                "place": rng.choice(PLACES),
                "body": f"<p>Programma over {topic}, met tijd voor vragen.</p>",
                "themes": themes,
                "areas": areas,
            }
        )
    bulk_add_pages(parent, EventPage, rows, index=index)  # bumps the caches of event pages
    return {"events": EventPage.objects.filter(slug__startswith=EVENT_PREFIX).count()}
