"""Demo content (idempotent, linked to the core and deals demo) and the admin form of a lesson."""

import pytest
from wagtail.models import Revision

from reisgids import demo
from reisgids.atlas.demo import seed_atlas
from reisgids.atlas.models import LessonIndexPage, LessonPage, NewsPage, StandardPage

pytestmark = pytest.mark.django_db


def test_seed_atlas_builds_news_lessons_and_standard_pages_and_twice_changes_nothing(client):
    demo.load()
    seed_atlas()
    assert NewsPage.objects.live().count() >= 4
    percelen = LessonPage.objects.get(slug="werk-met-kleine-percelen")
    assert percelen.kind == "systeem"
    assert {t.slug for t in percelen.themes.all()} >= {"mantelzorg"}
    assert percelen.organisations.filter(slug="logeerhuis-de-buren").exists()
    assert percelen.deals.exists()
    assert LessonPage.objects.filter(title="Begin klein, maar begin wel", is_success=True).exists()
    assert StandardPage.objects.get(slug="hoe-werkt-de-gemeente").body
    revisions = Revision.objects.count()

    seed_atlas()
    assert Revision.objects.count() == revisions

    html = client.get("/lessen/?theme=mantelzorg&kind=systeem&neighbourhood=bospolder").content.decode()
    assert "Kleine initiatieven passen niet in grote aanbestedingen" in html
    html = client.get("/").content.decode()
    assert "De reisgids zorg en welzijn is online" in html
    assert "Kleine initiatieven passen niet in grote aanbestedingen" in html  # the newest lesson


def test_lesson_admin_form_keeps_multiple_choices_as_lists():
    form_class = LessonPage.get_edit_handler().get_form_class()
    parent = LessonIndexPage.objects.get()
    data = {
        "title": "Een les",
        "slug": "een-les",
        "intro": "Kort.",
        "kind": "systeem",
        "source": "schouw",
        "partner_kinds": ["initiatief", "fonds"],
        "principles": ["beter"],
        "body-count": "0",
    }
    form = form_class(data, instance=LessonPage(), parent_page=parent, for_user=None)
    assert form.is_valid(), form.errors
    lesson = form.save(commit=False)
    assert lesson.partner_kinds == ["initiatief", "fonds"]
    assert lesson.principles == ["beter"]

    bad = form_class(
        {**data, "principles": ["onzin"]}, instance=LessonPage(), parent_page=parent, for_user=None
    )
    assert not bad.is_valid()
    assert "principles" in bad.errors
