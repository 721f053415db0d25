import pytest

from stories import selectors
from stories.tests.factories import StoryPageFactory

pytestmark = pytest.mark.django_db


def test_story_recent_lists_published_stories_newest_first_in_two_queries(django_assert_num_queries):
    old = StoryPageFactory(title="Oud verhaal")
    new = StoryPageFactory(title="Nieuw verhaal")
    StoryPageFactory(title="Concept", live=False)
    with django_assert_num_queries(2):  # view restrictions, stories
        stories = selectors.story_recent(limit=5)
    assert [s.pk for s in stories] == [new.pk, old.pk]
    assert selectors.story_recent(limit=1)[0].pk == new.pk
