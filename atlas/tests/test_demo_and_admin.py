"""Demo content (idempotent, linked to the core and deals demo) and the admin form of a lesson."""

import re

import pytest
from wagtail.models import Revision

from atlas.demo import seed_atlas
from atlas.models import LessonIndexPage, LessonPage, NewsPage, StandardPage
from reisgids import demo

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
    assert StandardPage.objects.get(slug="hoe-werkt-de-gemeente", locale__language_code="nl").body
    english = StandardPage.objects.get(slug="hoe-werkt-de-gemeente", locale__language_code="en")
    assert english.title == "How does the municipality work?" and english.live
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


def _content_editor():
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth.models import Permission

    from atlas.permissions import grant_content_editors
    from reisgids.tests.factories import UserFactory

    group = grant_content_editors()
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    user = UserFactory(verified=True)
    user.groups.add(group)
    TOTP.activate(user, generate_totp_secret())
    return user


def test_content_editor_edits_a_lesson_and_publishes_news_in_the_admin(client):
    from atlas.models import NewsIndexPage
    from atlas.tests.factories import lesson_page
    from reisgids.tests.factories import ThemeFactory

    theme = ThemeFactory(name="Mantelzorg", slug="mantelzorg")
    lesson = lesson_page(title="Een les", partner_kinds=["fonds"], principles=["beter"])
    client.force_login(_content_editor())
    html = client.get(f"/beheer/pages/{lesson.pk}/edit/").content.decode()
    assert re.search(r'<input[^>]*name="partner_kinds"[^>]*value="fonds"[^>]*checked', html)
    assert not re.search(r'<input[^>]*name="partner_kinds"[^>]*value="gemeente"[^>]*checked', html)

    index = NewsIndexPage.objects.get()
    response = client.post(
        f"/beheer/pages/add/atlas/newspage/{index.pk}/",
        {
            "title": "Nieuw via beheer",
            "slug": "nieuw-via-beheer",
            "date": "2026-11-20",
            "intro": "Kort.",
            "themes": [theme.pk],
            "body-count": "0",
            "action-publish": "action-publish",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    news = NewsPage.objects.get(slug="nieuw-via-beheer")
    assert news.live and list(news.themes.all()) == [theme]


def test_a_member_without_the_role_cannot_add_news_in_the_admin(client):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from atlas.models import NewsIndexPage
    from reisgids.tests.factories import UserFactory

    member = UserFactory(verified=True)
    TOTP.activate(member, generate_totp_secret())
    client.force_login(member)
    index = NewsIndexPage.objects.get()
    response = client.post(
        f"/beheer/pages/add/atlas/newspage/{index.pk}/",
        {"title": "Mag niet", "slug": "mag-niet", "date": "2026-11-20", "body-count": "0"},
    )
    assert response.status_code in (302, 403)
    assert not NewsPage.objects.filter(slug="mag-niet").exists()
