"""RSS 2.0 and Atom feeds of the atlas sections (nieuws, lessen en successen; verhalen uses the same
base), and the ``<link rel="alternate">`` tags that announce them in the head of a section's pages.

A section feed is a ``PageFeed`` subclass naming its page model and section; ``atom(feed)`` gives the
Atom version of it. Each feed runs a fixed number of queries: the site, the view restrictions, the pages
and one for the thema's of all of them.

    class StoryFeed(PageFeed):
        model = "stories.StoryPage"
        section = "/verhalen/"
        title = _("Stories from the network")
        description = _("…")

    register_section_feed("/verhalen/", StoryFeed.title, rss="/verhalen/feed/", atom="/verhalen/atom/")
    # urls: path("verhalen/feed/", StoryFeed()), path("verhalen/atom/", atom(StoryFeed)())
"""

from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import F, Prefetch
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from reisgids.models import Theme

FEED_LENGTH = 30


class PageFeed(Feed):
    """The newest live, public pages of one section: title, intro as description, first publication
    date, absolute URL and the thema's as categories."""

    feed_type = Rss201rev2Feed
    model = None  # "app_label.ModelName" of the section's page type
    section = "/"  # the section index's path, the feed's link
    category_field = "themes"  # many-to-many to reisgids.Theme, or None
    limit = FEED_LENGTH
    title = ""
    description = ""

    def get_object(self, request, *args, **kwargs):
        # One instance serves every request: per-request state travels as the feed's "object".
        return Site.find_for_request(request) or Site.objects.get(is_default_site=True)

    def page_queryset(self):
        """The section's pages that anybody may read; override to narrow it."""
        return apps.get_model(self.model).objects.live().public()

    def items(self, site):
        pages = self.page_queryset().order_by(F("first_published_at").desc(nulls_last=True), "-pk")
        if self.category_field:
            themes = Theme.objects.only("name").order_by("name")
            pages = pages.prefetch_related(Prefetch(self.category_field, queryset=themes))
        pages = list(pages[: self.limit])
        # The path below the site's root page, as Wagtail routes it (``relative_url`` would look up
        # the site's root paths again for every page).
        cut = len(site.root_page.url_path) - 1
        for page in pages:
            page.feed_url = settings.SITE_URL + page.url_path[cut:]
        return pages

    def link(self):
        return settings.SITE_URL + self.section

    def subtitle(self):
        return self.description  # Atom's name for the description

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return getattr(item, "intro", "") or item.search_description

    def item_link(self, item):
        return item.feed_url

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        if not self.category_field:
            return ()
        return [theme.name for theme in getattr(item, self.category_field).all()]


def atom(feed_class):
    """The Atom 1.0 version of a ``PageFeed`` subclass."""
    return type(f"{feed_class.__name__}Atom", (feed_class,), {"feed_type": Atom1Feed})


@dataclass(frozen=True)
class SectionFeed:
    section: str  # path of the section index, e.g. "/nieuws/"
    title: str
    rss: str
    atom: str


SECTION_FEEDS = []


def register_section_feed(section, title, *, rss, atom):
    """Announce a section's feeds in the head of the section index and the pages below it."""
    feed = SectionFeed(section, title, rss, atom)
    if feed not in SECTION_FEEDS:
        SECTION_FEEDS.append(feed)


def alternate_links(path):
    """``<link rel="alternate">`` tags for the feeds of the section ``path`` lies in (safe HTML)."""
    rows = []
    for feed in SECTION_FEEDS:
        if path.startswith(feed.section):
            rows.append(("application/rss+xml", f"{feed.title} (RSS)", feed.rss))
            rows.append(("application/atom+xml", f"{feed.title} (Atom)", feed.atom))
    if not rows:
        return mark_safe("")
    return format_html(
        "\n  {}", format_html_join("\n  ", '<link rel="alternate" type="{}" title="{}" href="{}">', rows)
    )


class NewsFeed(PageFeed):
    model = "atlas.NewsPage"
    section = "/nieuws/"
    title = _("News from the Reisgids zorg en welzijn")
    description = _("News of the network of the municipality and initiatives in care and welfare.")


class LessonFeed(PageFeed):
    model = "atlas.LessonPage"
    section = "/lessen/"
    title = _("Lessons and successes")
    description = _("What initiatives and the municipality learnt working together in care and welfare.")


register_section_feed(NewsFeed.section, NewsFeed.title, rss="/nieuws/feed/", atom="/nieuws/atom/")
register_section_feed(LessonFeed.section, LessonFeed.title, rss="/lessen/feed/", atom="/lessen/atom/")
