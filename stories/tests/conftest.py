import pytest


@pytest.fixture(autouse=True)
def _no_embed_fetch(settings):
    """No request to YouTube & co. in tests: the story page shows the plain link."""
    settings.STORIES_FETCH_EMBEDS = False


@pytest.fixture(autouse=True)
def _story_moderation(db):
    """The workflow of /verhalen/ and the rights of Contentbeheerders come from migration 0002; a
    transactional test elsewhere in the run flushes them, so they are put back (cheap when present)."""
    from stories.moderation import ensure_story_moderation

    ensure_story_moderation()
