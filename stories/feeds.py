"""RSS and Atom feeds of the newest stories, on the atlas's ``PageFeed``."""

from django.utils.translation import gettext_lazy as _

from atlas.feeds import PageFeed, atom


class StoryFeed(PageFeed):
    model = "stories.StoryPage"
    section = "/verhalen/"
    title = _("Stories from the network")
    description = _(
        "Stories of initiatives, providers and the municipality about care and welfare in Rotterdam."
    )


StoryAtomFeed = atom(StoryFeed)
