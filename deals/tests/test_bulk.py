"""``deals.bulk.seed_deals_bulk``: synthetic deals for the bench, with bulk inserts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from deals.bulk import DEAL_PREFIX, seed_deals_bulk
from deals.models import Contribution, Deal, DealPartner
from reisgids.management.commands.seed_bulk import seed_bulk
from reisgids.tests.factories import AreaFactory, ThemeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def directory():
    ThemeFactory(name="Mantelzorg", slug="mantelzorg")
    ThemeFactory(name="Eenzaamheid", slug="eenzaamheid")
    AreaFactory(name="Delfshaven", slug="delfshaven")
    AreaFactory(name="Charlois", slug="charlois")
    seed_bulk(scale=40)


def bulk_rows():
    deals = Deal.objects.filter(slug__startswith=DEAL_PREFIX).order_by("slug")
    return {
        "deals": list(deals.values_list("slug", "title", "status", "goal", "closed_at", "start_date")),
        "partners": sorted(
            DealPartner.objects.filter(deal__in=deals).values_list(
                "deal__slug", "organisation__slug", "role", "status"
            )
        ),
        "contributions": sorted(
            Contribution.objects.filter(partner__deal__in=deals).values_list(
                "partner__deal__slug", "partner__organisation__slug", "kind", "amount_eur", "hours"
            )
        ),
        "themes": sorted(
            Deal.themes.through.objects.filter(deal__in=deals).values_list("deal__slug", "theme__slug")
        ),
        "areas": sorted(
            Deal.areas.through.objects.filter(deal__in=deals).values_list("deal__slug", "area__slug")
        ),
    }


def test_seed_deals_bulk_creates_linked_deals_with_three_to_six_partners():
    totals = seed_deals_bulk(scale=20)
    deals = Deal.objects.filter(slug__startswith=DEAL_PREFIX)
    assert totals["deals"] == deals.count() == 20
    for deal in deals.prefetch_related("partners__contributions", "themes", "areas"):
        partners = list(deal.partners.all())
        assert 3 <= len(partners) <= 6, deal.slug
        assert [p.role for p in partners].count(DealPartner.Role.TREKKER) == 1
        assert all(p.status == DealPartner.Status.ACCEPTED and p.contributions.all() for p in partners)
        assert all(p.organisation.slug.startswith("bulk-") for p in partners)
        assert deal.themes.all() and deal.areas.all() and deal.is_demo
    assert totals["deal_partners"] == DealPartner.objects.filter(deal__in=deals).count()
    assert deals.filter(status__in=Deal.PUBLIC_STATUSES).count() > 10
    first = deals.get(slug=f"{DEAL_PREFIX}000000")
    assert first.is_public
    assert first.themes.filter(slug="mantelzorg").exists() and first.areas.filter(slug="delfshaven").exists()
    # money only with an amount, hours only for people (the model's constraints hold)
    assert not Contribution.objects.filter(partner__deal__in=deals, kind="geld", amount_eur__isnull=True)


def test_seed_deals_bulk_is_deterministic_and_tops_up():
    seed_deals_bulk(scale=5)
    seed_deals_bulk(scale=15)
    topped_up = bulk_rows()
    seed_deals_bulk(scale=15)
    assert bulk_rows() == topped_up  # a second run adds nothing
    seed_deals_bulk(scale=15, clear=True)
    assert bulk_rows() == topped_up  # the same rows as a fresh run
    seed_deals_bulk(scale=3, clear=True)
    assert Deal.objects.filter(slug__startswith=DEAL_PREFIX).count() == 3


def test_seed_deals_bulk_runs_a_fixed_number_of_queries_whatever_the_scale():
    counts = []
    for scale in (5, 18):
        with CaptureQueriesContext(connection) as captured:
            seed_deals_bulk(scale=scale, clear=True)
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_bulk_deals_show_in_the_register_and_its_filters(client, django_capture_on_commit_callbacks):
    assert "Deal mantelzorg 000000" not in client.get("/deals/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        seed_deals_bulk(scale=10)
    assert "Deal mantelzorg 000000" in client.get("/deals/?theme=mantelzorg&area=delfshaven").content.decode()
    assert client.get(f"/deals/{DEAL_PREFIX}000000/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        seed_deals_bulk(scale=0, clear=True)
    assert client.get(f"/deals/{DEAL_PREFIX}000000/").status_code == 404
    assert "Deal mantelzorg 000000" not in client.get("/deals/").content.decode()
