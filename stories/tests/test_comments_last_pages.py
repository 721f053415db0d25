"""A page of comments in the later half of a story is read from the newest end (newest first, then
turned round): the last page of 100,000 comments skipped 99,980 rows with OFFSET, and its cold time
grew with the comments (the bench's story page "?page=last": 1.3–2.4× from 1,000 to 100,000)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reisgids.tests.factories import UserFactory
from stories.models import Comment
from stories.selectors import comments_page
from stories.tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def story_with_50_comments():
    author = UserFactory()
    story = StoryPageFactory(author=author)
    now = timezone.now()
    Comment.objects.bulk_create(
        Comment(
            page=story,
            author=author,
            text=f"Reactie {i}",
            created_at=now - datetime.timedelta(minutes=50 - i),
        )
        for i in range(50)
    )
    return story


def _texts(paginated):
    return [comment.text for comment in paginated.object_list]


def _comment_statements(captured):
    return [
        q["sql"]
        for q in captured.captured_queries
        if 'FROM "stories_comment"' in q["sql"] and "LIMIT" in q["sql"]
    ]


def test_every_page_shows_its_comments_oldest_first(story_with_50_comments):
    pages = [comments_page(page=story_with_50_comments, number=n) for n in ("1", "2", "3")]
    assert [_texts(page) for page in pages] == [
        [f"Reactie {i}" for i in range(0, 20)],
        [f"Reactie {i}" for i in range(20, 40)],
        [f"Reactie {i}" for i in range(40, 50)],
    ]
    last = comments_page(page=story_with_50_comments, number="last")
    assert last.number == 3 and _texts(last) == [f"Reactie {i}" for i in range(40, 50)]


def test_the_last_page_skips_no_rows(story_with_50_comments):
    comments_page(page=story_with_50_comments, number="1")  # the count is cached
    with CaptureQueriesContext(connection) as captured:
        comments_page(page=story_with_50_comments, number="last")
    (statement,) = _comment_statements(captured)
    assert "OFFSET" not in statement and '"created_at" DESC' in statement
    with CaptureQueriesContext(connection) as captured:
        comments_page(page=story_with_50_comments, number="2")  # the earlier half: read in order
    (statement,) = _comment_statements(captured)
    assert "OFFSET 20" in statement and '"created_at" ASC' in statement
