"""Reads of the atlas pages. Each list fetches what its page shows in a fixed number of queries:
the pages of one type directly (``LessonPage.objects.live()``, no ``.specific()`` round trip) and
their many-to-many facets by prefetch with ``.only()``."""

from django.db.models import Prefetch, prefetch_related_objects

from atlas.models import LessonPage, NewsPage
from deals.models import Deal
from reisgids.models import Area, Neighbourhood, Organisation, Theme


def _themes():
    return Prefetch("themes", queryset=Theme.objects.only("id", "name", "slug"))


def news_list():
    """Live news items, newest first, with their themes."""
    return NewsPage.objects.live().public().order_by("-date", "-pk").prefetch_related(_themes())


def lesson_list():
    """Live lessons, newest first, with their themes."""
    lessons = LessonPage.objects.live().public().order_by("-first_published_at", "-pk")
    return lessons.prefetch_related(_themes())


def lesson_prefetch_detail(lesson):
    """Every facet a lesson page shows, in one query per facet. Deals only when public."""
    prefetch_related_objects(
        [lesson],
        _themes(),
        Prefetch("areas", queryset=Area.objects.only("id", "name", "slug")),
        Prefetch("neighbourhoods", queryset=Neighbourhood.objects.only("id", "name", "slug")),
        Prefetch("organisations", queryset=Organisation.objects.only("id", "name", "slug", "kind")),
        Prefetch(
            "deals",
            queryset=Deal.objects.filter(status__in=Deal.PUBLIC_STATUSES).only(
                "id", "title", "slug", "status"
            ),
        ),
    )
    return lesson


def news_prefetch_detail(news):
    prefetch_related_objects([news], _themes())
    return news
