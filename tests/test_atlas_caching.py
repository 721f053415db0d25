"""The atlas pages' fragment cache (``reisgids.caching``) is invisible: a change shows on the
next request. Each test first proves the page comes from the cache (a write without signals does not
show), then that the write path or the namespace bump it depends on makes the change visible."""

import pytest

from agenda.models import EventPage
from agenda.tests.factories import make_event
from atlas.models import LessonPage, NewsPage
from atlas.tests.factories import lesson_page, news_page
from atlas.tests.helpers import html
from deals.models import Deal
from deals.tests.factories import DealFactory
from reisgids.caching import bump
from reisgids.models import Theme
from reisgids.tests.factories import ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_published_news_shows_at_once_on_home_and_news_index(client):
    news_page(title="Eerste bericht")
    assert "Eerste bericht" in html(client, "/") and "Eerste bericht" in html(client, "/nieuws/")
    news = news_page(title="Vers bericht", live=False)
    assert "Vers bericht" not in html(client, "/")
    news.save_revision().publish()
    assert "Vers bericht" in html(client, "/")
    assert "Vers bericht" in html(client, "/nieuws/")
    news.refresh_from_db()
    news.unpublish()
    assert "Vers bericht" not in html(client, "/")
    assert "Vers bericht" not in html(client, "/nieuws/")


def test_edited_lesson_shows_at_once_on_its_page_and_the_filtered_index(client):
    theme = ThemeFactory(slug="mantelzorg", name="Mantelzorg")
    lesson = lesson_page(title="Oude les", themes=[theme], kind=LessonPage.Kind.SYSTEM)
    filtered = "/lessen/?theme=mantelzorg&kind=systeem"
    assert "Oude les" in html(client, filtered) and "Oude les" in html(client, lesson.url)
    lesson.title = "Nieuwe les"
    lesson.save_revision().publish()
    assert "Nieuwe les" in html(client, filtered)
    assert "Nieuwe les" in html(client, lesson.url)
    lesson.delete()
    assert "Nieuwe les" not in html(client, filtered)


def test_atlas_namespace(client):
    lesson = lesson_page(title="Les een")
    news = news_page(title="Bericht een")
    for url in ("/", "/lessen/", "/nieuws/", lesson.url, news.url):
        html(client, url)
    LessonPage.objects.filter(pk=lesson.pk).update(title="Les twee")  # no signal
    NewsPage.objects.filter(pk=news.pk).update(title="Bericht twee")
    assert "Les twee" not in html(client, "/lessen/")  # from the cache
    assert "Bericht twee" not in html(client, "/nieuws/")
    bump("atlas")
    assert "Les twee" in html(client, "/") and "Les twee" in html(client, "/lessen/")
    assert "Bericht twee" in html(client, "/") and "Bericht twee" in html(client, "/nieuws/")
    assert '<h1 class="utrecht-heading-1">Les twee</h1>' in html(client, lesson.url)
    assert '<h1 class="utrecht-heading-1">Bericht twee</h1>' in html(client, news.url)


def test_directory_namespace(client):
    theme = ThemeFactory(slug="eenzaamheid", name="Eenzaamheid")
    lesson = lesson_page(title="Les", themes=[theme])
    assert "Eenzaamheid" in html(client, lesson.url)
    Theme.objects.filter(pk=theme.pk).update(name="Samen minder alleen")
    assert "Samen minder alleen" not in html(client, lesson.url)
    bump("directory")
    assert "Samen minder alleen" in html(client, lesson.url)
    assert "Samen minder alleen" in html(client, "/lessen/")  # the filter form's choices


@pytest.mark.parametrize("namespace", ["deals", "agenda"])
def test_deals_and_agenda_namespaces(client, namespace):
    html(client, "/")
    if namespace == "deals":  # created after the home page was cached: signals bump "deals"
        model, row = Deal, DealFactory(closed=True, title="Logeerhuis in de wijk")
    else:
        model, row = EventPage, make_event(title="Logeerhuis in de wijk")
    assert "Logeerhuis in de wijk" in html(client, "/")
    model.objects.filter(pk=row.pk).update(title="Logeerhuis Noord")
    assert "Logeerhuis Noord" not in html(client, "/")
    bump(namespace)
    assert "Logeerhuis Noord" in html(client, "/")


def test_view_restriction_hides_a_page_at_once(client):
    from wagtail.models import PageViewRestriction

    news = news_page(title="Voor leden")
    assert "Voor leden" in html(client, "/nieuws/")
    PageViewRestriction.objects.create(page=news, restriction_type=PageViewRestriction.LOGIN)
    assert "Voor leden" not in html(client, "/nieuws/")
    assert "Voor leden" not in html(client, "/")


def test_signed_in_and_anonymous_see_the_same_cached_index(client):
    news_page(title="Voor iedereen")
    anonymous = html(client, "/nieuws/")
    client.force_login(UserFactory())
    assert "Voor iedereen" in anonymous and "Voor iedereen" in html(client, "/nieuws/")


def test_preview_is_never_cached(client):
    from django.test import RequestFactory

    news = news_page(title="Gepubliceerd")
    html(client, news.url)
    news.title = "Concepttitel"
    request = RequestFactory().get(news.url)
    request.user = UserFactory()
    response = news.make_preview_request(request, news.default_preview_mode)
    assert "Concepttitel" in response.content.decode()
    assert "Concepttitel" not in html(client, news.url)


def test_cached_route_follows_slug_changes_unpublishing_and_deletion(client):
    news = news_page(title="Routebericht", slug="routebericht")
    assert client.get("/nieuws/routebericht/").status_code == 200
    assert client.get("/nieuws/routebericht/").status_code == 200  # from the route cache
    news.slug = "nieuwe-route"
    news.save_revision().publish()
    assert client.get("/nieuws/routebericht/").status_code == 404
    assert client.get("/nieuws/nieuwe-route/").status_code == 200
    news.refresh_from_db()
    news.unpublish()
    assert client.get("/nieuws/nieuwe-route/").status_code == 404
    news.save_revision().publish()
    assert client.get("/nieuws/nieuwe-route/").status_code == 200
    news.delete()
    assert client.get("/nieuws/nieuwe-route/").status_code == 404
    for _ in range(2):  # a routable page's sub-path is not kept as the page itself
        assert client.get("/agenda/archief/").status_code == 200
        assert client.get("/agenda/").status_code == 200


def test_the_site_comes_from_the_cache_until_a_site_is_saved(client, django_assert_max_num_queries):
    from wagtail.models import Site

    # A kept page skips the site's lookup: each request asks for a page not kept yet (its query
    # string is part of the page cache's key).
    html(client, "/?n=1")
    with django_assert_max_num_queries(20) as captured:
        html(client, "/?n=2")
    assert not any("wagtailcore_site" in query["sql"] for query in captured.captured_queries)

    site = Site.objects.get(is_default_site=True)
    Site.objects.filter(pk=site.pk).update(site_name="Zonder signaal")  # no signal: still cached
    assert client.get("/?n=3").wsgi_request._wagtail_site.site_name == site.site_name
    site.site_name = "Reisgids Rotterdam"
    site.save()
    assert client.get("/?n=4").wsgi_request._wagtail_site.site_name == "Reisgids Rotterdam"
