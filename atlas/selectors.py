"""Reads of the atlas pages. Each list fetches what its page shows in a fixed number of queries:
the pages of one type directly (``LessonPage.objects.live()``, no ``.specific()`` round trip) and
their many-to-many facets by prefetch with ``.only()``."""

from django.db.models import Prefetch, prefetch_related_objects
from django.utils.functional import SimpleLazyObject

from agenda.selectors import event_upcoming
from atlas.models import LessonPage, NewsPage
from deals import selectors as deal_selectors
from deals.models import Deal
from reisgids.models import Area, Neighbourhood, Organisation, Theme
from stories.selectors import story_recent

HOME_NEWS = 3
HOME_LESSONS = 3
HOME_DEALS = 3
HOME_EVENTS = 3
HOME_STORIES = 3


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


def _home_readers():
    return {
        "latest_news": lambda: list(news_list()[:HOME_NEWS]),
        "recent_lessons": lambda: list(lesson_list()[:HOME_LESSONS]),
        "closed_deals": lambda: list(deal_selectors.recently_closed(limit=HOME_DEALS)),
        "upcoming_events": lambda: event_upcoming(limit=HOME_EVENTS),
        "recent_stories": lambda: story_recent(limit=HOME_STORIES),
    }


def home_blocks():
    """What the home page shows besides its own text. Blocks of sections that are not there yet are
    left out rather than shown empty."""
    return {name: reader() for name, reader in _home_readers().items()}


def home_blocks_lazy():
    """``home_blocks()`` with every block read on first use (when the home page's fragment is not
    in the cache)."""
    return {name: SimpleLazyObject(reader) for name, reader in _home_readers().items()}
