"""The atlas's part of ``manage.py bench``: bulk news and lessons at tiny scales, the measured pages
answer with a number of queries that does not grow with the data."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from atlas import bench as atlas_bench
from atlas.models import LessonPage, NewsPage
from reisgids.management.commands import bench
from reisgids.management.commands.bench import invalidate_fragments
from reisgids.management.commands.seed_bulk import seed_bulk

pytestmark = pytest.mark.django_db


def test_seed_makes_news_and_lessons_half_and_half_in_a_valid_tree(monkeypatch):
    monkeypatch.setattr(atlas_bench, "FULL_PAGE", 1)  # the pages of the organisations alone
    totals = atlas_bench.seed(organisations=20, clear=True)
    assert totals == {"atlas_news": 10, "atlas_lessons": 10}
    assert all(not rows for rows in Page.find_problems())
    first = LessonPage.objects.get(slug=f"{atlas_bench.LESSON_PREFIX}000000")
    assert first.kind == LessonPage.Kind.SYSTEM
    assert first.themes.filter(slug="mantelzorg").exists()
    assert first.body.raw_data[0]["type"] == "paragraph"
    assert NewsPage.objects.filter(slug__startswith=atlas_bench.NEWS_PREFIX, themes__isnull=False).exists()


def test_seed_tops_up_and_clears(monkeypatch):
    monkeypatch.setattr(atlas_bench, "FULL_PAGE", 1)
    atlas_bench.seed(organisations=10, clear=False)
    assert atlas_bench.seed(organisations=30, clear=False) == {"atlas_news": 15, "atlas_lessons": 15}
    assert atlas_bench.seed(organisations=30, clear=False) == {"atlas_news": 15, "atlas_lessons": 15}
    assert atlas_bench.seed(organisations=4, clear=True) == {"atlas_news": 2, "atlas_lessons": 2}
    assert all(not rows for rows in Page.find_problems())


def test_seed_makes_a_full_page_of_lessons_at_least():
    assert atlas_bench.atlas_pages_for(20) == 2 * atlas_bench.FULL_PAGE
    assert atlas_bench.atlas_pages_for(10_000) == 10_000


def test_the_bench_finds_the_atlas_pages_and_targets():
    names = [page.name for page in bench.all_pages()]
    assert {"lesson_list_filtered", "lesson_list", "news_list", "lesson_detail"} <= set(names)
    assert {"home", "lesson_list_filtered"} <= set(bench.all_target_pages())


def test_bench_pages_run_the_same_queries_at_two_sizes(client, monkeypatch):
    monkeypatch.setattr(atlas_bench, "FULL_PAGE", 1)  # two sizes of lessons, not a full page at both
    params = bench.all_params()
    paths = ["/"] + [path.format(**params) for _name, path in atlas_bench.PAGES]

    def queries():
        counts = {}
        for path in paths:
            client.get(path)  # Wagtail's site root paths and the like are cached from here on
            invalidate_fragments()  # as the bench's "cold" request: no fragment from the cache
            with CaptureQueriesContext(connection) as captured:
                response = client.get(path)
            assert response.status_code == 200, path
            counts[path] = len(captured.captured_queries)
        return counts

    seed_bulk(scale=10, clear=True)
    atlas_bench.seed(organisations=10, clear=True)
    small = queries()
    seed_bulk(scale=60)
    atlas_bench.seed(organisations=60, clear=False)
    assert queries() == small
    filtered = client.get("/lessen/?theme=mantelzorg&kind=systeem").content.decode()
    assert "Les over" in filtered
