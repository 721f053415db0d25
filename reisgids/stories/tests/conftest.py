import pytest


@pytest.fixture(autouse=True)
def _no_embed_fetch(settings):
    """No request to YouTube & co. in tests: the story page shows the plain link."""
    settings.STORIES_FETCH_EMBEDS = False
