"""The atlas pages as a visitor sees them: home, standard pages, news and lessons with filters."""

import datetime

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission, Page

from atlas.models import HomePage, LessonPage, NewsIndexPage, StandardPage
from atlas.permissions import grant_content_editors
from atlas.tests.factories import lesson_page, news_page
from reisgids.tests.factories import AreaFactory, NeighbourhoodFactory, OrganisationFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def test_sections_exist_under_the_home_page():
    home = HomePage.objects.get()
    slugs = set(Page.objects.child_of(home).values_list("slug", flat=True))
    assert {"nieuws", "lessen", "toegankelijkheid", "privacy", "hoe-werkt-de-gemeente"} <= slugs


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("/toegankelijkheid/", "Toegankelijkheidsverklaring"),
        ("/privacy/", "Privacyverklaring"),
        ("/hoe-werkt-de-gemeente/", "Hoe werkt de gemeente?"),
    ],
)
def test_standard_pages_are_served_by_wagtail_with_their_text(client, url, text):
    page = StandardPage.objects.get(slug=url.strip("/"))
    if not page.body:  # a flushed database gets the sections back empty; the migration fills them
        from atlas.demo import seed_standard_pages

        seed_standard_pages()
    response = client.get(url)
    assert response.status_code == 200
    assert text in response.content.decode()


def test_footer_and_home_links_keep_their_names(client):
    from django.urls import reverse

    assert reverse("home") == "/"
    assert reverse("accessibility") == "/toegankelijkheid/"
    assert reverse("privacy") == "/privacy/"
    response = client.get("/")
    assert response.status_code == 200
    assert 'href="/toegankelijkheid/"' in response.content.decode()


def test_home_shows_latest_news_and_lessons(client):
    for i in range(4):
        news_page(title=f"Bericht {i}", date=datetime.date(2026, 10, 1 + i))
    news_page(title="Concept", live=False)
    lesson_page(title="Werk met kleine percelen", kind=LessonPage.Kind.SYSTEM)
    html = client.get("/").content.decode()
    assert "Bericht 3" in html and "Bericht 1" in html
    assert "Bericht 0" not in html  # only the three newest
    assert "Concept" not in html
    assert "Werk met kleine percelen" in html
    assert "Wie moet ik hebben?" in html


def test_news_index_filters_by_theme_and_paginates(client, settings):
    mantelzorg = ThemeFactory(name="Mantelzorg", slug="mantelzorg")
    other = ThemeFactory(name="Eenzaamheid", slug="eenzaamheid")
    news_page(title="Respijtzorg in de wijk", themes=[mantelzorg])
    news_page(title="Samen eten", themes=[other])
    html = client.get("/nieuws/?theme=mantelzorg").content.decode()
    assert "Respijtzorg in de wijk" in html and "Samen eten" not in html
    assert "Thema: Mantelzorg" in html  # the active filter, removable
    settings.PAGE_SIZE = 1
    html = client.get("/nieuws/?page=2").content.decode()
    assert "Respijtzorg in de wijk" in html


def test_news_page_links_its_themes_to_the_filtered_index(client):
    theme = ThemeFactory(name="Mantelzorg", slug="mantelzorg")
    page = news_page(title="Respijtzorg", themes=[theme])
    html = client.get(page.url).content.decode()
    assert 'href="/nieuws/?theme=mantelzorg"' in html


def test_unknown_filter_value_shows_error_and_lists_everything(client):
    lesson_page(title="Een les")
    response = client.get("/lessen/?kind=onzin")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Een les" in html
    assert "geen beschikbare keuze" in html or "is geen" in html


@pytest.fixture
def places():
    delfshaven = AreaFactory(name="Delfshaven", slug="delfshaven")
    bospolder = NeighbourhoodFactory(name="Bospolder", slug="bospolder", area=delfshaven)
    spangen = NeighbourhoodFactory(name="Spangen", slug="spangen", area=delfshaven)
    noord = AreaFactory(name="Noord", slug="noord")
    oude_noorden = NeighbourhoodFactory(name="Oude Noorden", slug="oude-noorden", area=noord)
    return delfshaven, bospolder, spangen, noord, oude_noorden


def _titles(client, query):
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(client.get("/lessen/" + query).content, "html.parser")
    return {a.get_text(strip=True) for a in soup.select(".reisgids-card__title a")}


def test_lesson_filters_compose(client, places):
    delfshaven, bospolder, spangen, noord, oude_noorden = places
    mantelzorg = ThemeFactory(name="Mantelzorg", slug="mantelzorg")
    org = OrganisationFactory(name="Logeerhuis De Buren", slug="logeerhuis-de-buren")
    lesson_page(
        title="Kleine percelen",
        kind=LessonPage.Kind.SYSTEM,
        themes=[mantelzorg],
        neighbourhoods=[bospolder],
        organisations=[org],
        partner_kinds=["initiatief", "gemeente"],
        principles=["beter"],
        source=LessonPage.Source.SCHOUW,
        is_success=True,
    )
    lesson_page(title="Gebiedsbreed", kind=LessonPage.Kind.SYSTEM, themes=[mantelzorg], areas=[delfshaven])
    lesson_page(
        title="Spangen apart", kind=LessonPage.Kind.SYSTEM, themes=[mantelzorg], neighbourhoods=[spangen]
    )
    lesson_page(title="In Noord", kind=LessonPage.Kind.SYSTEM, themes=[mantelzorg], areas=[noord])
    lesson_page(
        title="Over inhoud", kind=LessonPage.Kind.CONTENT, themes=[mantelzorg], neighbourhoods=[bospolder]
    )

    # A wijk matches lessons of that wijk and of its whole gebied, not of other wijken.
    assert _titles(client, "?theme=mantelzorg&kind=systeem&neighbourhood=bospolder") == {
        "Kleine percelen",
        "Gebiedsbreed",
    }
    # A gebied matches lessons of the gebied and of every wijk in it.
    assert _titles(client, "?kind=systeem&area=delfshaven") == {
        "Kleine percelen",
        "Gebiedsbreed",
        "Spangen apart",
    }
    assert _titles(client, "?partner_kind=gemeente") == {"Kleine percelen"}
    assert _titles(client, "?principle=beter&source=schouw&success=ja") == {"Kleine percelen"}
    assert _titles(client, "?organisation=logeerhuis-de-buren") == {"Kleine percelen"}
    assert "Kleine percelen" not in _titles(client, "?success=nee")
    html = client.get("/lessen/?neighbourhood=oude-noorden&kind=inhoudelijk").content.decode()
    assert "Geen lessen gevonden" in html


def test_lesson_page_shows_every_facet_linked_to_the_index(client, places):
    delfshaven, bospolder, *_ = places
    mantelzorg = ThemeFactory(name="Mantelzorg", slug="mantelzorg")
    org = OrganisationFactory(name="Logeerhuis De Buren", slug="logeerhuis-de-buren")
    page = lesson_page(
        title="Kleine percelen",
        kind=LessonPage.Kind.SYSTEM,
        themes=[mantelzorg],
        areas=[delfshaven],
        neighbourhoods=[bospolder],
        organisations=[org],
        partner_kinds=["initiatief"],
        principles=["elk-initiatief-heeft-waarde"],
        source=LessonPage.Source.PEER_REVIEW,
    )
    html = client.get(page.url).content.decode()
    for link in (
        "/lessen/?kind=systeem",
        "/lessen/?theme=mantelzorg",
        "/lessen/?area=delfshaven",
        "/lessen/?neighbourhood=bospolder",
        "/lessen/?partner_kind=initiatief",
        "/lessen/?principle=elk-initiatief-heeft-waarde",
        "/lessen/?source=peer-review",
        "/lessen/?organisation=logeerhuis-de-buren",
        "/partijen/logeerhuis-de-buren/",
    ):
        assert f'href="{link}"' in html, link
    assert "Elk initiatief heeft waarde" in html


def test_content_editors_may_publish_under_the_home_page():
    group = grant_content_editors()
    home = HomePage.objects.get()
    codenames = set(
        GroupPagePermission.objects.filter(group=group, page=home).values_list(
            "permission__codename", flat=True
        )
    )
    assert codenames == {"add_page", "change_page", "publish_page"}
    assert Group.objects.filter(name="Contentbeheerders").exists()
    assert NewsIndexPage.objects.get().permissions_for_user  # the tree is in place


def test_only_content_editors_may_add_and_publish_news():
    from reisgids.tests.factories import UserFactory

    index = NewsIndexPage.objects.get()
    editor = UserFactory()
    editor.groups.add(grant_content_editors())
    member = UserFactory()
    assert index.permissions_for_user(editor).can_add_subpage()
    assert index.permissions_for_user(editor).can_publish_subpage()
    assert not index.permissions_for_user(member).can_add_subpage()
    assert not index.permissions_for_user(member).can_publish_subpage()


def test_news_page_shows_its_image_with_a_text_alternative(client):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    image = Image.objects.create(
        title="Logeerkamer", description="Een logeerkamer met twee bedden", file=get_test_image_file()
    )
    page = news_page(title="Met beeld", image=image)
    html = client.get(page.url).content.decode()
    assert 'alt="Een logeerkamer met twee bedden"' in html


def test_restoring_empty_standard_pages_never_overwrites_an_editors_text():
    from atlas.apps import restore_standard_pages

    privacy = StandardPage.objects.get(slug="privacy")
    privacy.intro = ""
    privacy.body = [("heading", "Eigen tekst van de redactie")]
    privacy.save()
    StandardPage.objects.filter(slug="toegankelijkheid").update(intro="", body=[])
    restore_standard_pages(sender=None, using="default")
    privacy.refresh_from_db()
    assert privacy.body[0].value == "Eigen tekst van de redactie"
    assert StandardPage.objects.get(slug="toegankelijkheid").intro


def test_empty_indexes_say_so(client):
    assert "Er is nog geen nieuws." in client.get("/nieuws/").content.decode()
    assert "Er zijn nog geen lessen." in client.get("/lessen/").content.decode()
