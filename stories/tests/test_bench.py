import pytest

from reisgids.tests.factories import UserFactory
from stories import bench
from stories.models import Comment, StoryPage

pytestmark = pytest.mark.django_db


def test_bench_seed_seeds_a_full_first_page_of_stories_at_any_scale():
    UserFactory()
    assert bench.seed(organisations=20, clear=True)["stories"] == bench.FULL_PAGE


def test_bench_seed_adds_only_what_is_missing_and_pages_render(client, monkeypatch):
    UserFactory()
    monkeypatch.setattr(bench, "FULL_PAGE", 1)  # the stories of the organisations alone, below
    assert bench.seed(organisations=20, clear=True) == {"stories": 2, "story_comments": 200}
    assert bench.seed(organisations=50, clear=False) == {"stories": 5, "story_comments": 500}
    assert StoryPage.objects.filter(slug__startswith=bench.STORY_PREFIX).count() == 5
    assert Comment.objects.exclude(parent=None).count() == 100
    for _name, path in bench.PAGES:
        assert client.get(path.format(theme="mantelzorg")).status_code == 200
    html = client.get(f"/verhalen/{bench.COMMENTED_STORY}/?page=last").content.decode()
    assert "Reactie 439:" in html  # the newest top-level comment (200 + 240 - 1)
    assert bench.seed(organisations=20, clear=True) == {"stories": 2, "story_comments": 200}
