"""``bulk_add_pages``: thousands of live pages without Wagtail's per-page work, in a valid tree."""

import datetime

import pytest
from wagtail.models import Page

from atlas.bulk import bulk_add_pages
from atlas.models import LessonIndexPage, LessonPage, NewsIndexPage, NewsPage
from reisgids.tests.factories import ThemeFactory

pytestmark = pytest.mark.django_db


def news_rows(count, *, start=0, themes=()):
    return [
        {
            "title": f"Bulkbericht {number}",
            "slug": f"bulkbericht-{number}",
            "date": datetime.date(2026, 1, 1) + datetime.timedelta(days=number % 300),
            "intro": f"Mantelzorgers in de wijk, bericht {number}.",
            "themes": [theme.pk for theme in themes],
        }
        for number in range(start, start + count)
    ]


def assert_tree_valid():
    problems = Page.find_problems()
    assert all(not rows for rows in problems), problems


def test_bulk_pages_are_live_reachable_and_the_tree_is_valid(client):
    index = NewsIndexPage.objects.get()
    before = index.numchild
    themes = ThemeFactory.create_batch(2)
    ids = bulk_add_pages(index, NewsPage, news_rows(30, themes=themes))

    assert len(ids) == 30
    assert_tree_valid()
    index.refresh_from_db()
    assert index.numchild == before + 30
    page = NewsPage.objects.get(slug="bulkbericht-7")
    assert page.live and page.first_published_at and page.url == "/nieuws/bulkbericht-7/"
    assert page.get_parent().pk == index.pk
    assert set(page.themes.values_list("pk", flat=True)) == {theme.pk for theme in themes}
    response = client.get("/nieuws/bulkbericht-7/")
    assert response.status_code == 200
    assert "Bulkbericht 7" in response.content.decode()


def test_bulk_pages_continue_after_existing_children_and_before_new_ones():
    index = NewsIndexPage.objects.get()
    first = index.add_child(
        instance=NewsPage(title="Met de hand", slug="met-de-hand", date=datetime.date(2026, 1, 1))
    )
    bulk_add_pages(index, NewsPage, news_rows(5))
    bulk_add_pages(index, NewsPage, news_rows(5, start=5))
    last = index.add_child(instance=NewsPage(title="Daarna", slug="daarna", date=datetime.date(2026, 2, 1)))
    assert_tree_valid()
    slugs = list(index.get_children().values_list("slug", flat=True))
    assert slugs[0] == first.slug and slugs[-1] == last.slug
    assert slugs[1:-1] == [f"bulkbericht-{number}" for number in range(10)]


def test_bulk_pages_with_json_and_choice_fields_are_searchable():
    index = LessonIndexPage.objects.get()
    rows = [
        {
            "title": f"Werk met kleine percelen {number}",
            "slug": f"kleine-percelen-{number}",
            "intro": "Kleine initiatieven passen niet in grote aanbestedingen.",
            "kind": LessonPage.Kind.SYSTEM,
            "principles": ["beter"],
        }
        for number in range(3)
    ]
    bulk_add_pages(index, LessonPage, rows)
    lesson = LessonPage.objects.get(slug="kleine-percelen-1")
    assert lesson.kind == "systeem" and lesson.principles == ["beter"]
    found = LessonPage.objects.live().search("aanbestedingen")
    assert {page.slug for page in found} >= {"kleine-percelen-0", "kleine-percelen-2"}


def test_plain_pages_without_their_own_table():
    index = NewsIndexPage.objects.get()
    # Page itself has no child table; the helper writes only wagtailcore_page rows.
    ids = bulk_add_pages(index.get_parent(), Page, [{"title": "Los", "slug": "los-bulk"}], index=False)
    assert Page.objects.get(pk=ids[0]).url == "/los-bulk/"
    assert_tree_valid()
