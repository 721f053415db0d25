"""The lessons' organisation and deal filters offer only what some lesson links to. On PostgreSQL
those are found by walking the link table's index from one distinct key to the next
(``reisgids.filters.linked``): one index lookup per option instead of testing all 10,000
organisations of the directory against the links (3.4–4.5 ms of a cold /lessen/ on the bench
database, growing with the directory)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from atlas.filters import lesson_deal_options, lesson_organisation_options
from atlas.tests.factories import lesson_page
from deals.models import Deal
from deals.tests.factories import DealFactory
from reisgids.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_the_options_are_the_linked_organisations_once_each_by_name():
    zorg = OrganisationFactory(name="Zorgpunt Test", slug="zorgpunt-test")
    buurt = OrganisationFactory(name="Buurtkamer Test", slug="buurtkamer-test")
    OrganisationFactory(name="Niet gekoppeld Test", slug="niet-gekoppeld-test")
    lesson_page(title="Eerste les", organisations=[zorg, buurt])
    lesson_page(title="Tweede les", organisations=[zorg])

    with CaptureQueriesContext(connection) as captured:
        options = lesson_organisation_options()

    assert options == [("buurtkamer-test", "Buurtkamer Test"), ("zorgpunt-test", "Zorgpunt Test")]
    assert len(captured.captured_queries) == 1


def test_the_deal_options_are_linked_public_deals_only():
    public = DealFactory(title="Deal A Test", status=Deal.Status.RUNNING)
    DealFactory(title="Deal B Test", status=Deal.Status.RUNNING)  # no lesson links to it
    in_the_making = DealFactory(title="Deal C Test", status=Deal.Status.IDEA)
    lesson_page(title="Les over een deal", deals=[public, in_the_making])

    assert lesson_deal_options() == [(public.slug, public.title)]


def test_no_lesson_links_gives_no_options():
    OrganisationFactory(name="Alleen Test", slug="alleen-test")
    assert lesson_organisation_options() == []
    assert lesson_deal_options() == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the skip scan is PostgreSQL's")
def test_the_options_walk_the_link_index_instead_of_testing_every_organisation():
    lesson_page(title="Les", organisations=[OrganisationFactory()])
    with CaptureQueriesContext(connection) as captured:
        lesson_organisation_options()
    (sql,) = [query["sql"] for query in captured.captured_queries]
    assert sql.count("WITH RECURSIVE") == 1
    assert "EXISTS" not in sql
