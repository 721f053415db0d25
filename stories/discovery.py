"""What the stories show in the portal (``reisgids.registries``): recent stories on the home page,
stories in the site-wide search and the stories' feeds in the head of their pages."""

from django.utils.translation import gettext_lazy as _

from reisgids.registries import PageType, register_home_block, register_search_type, register_section_feed
from stories import datasets, selectors
from stories.apps import CACHE_NAMESPACE
from stories.feeds import StoryFeed

HOME_STORIES = 3


def register():
    datasets.register()  # open data: the API, downloads and the DCAT catalogue (reisgids.datasets)
    register_home_block(
        "stories",
        template="stories/_home_block.html",
        items=lambda: selectors.story_recent(limit=HOME_STORIES),
        namespaces=(CACHE_NAMESPACE,),
        order=50,
    )
    register_search_type(
        PageType("verhalen", _("Stories"), "title", ("intro",), model="stories.StoryPage", order=40)
    )
    register_section_feed(
        StoryFeed.section, StoryFeed.title, rss="/verhalen/feed/", atom="/verhalen/atom/", order=30
    )
