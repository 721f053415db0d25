"""What the atlas shows in the portal (``reisgids.registries``): news and lessons on the home page,
lessons, news and standard pages in the site-wide search, every public Wagtail page in the sitemap,
and the feeds of news and lessons in the head of their pages."""

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from atlas import selectors
from atlas.caching import ATLAS
from atlas.feeds import LessonFeed, NewsFeed
from reisgids.registries import (
    PageType,
    SectionSitemap,
    register_glossary_term,
    register_home_block,
    register_search_type,
    register_section_feed,
    register_sitemap_section,
)

HOME_NEWS = 3
HOME_LESSONS = 3


class PageSitemap(SectionSitemap):
    """Every live, public Wagtail page of the site, home page included."""

    lastmod_field = "last_published_at"

    def __init__(self, request):
        super().__init__(request)
        site = Site.find_for_request(request) or Site.objects.get(is_default_site=True)
        self.root = site.root_page

    def items(self):
        return self.root.get_descendants(inclusive=True).live().public().order_by("path")

    def entries(self, page):
        # The address is the path below the site's root page, as Wagtail routes it.
        start = (page - 1) * self.limit
        rows = self.items().values_list("url_path", self.lastmod_field)[start : start + self.limit]
        cut = len(self.root.url_path) - 1
        return [(url_path[cut:], published) for url_path, published in rows]


def news_date(news):
    return date_format(news.date, "j F Y") if news.date else ""


def lesson_kind(lesson):
    return lesson.get_kind_display()


def register():
    register_home_block(
        "news",
        template="atlas/_home_news.html",
        items=lambda: list(selectors.news_list()[:HOME_NEWS]),
        namespaces=(ATLAS,),
        order=10,
    )
    register_glossary_term(
        "les",
        _("lessons and successes"),
        _(
            "What partners learnt working together, about the content, the cooperation or the system; a "
            "success is a lesson that went well. Anybody can read them."
        ),
        url=lambda: "/lessen/",
    )
    register_home_block(
        "lessons",
        template="atlas/_home_lessons.html",
        items=lambda: list(selectors.lesson_list()[:HOME_LESSONS]),
        namespaces=(ATLAS,),
        order=40,
    )
    register_search_type(
        PageType(
            "lessen",
            _("Lessons and successes"),
            "title",
            ("intro",),
            describe=lesson_kind,
            model="atlas.LessonPage",
            order=10,
        )
    )
    register_search_type(
        PageType(
            "nieuws", _("News"), "title", ("intro",), describe=news_date, model="atlas.NewsPage", order=30
        )
    )
    register_search_type(
        PageType("paginas", _("Pages"), "title", ("intro",), model="atlas.StandardPage", order=100)
    )
    register_sitemap_section("pages", PageSitemap, order=10)
    register_section_feed(
        NewsFeed.section, NewsFeed.title, rss="/nieuws/feed/", atom="/nieuws/atom/", order=10
    )
    register_section_feed(
        LessonFeed.section, LessonFeed.title, rss="/lessen/feed/", atom="/lessen/atom/", order=20
    )
