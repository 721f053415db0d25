"""The lists' text filters (``?q=``): what they find, and on PostgreSQL that every condition of the
filter can be answered from an index (the trigram indexes of ``reisgids.dbindexes`` on the same
``UPPER(field::text)`` Django's ``icontains`` writes, and the foreign key's index for a related
row's name through ``reisgids.filters.any_of``), so a rare word reads only its rows at any table size."""

import pytest
from django.db import connection

from deals.filters import DealFilter
from deals.models import Deal
from deals.selectors import deal_register
from deals.tests.factories import DealFactory, DealPartnerFactory
from marktplaats.filters import ListingFilter
from marktplaats.models import Listing
from marktplaats.selectors import listing_browse
from marktplaats.tests.factories import ListingFactory
from reisgids import pagination
from reisgids.filters import ContactPointFilter, OrganisationFilter
from reisgids.models import ContactPoint, Organisation
from reisgids.selectors import contactpoint_list, organisation_list
from reisgids.tests.factories import ContactPointFactory, OrganisationFactory
from reisgids.tests.helpers import large_table_plan

pytestmark = pytest.mark.django_db


def found(filterset_class, queryset, q):
    return set(filterset_class({"q": q}, queryset=queryset).qs.values_list("pk", flat=True))


def test_deals_are_found_by_their_text_and_by_an_accepted_partners_name():
    by_title = DealFactory(title="Samen kookzwammen in Oost", closed=True)
    by_goal = DealFactory(goal="Minder eenzaamheid door kookzwam", closed=True)
    by_partner = DealFactory(title="Buurtmaaltijd", closed=True)
    DealPartnerFactory(deal=by_partner, organisation=OrganisationFactory(name="Collectief Kookzwam010"))
    invited_only = DealFactory(title="Iets anders", closed=True)
    DealPartnerFactory(deal=invited_only, organisation=OrganisationFactory(name="Kookzwamhuis"), invited=True)
    DealFactory(title="Niets hiervan", closed=True)
    assert found(DealFilter, deal_register(), "kookzwam") == {by_title.pk, by_goal.pk, by_partner.pk}


def test_listings_are_found_by_their_text_and_by_their_organisations_name():
    by_title = ListingFactory(title="Kwastjesmaker gezocht")
    by_description = ListingFactory(description="Wie helpt met kwastjes op dinsdag?")
    by_organisation = ListingFactory(organisation=OrganisationFactory(name="Stichting Kwastje"))
    ListingFactory(title="Tuinhulp gezocht")
    assert found(ListingFilter, listing_browse(), "kwastje") == {
        by_title.pk,
        by_description.pk,
        by_organisation.pk,
    }


def test_contact_points_are_found_by_their_text_and_by_their_organisations_name():
    by_function = ContactPointFactory(function="Wijkregisseur tuinzwam")
    by_organisation = ContactPointFactory(organisation=OrganisationFactory(name="Tuinzwam Rotterdam"))
    ContactPointFactory(function="Beleidsadviseur wonen")
    assert found(ContactPointFilter, contactpoint_list(), "tuinzwam") == {
        by_function.pk,
        by_organisation.pk,
    }


def test_organisations_are_found_by_their_text():
    by_name = OrganisationFactory(name="Buurtzwam Oost")
    by_summary = OrganisationFactory(summary="Zwamkunde in de wijk")
    OrganisationFactory(name="Voetbalclub", summary="Sport", description="Sport")
    assert found(OrganisationFilter, organisation_list(), "zwam") == {by_name.pk, by_summary.pk}


def plan(queryset):
    """PostgreSQL's plan for ``queryset`` when it may not read a table whole."""
    return large_table_plan(*queryset.query.sql_with_params())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the indexes are PostgreSQL's")
@pytest.mark.parametrize(
    ("filterset_class", "model", "indexes"),
    [
        (
            DealFilter,
            Deal,
            ["deals_deal_title_trgm", "deals_deal_goal_trgm", "deals_deal_idea_trgm", "deals_deal_pkey"],
        ),
        (
            ListingFilter,
            Listing,
            [
                "marktplaats_listing_title_trgm",
                "marktplaats_listing_description_trgm",
                "marktplaats_listing_organisation_id",
            ],
        ),
        (
            ContactPointFilter,
            ContactPoint,
            [
                "reisgids_contactpoint_name_trgm",
                "reisgids_contactpoint_function_trgm",
                "reisgids_contactpoint_approach_for_trgm",
                "reisgids_contactpoint_organisation_id",
            ],
        ),
        (
            OrganisationFilter,
            Organisation,
            [
                "reisgids_organisation_name_trgm",
                "reisgids_organisation_summary_trgm",
                "reisgids_organisation_description_trgm",
            ],
        ),
    ],
)
def test_each_condition_of_a_text_filter_can_use_an_index(filterset_class, model, indexes):
    """The text filter alone, on the whole table: with sequential scans made (nearly) impossible,
    PostgreSQL answers every branch of its OR from an index, and finds a related row's name (the
    organisation, a deal's partners) through the trigram index of the organisation's name."""
    search = filterset_class().filters["q"]
    explained = plan(search.filter(model._base_manager.order_by(), "zeldzaamwoord").values("pk"))
    for index in indexes:
        assert index in explained
    assert "Seq Scan" not in explained
    if model is not Organisation:
        assert "reisgids_organisation_name_trgm" in explained


@pytest.mark.parametrize(
    ("path", "make", "more", "exact"),
    [
        (
            "/partijen/?q=zorgpunt",
            lambda n: OrganisationFactory(name=f"Zorgpunt {n}"),
            "Meer dan 3 partijen",
            "partijen",
        ),
        (
            "/aanspreekpunten/?q=zorgpunt",
            lambda n: ContactPointFactory(function="Zorgpunt"),
            "Meer dan 3 aanspreekpunten",
            "aanspreekpunten",
        ),
        (
            "/deals/?q=zorgpunt",
            lambda n: DealFactory(title=f"Zorgpunt {n}", closed=True),
            "Meer dan 3 deals",
            "deals",
        ),
        (
            "/marktplaats/?q=zorgpunt",
            lambda n: ListingFactory(title=f"Zorgpunt {n}"),
            "Meer dan 3 vragen en aanbod",
            "vragen en aanbod",
        ),
    ],
)
def test_the_list_pages_say_more_than_the_limit(client, monkeypatch, path, make, more, exact):
    for number in range(3):
        make(number)
    monkeypatch.setattr(pagination, "COUNT_LIMIT", 3)
    response = client.get(path)
    assert f"3 {exact} gevonden" in response.text
    assert more not in response.text
    make(3)
    client.get(path)  # each write bumps its namespace: a fresh list
    response = client.get(path)
    assert f"{more} gevonden" in response.text


def test_the_directorys_area_filter_finds_organisations_in_the_gebied_and_in_its_wijken():
    from reisgids.tests.factories import AreaFactory, NeighbourhoodFactory

    wijk = NeighbourhoodFactory(area=AreaFactory(slug="delfshaven"))
    in_area, in_wijk, elsewhere = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    in_area.areas.add(wijk.area)
    in_wijk.neighbourhoods.add(wijk)
    elsewhere.areas.add(AreaFactory())
    filtered = OrganisationFilter({"area": "delfshaven"}, queryset=organisation_list()).qs
    assert set(filtered.values_list("pk", flat=True)) == {in_area.pk, in_wijk.pk}
