"""Whole pages for anonymous visitors (``atlas.pagecache``): a kept page costs no query,
shows a change on the next request after any write, never reaches a signed-in user, never hides a
waiting message, never leaks a restricted page, and gives every visitor a CSRF token of their own."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import PageViewRestriction

from atlas.models import NewsPage
from atlas.tests.factories import news_page
from atlas.tests.helpers import html
from reisgids.caching import bump
from reisgids.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_a_kept_page_runs_no_query_and_shows_a_write_on_the_next_request(client, django_assert_num_queries):
    news = news_page(title="Bericht van de wijk")
    html(client, news.url)
    with django_assert_num_queries(0):
        assert "Bericht van de wijk" in html(client, news.url)
    assert "Bericht van de wijk" in html(client, "/nieuws/")
    with django_assert_num_queries(0):
        assert "Bericht van de wijk" in html(client, "/nieuws/")

    NewsPage.objects.filter(pk=news.pk).update(title="Zonder signaal")  # bypasses every signal
    assert "Bericht van de wijk" in html(client, news.url)  # so still the kept page
    bump("atlas")
    assert "Zonder signaal" in html(client, news.url)

    news.refresh_from_db()
    news.title = "Gepubliceerd via Wagtail"
    news.save_revision().publish()
    assert "Gepubliceerd via Wagtail" in html(client, news.url)
    assert "Gepubliceerd via Wagtail" in html(client, "/nieuws/")


def test_every_visitor_gets_a_csrf_token_of_their_own():
    """A form on a kept page carries the token of the visitor it is served to (a slot, filled on
    the way out by ``reisgids.caching.fill_slots``)."""
    from django.http import HttpResponse
    from django.test import RequestFactory

    from atlas import pagecache
    from reisgids.caching import fill_slots

    first, second = RequestFactory().get("/"), RequestFactory().get("/")
    page = HttpResponse(f'<input type="hidden" name="csrfmiddlewaretoken" value="{"a" * 64}">')
    pagecache.store("atlas:test:csrf", page)
    served = fill_slots(second, pagecache.cached_response(second, "atlas:test:csrf").content).decode()
    token = TOKEN.search(served).group(1)
    assert token != "a" * 64 and "\x00" not in served
    other = fill_slots(first, pagecache.cached_response(first, "atlas:test:csrf").content).decode()
    assert TOKEN.search(other).group(1) != token


def test_the_language_is_part_of_the_key():
    first, second = Client(), Client()
    assert "Direct naar de inhoud" in html(first, "/")
    assert "Skip to content" in html(second, "/en/")  # not the kept Dutch page
    assert "Direct naar de inhoud" in html(first, "/")


def test_signed_in_users_never_get_or_fill_the_kept_page(client):
    anonymous_page = html(client, "/")
    member = Client()
    member.force_login(UserFactory())
    member_page = html(member, "/")
    assert "Mijn profiel" in member_page and "Mijn profiel" not in anonymous_page
    assert "Mijn profiel" not in html(Client(), "/")


def test_a_waiting_message_is_shown_instead_of_the_kept_page(client):
    html(client, "/")
    client.force_login(UserFactory())
    response = client.post(reverse("account_logout"), follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert "utrecht-alert" in response.content.decode()
    assert "utrecht-alert" not in html(client, "/")  # shown once


def test_a_page_behind_a_password_is_never_kept():
    news = news_page(title="Alleen voor de werkgroep")
    restriction = PageViewRestriction.objects.create(
        page=news, restriction_type=PageViewRestriction.PASSWORD, password="werkgroep"
    )
    insider, outsider = Client(), Client()
    assert "Alleen voor de werkgroep" not in html(insider, news.url)
    url = reverse("wagtailcore_authenticate_with_password", args=[restriction.pk, news.pk])
    insider.post(url, {"password": "werkgroep", "return_url": news.url})
    assert "Alleen voor de werkgroep" in html(insider, news.url)
    assert "Alleen voor de werkgroep" not in html(outsider, news.url)

    restriction.delete()  # bumps "atlas": the page is public from now on
    assert "Alleen voor de werkgroep" in html(outsider, news.url)
    assert "Alleen voor de werkgroep" in html(outsider, news.url)


def test_a_restriction_added_later_takes_effect_at_once(client):
    news = news_page(title="Eerst openbaar")
    assert "Eerst openbaar" in html(client, news.url)
    PageViewRestriction.objects.create(page=news, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(news.url).status_code == 302


def test_a_page_with_a_csp_nonce_is_never_kept(client, settings, tmp_path):
    (tmp_path / "atlas").mkdir()
    (tmp_path / "atlas" / "standard_page.html").write_text(
        '{% extends "base.html" %}'
        '{% block content %}<script nonce="{{ request.csp_nonce }}"></script>{% endblock %}'
    )
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [tmp_path, *engine["DIRS"]]}]
    nonces = []
    for _ in range(2):
        response = client.get("/privacy/")
        nonce = re.search(r'<script nonce="([^"]+)">', response.content.decode()).group(1)
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_keeping_a_public_page_reads_no_restrictions_of_its_own(client):
    """Whether a response may be kept for everyone is decided from the private sections the request
    already read (``reisgids.pages.is_public``): a cold home page asked Wagtail again for the page's
    restrictions and aliases (two more queries, 21 in all against the bench's bound of 20)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reisgids.caching import NAMESPACES

    client.get("/")
    bump(*NAMESPACES)
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/").status_code == 200
    restrictions = [
        q["sql"] for q in captured.captured_queries if "wagtailcore_pageviewrestriction" in q["sql"]
    ]
    aliases = [
        q["sql"] for q in captured.captured_queries if '"wagtailcore_page"."alias_of_id" FROM' in q["sql"]
    ]
    assert len(restrictions) == 2  # Wagtail's check before serving, and the private sections of the lists
    assert len(aliases) == 1  # Wagtail's
