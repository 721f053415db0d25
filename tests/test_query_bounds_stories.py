"""A story page runs a fixed number of queries whatever the number of comments (5 and 500, a third
with replies, some hidden), for a visitor and for a signed-in member; /verhalen/ whatever the number
of stories (5 and 45: three pages of results)."""

import datetime

import pytest
from django.utils import timezone

from reisgids.tests.factories import ThemeFactory, UserFactory
from stories.models import Comment
from stories.tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db

INDEX_BOUND = 14
STORY_BOUND = 13  # visitor: site, page route (4), view restrictions, comments (count, page, replies), …
MEMBER_EXTRA = 5  # session, user, permissions (2), unread notifications


def seed_comments(story, n, authors):
    now = timezone.now()
    top = Comment.objects.bulk_create(
        Comment(
            page=story,
            author=authors[i % len(authors)],
            text=f"Reactie {i}",
            created_at=now - datetime.timedelta(minutes=n - i),
            hidden_at=now if i % 17 == 0 else None,
        )
        for i in range(n)
    )
    Comment.objects.bulk_create(
        Comment(page=story, author=authors[i % len(authors)], parent=parent, text="Eens!", created_at=now)
        for i, parent in enumerate(top[::3])
    )


@pytest.mark.parametrize("n", [5, 500])
def test_story_page_with_comments(client, django_assert_max_num_queries, n):
    authors = [UserFactory() for _ in range(4)]
    theme = ThemeFactory()
    story = StoryPageFactory(themes=[theme], author=authors[0])
    seed_comments(story, n, authors)
    client.get(story.url)  # warm Wagtail's site cache
    with django_assert_max_num_queries(STORY_BOUND):
        response = client.get(story.url)
    assert response.status_code == 200
    client.force_login(authors[1])
    client.get(story.url)
    with django_assert_max_num_queries(STORY_BOUND + MEMBER_EXTRA):
        response = client.get(story.url + "?page=2")
    assert response.status_code == 200


@pytest.mark.parametrize("n", [5, 45])
def test_story_index(client, django_assert_max_num_queries, n):
    theme = ThemeFactory(slug="buurt")
    for i in range(n):
        StoryPageFactory(themes=[theme] if i % 2 else [])
    client.get("/verhalen/")
    with django_assert_max_num_queries(INDEX_BOUND):
        assert client.get("/verhalen/").status_code == 200
    with django_assert_max_num_queries(INDEX_BOUND):
        assert client.get("/verhalen/?theme=buurt&kind=blog&page=2").status_code == 200
