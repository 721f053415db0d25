"""Background work of the stories."""

import logging

from celery import shared_task

from reisgids.caching import bump
from stories.apps import CACHE_NAMESPACE

logger = logging.getLogger(__name__)


@shared_task(name="stories.fetch_story_embed", ignore_result=True)
def fetch_story_embed(page_id):
    """Fetch the oEmbed of a published story's video or podcast once, into Wagtail's embed cache, so
    the page can show the player without a request to the provider while it renders. A failure
    leaves the plain link ("Bekijk de video op …")."""
    from wagtail.embeds.embeds import get_embed
    from wagtail.embeds.exceptions import EmbedException

    from stories.models import StoryPage

    page = StoryPage.objects.filter(pk=page_id).only("embed_url").first()
    if page is None or not page.provider:
        return
    try:
        get_embed(page.embed_url)
    except (EmbedException, OSError) as error:
        logger.info("No embed for story %s: %s", page_id, error)
        return
    bump(CACHE_NAMESPACE)  # pages kept without the player show it from now on
