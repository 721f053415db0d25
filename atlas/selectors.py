"""Reads of the atlas pages. Each list fetches what its page shows in a fixed number of queries:
the pages of one type directly (``LessonPage.objects.live()``, no ``.specific()`` round trip) and
their many-to-many facets by prefetch with ``.only()``."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.utils.translation import get_language

from atlas.models import LessonPage, NewsPage
from deals.models import Deal
from reisgids.models import Area, Neighbourhood, Organisation, Theme
from reisgids.pages import public
from reisgids.registries import lesson_origins


def _themes():
    return Prefetch("themes", queryset=Theme.objects.only("id", "name", "name_en", "slug"))


def in_current_language(pages):
    """Each page once, in the current language: its version in that language where it has one,
    else the Dutch one (which the templates mark ``lang="nl"``). In Dutch: the Dutch pages only."""
    language = get_language()
    if language == settings.LANGUAGE_CODE:
        return pages.filter(locale__language_code=language)
    translated = pages.filter(locale__language_code=language).values("translation_key")
    return pages.filter(
        Q(locale__language_code=language)
        | Q(locale__language_code=settings.LANGUAGE_CODE) & ~Q(translation_key__in=translated)
    )


def news_list():
    """Live news items, newest first, with their themes."""
    news = in_current_language(public(NewsPage.objects.live()))
    return news.order_by("-date", "-pk").prefetch_related(_themes())


def lesson_list():
    """Live lessons, newest first, with their themes. The page type is named as well (implied by the
    join with the lessons' table), so PostgreSQL can read the lessons in their order from the index
    ``atlas_page_type_recent`` (migration 0008) and stop at a page, instead of reading every page of
    the site newest first and dropping what is not a lesson (at 10,000 atlas pages, 3,000 events
    and stories newer than the newest lessons: 9.7 ms → 0.6 for /lessen/?theme=…&kind=…)."""
    lessons = LessonPage.objects.live().filter(content_type=ContentType.objects.get_for_model(LessonPage))
    lessons = in_current_language(public(lessons)).order_by("-first_published_at", "-pk")
    return lessons.prefetch_related(_themes())


def lesson_prefetch_detail(lesson):
    """Every facet a lesson page shows, in one query per facet, and what formulated it (the
    registered ``reisgids.registries.lesson_origins``). Deals only when public."""
    prefetch_related_objects(
        [lesson],
        _themes(),
        Prefetch("areas", queryset=Area.objects.only("id", "name", "name_en", "slug")),
        Prefetch("neighbourhoods", queryset=Neighbourhood.objects.only("id", "name", "slug")),
        Prefetch("organisations", queryset=Organisation.objects.only("id", "name", "slug", "kind")),
        Prefetch(
            "deals",
            queryset=Deal.objects.filter(status__in=Deal.PUBLIC_STATUSES).only(
                "id", "title", "slug", "status"
            ),
        ),
    )
    lesson.origins = lesson_origins(lesson.pk)  # e.g. the schouw report it came from
    return lesson


def news_prefetch_detail(news):
    prefetch_related_objects([news], _themes())
    return news
