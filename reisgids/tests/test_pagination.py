"""The lists count at most ``COUNT_LIMIT`` rows (``reisgids.pagination``): a filter that matches
many rows costs the same whatever the size of the table. What the list pages say then is tested in
``tests/test_text_search.py``."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reisgids.models import Organisation
from reisgids.pagination import CappedPaginator
from reisgids.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_up_to_the_limit_it_counts_like_django():
    OrganisationFactory.create_batch(5)
    paginator = CappedPaginator(Organisation.objects.order_by("name"), 2, limit=10)
    assert (paginator.count, paginator.capped, paginator.num_pages) == (5, False, 3)


def test_beyond_the_limit_it_stops_counting():
    OrganisationFactory.create_batch(5)
    paginator = CappedPaginator(Organisation.objects.order_by("name"), 2, limit=3)
    with CaptureQueriesContext(connection) as queries:
        assert (paginator.count, paginator.capped, paginator.num_pages) == (3, True, 2)
    (count,) = [query["sql"] for query in queries.captured_queries]
    assert "LIMIT 4" in count
    assert "ORDER BY" not in count  # no sort of every match just to count
    assert len(paginator.get_page(99).object_list) == 1  # the last page the limit reaches


def test_a_list_of_rows_is_counted_too():
    paginator = CappedPaginator(list(range(7)), 2, limit=5)
    assert (paginator.count, paginator.capped) == (5, True)
