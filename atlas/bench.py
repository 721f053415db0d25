"""The atlas's part of ``manage.py bench`` (found by ``reisgids.management.commands.bench``): the home
page and the lessons index filtered on thema and kind, at one atlas page (news item or lesson, half
and half) per bulk organisation: 100 and 10,000 pages at the default scales. The pages are written
with ``atlas.bulk.bulk_add_pages`` (live, in the search index).

Hook for other sections: ``atlas_pages_for(organisations)`` is the number of atlas pages at a scale;
another app's bench (e.g. ``stories/bench.py``) seeds its own pages with ``bulk_add_pages``
and adds its own PAGES the same way."""

import datetime
import random

from django.db import transaction

from atlas.bulk import bulk_add_pages
from atlas.models import LessonIndexPage, LessonPage, NewsIndexPage, NewsPage, original
from reisgids.management.commands.seed_bulk import FIXED_AREA, FIXED_EVERY, FIXED_THEME, FULL_PAGE
from reisgids.models import Area, Neighbourhood, Organisation, Theme

ATLAS_PAGES_PER_ORGANISATION = 1
NEWS_PREFIX = "bulk-nieuws-"
LESSON_PREFIX = "bulk-les-"
ORGANISATION_POOL = 60
TOPICS = ["mantelzorg", "eenzaamheid", "vrijwilligers", "subsidie", "samenwerken in de wijk", "wonen"]

PAGES = [
    ("news_list", "/nieuws/"),
    ("lesson_list", "/lessen/"),
    ("lesson_list_filtered", "/lessen/?theme={theme}&kind=systeem"),
    ("lesson_detail", "/lessen/{lesson}/"),
]
PARAMS = {"theme": FIXED_THEME, "lesson": f"{LESSON_PREFIX}000000"}
# "home" ("/") is measured by the core's PAGES; its target is the atlas's.
TARGET_PAGES = ["home", "lesson_list_filtered"]
# A Wagtail page costs a few queries more than a Django view (site, page, specific row, revision
# lookups); the counts are asserted constant in the query-bound tests.
TARGET_LIMITS = {name: {"queries": 20} for name in TARGET_PAGES}
LIST_PAGES = ["news_list", "lesson_list", "lesson_list_filtered"]


def atlas_pages_for(organisations):
    """Half news, half lessons; at least ``FULL_PAGE`` lessons, so the filtered lessons list shows a
    full first page at the bench's small scale too (100 organisations gave 50 lessons, of which 13
    carry the filter's thema and kind: 31 KB against 37 KB at the large scale, a cold scale ratio of
    how full the page is rather than of the data size)."""
    return max(2 * FULL_PAGE, round(organisations * ATLAS_PAGES_PER_ORGANISATION))


def clear():
    clear_atlas_bulk()


def clear_atlas_bulk():
    with transaction.atomic():
        NewsPage.objects.filter(slug__startswith=NEWS_PREFIX).delete()
        LessonPage.objects.filter(slug__startswith=LESSON_PREFIX).delete()


def _paragraph(text):
    return [{"type": "paragraph", "value": f"<p>{text}</p>"}]


def _ids(queryset):
    return list(queryset.order_by("slug").values_list("pk", flat=True))


def seed_atlas_bulk(*, scale, seed=10, clear=False, index=True):
    """Bring the bulk atlas pages up to ``scale`` (half news, half lessons); returns the totals."""
    if clear:
        clear_atlas_bulk()
    theme_ids = _ids(Theme.objects.all())
    area_ids = _ids(Area.objects.all())
    neighbourhood_ids = _ids(Neighbourhood.objects.all())
    fixed_theme = Theme.objects.filter(slug=FIXED_THEME).values_list("pk", flat=True).first() or theme_ids[0]
    fixed_area = Area.objects.filter(slug=FIXED_AREA).values_list("pk", flat=True).first() or area_ids[0]
    # Lessons link to a fixed pool of organisations (those that exist at every scale): the lessons
    # index offers the linked organisations as a filter, and that list should not grow with the bench.
    organisation_ids = list(
        Organisation.objects.order_by("pk").values_list("pk", flat=True)[:ORGANISATION_POOL]
    )
    kinds = LessonPage.Kind.values
    principles = LessonPage.Principle.values
    partner_kinds = Organisation.Kind.values
    existing = set(
        NewsPage.objects.filter(slug__startswith=NEWS_PREFIX).values_list("slug", flat=True)
    ) | set(LessonPage.objects.filter(slug__startswith=LESSON_PREFIX).values_list("slug", flat=True))
    news, lessons = [], []
    today = datetime.date(2026, 11, 1)
    # Bulk pages were published one hour apart before the demo content (distinct times, as in life:
    # "newest first" can then walk the index on first_published_at instead of sorting every page).
    latest = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    for i in range(scale):
        rng = random.Random(f"{seed}:atlas:{i}")
        topic = rng.choice(TOPICS)
        themes = rng.sample(theme_ids, k=min(len(theme_ids), rng.randint(1, 2)))
        number = i // 2
        if i % 2:
            slug = f"{NEWS_PREFIX}{number:06d}"
            if slug in existing:
                continue
            news.append(
                {
                    "title": f"Nieuws over {topic} {number:06d}",
                    "slug": slug,
                    "date": today - datetime.timedelta(days=number % 700),
                    "intro": f"Een synthetisch bericht over {topic} voor belastingtests.",
                    "body": _paragraph(f"Het netwerk werkt aan {topic}."),
                    "themes": themes,
                    "first_published_at": latest - datetime.timedelta(hours=i),
                }
            )
            continue
        slug = f"{LESSON_PREFIX}{number:06d}"
        if slug in existing:
            continue
        kind = kinds[number % len(kinds)]
        areas = rng.sample(area_ids, k=1)
        if number % FIXED_EVERY == 0:  # what the bench's filtered list asks for
            kind, themes, areas = LessonPage.Kind.SYSTEM, sorted({fixed_theme, *themes}), [fixed_area]
        lessons.append(
            {
                "title": f"Les over {topic} {number:06d}",
                "slug": slug,
                "intro": f"Een synthetische les over {topic} voor belastingtests.",
                "body": _paragraph(f"Wat we leerden over {topic}: begin klein, maar begin wel."),
                "kind": kind,
                "is_success": number % 3 == 0,
                "source": LessonPage.Source.values[number % len(LessonPage.Source.values)],
                "principles": rng.sample(principles, k=2),
                "partner_kinds": rng.sample(partner_kinds, k=min(2, len(partner_kinds))),
                "themes": themes,
                "areas": areas,
                "neighbourhoods": rng.sample(neighbourhood_ids, k=min(1, len(neighbourhood_ids))),
                "organisations": rng.sample(organisation_ids, k=min(2, len(organisation_ids))),
                "first_published_at": latest - datetime.timedelta(hours=i),
            }
        )
    bulk_add_pages(original(NewsIndexPage), NewsPage, news, index=index)
    bulk_add_pages(original(LessonIndexPage), LessonPage, lessons, index=index)
    return {
        "atlas_news": NewsPage.objects.filter(slug__startswith=NEWS_PREFIX).count(),
        "atlas_lessons": LessonPage.objects.filter(slug__startswith=LESSON_PREFIX).count(),
    }


def seed(*, organisations, clear):
    return seed_atlas_bulk(scale=atlas_pages_for(organisations), clear=clear)
