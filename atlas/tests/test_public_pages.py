"""``reisgids.pages.public``: the private sections read once per request, never kept beyond it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from atlas.models import NewsPage
from atlas.selectors import news_list
from atlas.tests.factories import news_page
from reisgids.pages import public, request_scope

pytestmark = pytest.mark.django_db


def _restriction_reads(captured):
    return sum('"wagtailcore_pageviewrestriction"' in query["sql"] for query in captured.captured_queries)


def test_a_private_page_is_left_out_and_the_sections_are_read_once_per_request():
    shown, hidden = news_page(title="Openbaar"), news_page(title="Besloten")
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    with CaptureQueriesContext(connection) as captured, request_scope():
        first = list(public(NewsPage.objects.live()))
        second = list(public(NewsPage.objects.live()))
    assert [page.pk for page in first] == [page.pk for page in second] == [shown.pk]
    assert _restriction_reads(captured) == 1
    with CaptureQueriesContext(connection) as captured:  # outside a request: read on every call
        list(public(NewsPage.objects.live()))
        list(public(NewsPage.objects.live()))
    assert _restriction_reads(captured) == 2


def test_a_section_made_private_after_a_request_is_left_out_of_the_next(client):
    page = news_page(title="Straks besloten")
    with request_scope():
        assert [item.pk for item in news_list()] == [page.pk]
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    with request_scope():
        assert list(news_list()) == []
    assert "Straks besloten" not in client.get("/nieuws/").content.decode()
