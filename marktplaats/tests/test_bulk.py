"""``marktplaats.bulk.seed_listings_bulk``: synthetic listings for the bench, with bulk inserts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marktplaats.bulk import EPOCH, LISTING_ID_BASE, STEP, bulk_listings, seed_listings_bulk
from marktplaats.models import Listing
from reisgids.management.commands.seed_bulk import seed_bulk
from reisgids.tests.factories import AreaFactory, NeighbourhoodFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def directory():
    ThemeFactory(name="Mantelzorg", slug="mantelzorg")
    ThemeFactory(name="Eenzaamheid", slug="eenzaamheid")
    delfshaven = AreaFactory(name="Delfshaven", slug="delfshaven")
    NeighbourhoodFactory(name="Bospolder", slug="bospolder", area=delfshaven)
    AreaFactory(name="Charlois", slug="charlois")
    seed_bulk(scale=20)


def rows():
    listings = bulk_listings().order_by("pk")
    return {
        "listings": list(
            listings.values_list(
                "pk", "kind", "category", "title", "status", "organisation__slug", "created_at"
            )
        ),
        "themes": sorted(
            Listing.themes.through.objects.filter(listing__in=listings).values_list("listing_id", "theme_id")
        ),
        "wijken": sorted(
            Listing.neighbourhoods.through.objects.filter(listing__in=listings).values_list(
                "listing_id", "neighbourhood_id"
            )
        ),
    }


def test_seed_listings_bulk_gives_a_mix_of_linked_listings():
    assert seed_listings_bulk(scale=100) == {"listings": 100}
    listings = bulk_listings()
    assert set(listings.values_list("kind", flat=True)) == set(Listing.Kind.values)
    assert {Listing.Status.OPEN, Listing.Status.INGEVULD, Listing.Status.VERLOPEN} <= set(
        listings.values_list("status", flat=True)
    )
    assert listings.filter(status__in=Listing.ACTIVE_STATUSES).count() > 30
    assert not listings.filter(themes=None).exists() and not listings.filter(areas=None).exists()
    newest = listings.order_by("-created_at").first()
    assert newest.pk == LISTING_ID_BASE + 99 and newest.created_at == EPOCH + 99 * STEP


def test_seed_listings_bulk_is_deterministic_and_tops_up():
    seed_listings_bulk(scale=30)
    seed_listings_bulk(scale=60)
    topped_up = rows()
    seed_listings_bulk(scale=60, clear=True)
    assert rows() == topped_up
    seed_listings_bulk(scale=4, clear=True)
    assert bulk_listings().count() == 4


def test_seed_listings_bulk_runs_a_fixed_number_of_queries_whatever_the_scale():
    counts = []
    for scale in (5, 50):
        with CaptureQueriesContext(connection) as captured:
            seed_listings_bulk(scale=scale, clear=True)
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_the_bench_pages_show_bulk_listings(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        seed_listings_bulk(scale=50)
    first, match = Listing.objects.get(pk=LISTING_ID_BASE), Listing.objects.get(pk=LISTING_ID_BASE + 1)
    assert "(000000)" in first.title and first.kind == Listing.Kind.VRAAG
    assert match.title in client.get(first.get_absolute_url()).content.decode()
    assert (
        match.title
        in client.get("/marktplaats/?kind=aanbod&theme=mantelzorg&area=delfshaven").content.decode()
    )
    assert (
        "(000049)" in client.get("/marktplaats/").content.decode()
        or bulk_listings().get(pk=LISTING_ID_BASE + 49).status not in Listing.ACTIVE_STATUSES
    )
    with django_capture_on_commit_callbacks(execute=True):
        seed_listings_bulk(scale=0, clear=True)
    assert client.get(first.get_absolute_url()).status_code == 404
