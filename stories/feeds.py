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
    related = ("author", "organisation")

    def item_author_name(self, item):
        """Who wrote it, as the story page says: the writer and their organisation."""
        names = [
            name
            for name in (
                item.author and item.author.get_full_name(),
                item.organisation and item.organisation.name,
            )
            if name
        ]
        return ", ".join(names) or super().item_author_name(item)


StoryAtomFeed = atom(StoryFeed)
