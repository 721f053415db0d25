"""Reads for the stories, permission-aware where a user is involved. Lists fetch what the page shows
in a fixed number of queries."""

from reisgids.stories.models import StoryPage


def story_public():
    """Published, public stories, newest first, with author and organisation."""
    return (
        StoryPage.objects.live()
        .public()
        .select_related("organisation", "author")
        .order_by("-first_published_at", "-pk")
    )


def story_recent(*, limit):
    """The ``limit`` newest published stories (for the home page): title, url, intro, kind,
    organisation. One query."""
    return list(story_public()[:limit])
