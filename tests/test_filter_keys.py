"""The thema and gebied filters of the lists compare the link tables' key columns with the chosen
object's key, read with the filter's options (``reisgids.filters.SlugOptions``, ``AreaOptions``),
instead of joining the thema or gebied table on its slug: PostgreSQL then knows from the column's
statistics how common the thema or gebied is and, for a common one, reads the list in its order and
stops at a page (at 10,000 organisations /partijen/?theme=…&area=… read every linked organisation
first, 29 ms for its rows). A gebied also matches what is tagged with one of its wijken only."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marktplaats.models import Listing
from marktplaats.tests.factories import ListingFactory
from reisgids.filters import AreaOptions, area_options
from reisgids.models import Area
from reisgids.tests.factories import AreaFactory, NeighbourhoodFactory, OrganisationFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    west = AreaFactory(name="Testgebied West", slug="testgebied-west")
    oost = AreaFactory(name="Testgebied Oost", slug="testgebied-oost")
    leeg = AreaFactory(name="Testgebied Zonder Wijken", slug="testgebied-zonder-wijken")
    wijk_west = NeighbourhoodFactory(name="Testwijk West", slug="testwijk-west", area=west)
    wijk_oost = NeighbourhoodFactory(name="Testwijk Oost", slug="testwijk-oost", area=oost)
    return west, oost, leeg, wijk_west, wijk_oost


def _list_statements(captured, table):
    """The statements that read the list's rows or count them (not the options or prefetches)."""
    return [
        query["sql"]
        for query in captured.captured_queries
        if re.match(rf'SELECT (COUNT\(\*\) FROM \(SELECT )?"{table}"\."', query["sql"])
    ]


def test_the_area_options_carry_the_keys_of_the_gebieden_and_their_wijken(places):
    west, _oost, leeg, wijk_west, _wijk_oost = places
    with CaptureQueriesContext(connection) as captured:
        options = area_options()
    assert len(captured.captured_queries) == 1
    assert isinstance(options, AreaOptions)
    assert list(options) == [(area.slug, area.name) for area in Area.objects.order_by("name", "pk")]
    assert options.ids[west.slug] == west.pk and options.ids[leeg.slug] == leeg.pk
    assert options.wijken[west.slug] == [wijk_west.pk]
    assert leeg.slug not in options.wijken


def test_the_organisation_list_filters_on_keys_and_a_gebied_includes_its_wijken(client, places):
    west, oost, leeg, wijk_west, wijk_oost = places
    theme = ThemeFactory(name="Testthema")
    in_area = OrganisationFactory(name="Partij in het gebied", areas=[west], themes=[theme])
    in_wijk = OrganisationFactory(name="Partij in een wijk", neighbourhoods=[wijk_west], themes=[theme])
    elsewhere = OrganisationFactory(
        name="Partij elders", areas=[oost], neighbourhoods=[wijk_oost], themes=[theme]
    )
    other_theme = OrganisationFactory(name="Partij met ander thema", areas=[west])
    with CaptureQueriesContext(connection) as captured:
        body = client.get(f"/partijen/?theme={theme.slug}&area={west.slug}").content.decode()
    assert in_area.name in body and in_wijk.name in body
    assert elsewhere.name not in body and other_theme.name not in body
    statements = _list_statements(captured, "reisgids_organisation")
    assert len(statements) == 2  # the capped count and the page's rows
    for sql in statements:
        assert f'"theme_id" = {theme.pk}' in sql and f'"area_id" = {west.pk}' in sql
        assert f'"neighbourhood_id" IN ({wijk_west.pk})' in sql
        assert '"slug" = ' not in sql  # no join of the thema, gebied or wijk table on its slug

    response = client.get(f"/partijen/?area={leeg.slug}")  # a gebied without wijken
    assert response.status_code == 200 and in_area.name not in response.content.decode()


def test_the_marketplace_filters_on_keys_and_a_gebied_includes_its_wijken(client, places):
    west, _oost, _leeg, wijk_west, wijk_oost = places
    theme = ThemeFactory(name="Testthema")
    in_area = ListingFactory(aanbod=True, title="Aanbod in het gebied", areas=[west], themes=[theme])
    in_wijk = ListingFactory(
        aanbod=True, title="Aanbod in een wijk", neighbourhoods=[wijk_west], themes=[theme]
    )
    elsewhere = ListingFactory(aanbod=True, title="Aanbod elders", neighbourhoods=[wijk_oost], themes=[theme])
    with CaptureQueriesContext(connection) as captured:
        body = client.get(f"/marktplaats/?kind=aanbod&theme={theme.slug}&area={west.slug}").content.decode()
    assert in_area.title in body and in_wijk.title in body and elsewhere.title not in body
    statements = _list_statements(captured, Listing._meta.db_table)
    assert len(statements) == 2
    for sql in statements:
        assert f'"theme_id" = {theme.pk}' in sql and f'"area_id" = {west.pk}' in sql
        assert '"slug" = ' not in sql
