"""A story page's body and comments come from the fragment cache for anonymous visitors
(``reisgids.caching``, namespace "stories"); every comment write shows at once, and a
signed-in visitor's links (edit, report, reply) are never cached for anyone else."""

import pytest

from atlas.tests.helpers import html
from reisgids import comments
from reisgids.caching import bump
from reisgids.tests.factories import UserFactory
from stories import services
from stories.models import Comment
from stories.tests.factories import CommentFactory, StoryPageFactory
from stories.tests.helpers import content_manager

pytestmark = pytest.mark.django_db


def test_stories_namespace(client):
    story = StoryPageFactory()
    comment = CommentFactory(page=story, text="Eerste versie")
    assert "Eerste versie" in html(client, story.url)
    Comment.objects.filter(pk=comment.pk).update(text="Stille wijziging")  # no signal
    assert "Stille wijziging" not in html(client, story.url)  # from the cache
    bump("stories")
    assert "Stille wijziging" in html(client, story.url)


def test_hidden_comment_is_gone_at_once(client):
    story = StoryPageFactory()
    comment = CommentFactory(page=story, text="Kwetsende opmerking")
    assert "Kwetsende opmerking" in html(client, story.url)
    comments.comment_hide(actor=content_manager(), comment=comment, reason="Kwetsend")
    assert "Kwetsende opmerking" not in html(client, story.url)


def test_new_and_edited_comments_show_at_once(client):
    story = StoryPageFactory()
    author = UserFactory()
    assert "Dank voor het delen" not in html(client, story.url)
    comment = services.comment_create(actor=author, page=story, text="Dank voor het delen")
    assert "Dank voor het delen" in html(client, story.url)
    services.comment_update(actor=author, comment=comment, text="Dank voor het delen!!")
    assert "Dank voor het delen!!" in html(client, story.url)


def test_published_story_shows_at_once_on_home_and_index(client):
    assert "Nieuw verhaal" not in html(client, "/verhalen/")
    html(client, "/")
    story = StoryPageFactory(title="Nieuw verhaal", live=False)
    story.save_revision().publish()
    assert "Nieuw verhaal" in html(client, "/verhalen/")
    assert "Nieuw verhaal" in html(client, "/")


def test_signed_in_links_are_never_cached_for_others(client):
    story = StoryPageFactory()
    author = UserFactory()
    comment = CommentFactory(page=story, author=author, text="Mijn reactie")
    edit, report = f"/reacties/{comment.pk}/bewerken/", f"/reacties/{comment.pk}/melden/"
    client.force_login(author)
    own = html(client, story.url)
    assert edit in own and report not in own
    client.logout()
    anonymous = html(client, story.url)
    assert "Mijn reactie" in anonymous and edit not in anonymous and report not in anonymous
    client.force_login(UserFactory())
    other = html(client, story.url)
    assert "Mijn reactie" in other and edit not in other and report in other
    client.logout()
    assert edit not in html(client, story.url) and report not in html(client, story.url)


def _player_embed(url):
    """The player as the embed task stores it in Wagtail's embed cache (the provider is not called)."""
    from wagtail.embeds.embeds import get_embed_hash
    from wagtail.embeds.models import Embed

    return Embed.objects.create(
        url=url,
        hash=get_embed_hash(url),
        type="video",
        html='<iframe title="Video" src="https://www.youtube-nocookie.com/embed/abc123"></iframe>',
    )


def test_a_kept_story_page_keeps_its_players_csp(client):
    url = "https://www.youtube.com/watch?v=abc123"
    story = StoryPageFactory(kind="video", embed_url=url, transcript="Tekst")
    _player_embed(url)
    for _ in range(2):  # rendered, then the kept page
        response = client.get(story.url)
        assert "youtube-nocookie.com/embed/abc123" in response.content.decode()
        assert "https://www.youtube-nocookie.com" in response["Content-Security-Policy"]


@pytest.mark.django_db(transaction=True)
def test_the_player_shows_on_a_kept_page_once_the_worker_fetched_it(celery_worker_real, client):
    from stories.tasks import fetch_story_embed
    from tests.celery_worker import wait_for_tasks

    url = "https://www.youtube.com/watch?v=abc123"
    story = StoryPageFactory(kind="video", embed_url=url, transcript="Tekst")
    assert "youtube-nocookie.com" not in html(client, story.url)  # kept without the player
    _player_embed(url)  # what the provider returns, already in Wagtail's embed cache (no network)
    assert "youtube-nocookie.com" not in html(client, story.url)
    fetch_story_embed.delay(story.pk)
    wait_for_tasks(celery_worker_real)
    assert "youtube-nocookie.com/embed/abc123" in html(client, story.url)
