"""RSS 2.0 and Atom feeds of the atlas sections (nieuws, lessen en successen; verhalen uses the same
base). The ``<link rel="alternate">`` tags that announce them in the head of a section's pages come
from ``reisgids.registries.register_section_feed``, called from each app's ``discovery.py``.

A section feed is a ``PageFeed`` subclass naming its page model and section; ``atom(feed)`` gives the
Atom version of it. Each feed runs a fixed number of queries: the site, the view restrictions, the pages
and one for the thema's of all of them.

    class StoryFeed(PageFeed):
        model = "stories.StoryPage"
        section = "/verhalen/"
        title = _("Stories from the network")
        description = _("…")

    # stories/discovery.py:
    register_section_feed("/verhalen/", StoryFeed.title, rss="/verhalen/feed/", atom="/verhalen/atom/")
    # urls: path("verhalen/feed/", StoryFeed()), path("verhalen/atom/", atom(StoryFeed)())
"""

from datetime import datetime, time

from django.apps import apps
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import F, Prefetch
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext_lazy as _
from wagtail.models import Site

from reisgids.models import Theme

FEED_LENGTH = 30


class PageFeed(Feed):
    """The newest live, public pages of one section: title, intro as description, the page's own date
    (``date_field``, e.g. a news item's date; otherwise its first publication), its author, absolute URL
    and the thema's as categories.

    The author of an entry is ``item_author_name(item)``: by default the organisation that runs the
    platform (``PLATFORM_ORGANISATION``), which is also the feed's own author, so every Atom entry has
    one."""

    feed_type = Rss201rev2Feed
    model = None  # "app_label.ModelName" of the section's page type
    section = "/"  # the section index's path, the feed's link
    category_field = "themes"  # many-to-many to reisgids.Theme, or None
    date_field = None  # the page's own DateField (its date as the author means it), or None
    related = ()  # select_related() of what item_author_name() reads
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
        order = [F("first_published_at").desc(nulls_last=True), "-pk"]
        if self.date_field:
            order.insert(0, F(self.date_field).desc(nulls_last=True))
        pages = self.page_queryset().order_by(*order)
        if self.related:
            pages = pages.select_related(*self.related)
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
        if self.date_field and getattr(item, self.date_field):
            # A date (no time): its start in the site's time zone.
            day = getattr(item, self.date_field)
            return timezone.make_aware(datetime.combine(day, time.min))
        return item.first_published_at

    def author_name(self):
        return settings.PLATFORM_ORGANISATION

    def item_author_name(self, item):
        return settings.PLATFORM_ORGANISATION

    def item_updateddate(self, item):
        return item.last_published_at

    def item_categories(self, item):
        if not self.category_field:
            return ()
        return [theme.name for theme in getattr(item, self.category_field).all()]


def atom(feed_class):
    """The Atom 1.0 version of a ``PageFeed`` subclass."""
    return type(f"{feed_class.__name__}Atom", (feed_class,), {"feed_type": Atom1Feed})


class NewsFeed(PageFeed):
    model = "atlas.NewsPage"
    section = "/nieuws/"
    date_field = "date"
    title = _("News from the Reisgids zorg en welzijn")
    description = _("News of the network of the municipality and initiatives in care and welfare.")


class LessonFeed(PageFeed):
    model = "atlas.LessonPage"
    section = "/lessen/"
    title = _("Lessons and successes")
    description = _("What initiatives and the municipality learnt working together in care and welfare.")
