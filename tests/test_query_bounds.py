"""Each directory page runs a fixed number of queries, at 10 and at 1,000 rows, with and without
filters (the same bound at both sizes)."""

import pytest
from django.db import connection

from reisgids.models import Area, ContactPoint, Instrument, Organisation, Theme
from reisgids.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

BOUND = 12


def seed(n):
    """n organisations, n contact points and n instruments, each with a theme and an area."""
    areas = list(Area.objects.all())
    themes = list(Theme.objects.all())
    orgs = Organisation.objects.bulk_create(
        Organisation(
            name=f"Partij {i:04}",
            slug=f"partij-{i:04}",
            kind="gemeente" if i % 10 == 0 else "initiatief",
            summary="Samen werken aan zorg en welzijn.",
        )
        for i in range(n)
    )
    Organisation.areas.through.objects.bulk_create(
        Organisation.areas.through(organisation=org, area=areas[i % len(areas)]) for i, org in enumerate(orgs)
    )
    Organisation.themes.through.objects.bulk_create(
        Organisation.themes.through(organisation=org, theme=themes[i % len(themes)])
        for i, org in enumerate(orgs)
    )
    points = ContactPoint.objects.bulk_create(
        ContactPoint(
            organisation=orgs[(i // 10) * 10],
            name=f"Aanspreekpunt {i:04}",
            function="Beleidsadviseur",
            approach_for="Mantelzorg en respijtzorg",
            email=f"a{i}@rotterdam.example.nl",
            citywide=i % 7 == 0,
        )
        for i in range(n)
    )
    ContactPoint.themes.through.objects.bulk_create(
        ContactPoint.themes.through(contactpoint=p, theme=themes[i % len(themes)])
        for i, p in enumerate(points)
    )
    ContactPoint.areas.through.objects.bulk_create(
        ContactPoint.areas.through(contactpoint=p, area=areas[i % len(areas)]) for i, p in enumerate(points)
    )
    instruments = Instrument.objects.bulk_create(
        Instrument(
            name=f"Instrument {i:04}",
            slug=f"instrument-{i:04}",
            owner=orgs[(i // 10) * 10],
            summary="Geld voor je plan.",
            offers_money=True,
        )
        for i in range(n)
    )
    Instrument.themes.through.objects.bulk_create(
        Instrument.themes.through(instrument=x, theme=themes[i % len(themes)])
        for i, x in enumerate(instruments)
    )
    return orgs


# The home page is a Wagtail page now: tests/test_query_bounds_atlas.py bounds it.
URLS = [
    "/partijen/",
    "/partijen/?q=partij&kind=gemeente&area=delfshaven&theme=mantelzorg&neighbourhood=bospolder&page=2",
    "/aanspreekpunten/",
    "/aanspreekpunten/?q=mantelzorg&theme=mantelzorg&area=delfshaven&organisation=partij-0000",
    "/aanspreekpunten/?theme=mantelzorg&neighbourhood=bospolder",
    "/instrumenten/",
    "/instrumenten/?q=instrument&theme=mantelzorg&offers=geld",
    "/partijen/partij-0000/",
    "/instrumenten/instrument-0000/",
]


@pytest.mark.parametrize("size", [10, 1000])
@pytest.mark.parametrize("url", URLS)
def test_directory_pages_run_a_fixed_number_of_queries(client, django_assert_max_num_queries, size, url):
    seed(size)
    with django_assert_max_num_queries(BOUND):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("size", [10, 1000])
def test_signed_in_pages_run_a_fixed_number_of_queries(client, django_assert_max_num_queries, size):
    orgs = seed(size)
    manager = MembershipFactory(beheerder=True, organisation=orgs[0])
    for _ in range(3):
        MembershipFactory(organisation=orgs[0])
    client.force_login(manager.user)
    for url in [
        "/partijen/",
        "/partijen/partij-0000/",
        "/partijen/partij-0000/leden/",
        "/partijen/partij-0000/bewerken/",
    ]:
        with django_assert_max_num_queries(BOUND):
            assert client.get(url).status_code == 200
    client.force_login(UserFactory())
    with django_assert_max_num_queries(BOUND):
        assert client.get("/partijen/partij-0000/").status_code == 200


def test_seed_sizes_are_what_the_bounds_claim():
    seed(1000)
    assert Organisation.objects.count() == 1000
    assert connection.vendor == "postgresql"
