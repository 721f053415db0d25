"""The deals register, the list of deals in the making and a deal page run a fixed number of
queries at 10 and at 2,000 deals (3 partners each, with inbreng), with and without filters, for a
visitor and for a partner (the same bound at every size)."""

import datetime

import pytest
from django.utils import timezone

from deals.models import Contribution, Deal, DealEvent, DealPartner, ExpectedResult, Milestone, Risk
from reisgids.models import Area, Neighbourhood, Organisation, Theme
from reisgids.tests.factories import AreaFactory, MembershipFactory, NeighbourhoodFactory, ThemeFactory

pytestmark = pytest.mark.django_db

BOUND = 16
KINDS = ["initiatief", "gemeente", "zorgaanbieder", "welzijnsaanbieder", "woningcorporatie"]
CONTRIBUTIONS = ["kennis", "netwerk", "ruimte", "regelruimte"]


def seed(n):
    ThemeFactory(name="Mantelzorg")
    NeighbourhoodFactory(name="Bospolder", area=AreaFactory(name="Delfshaven"))
    themes = list(Theme.objects.all())
    areas = list(Area.objects.all())
    wijken = list(Neighbourhood.objects.all())
    orgs = Organisation.objects.bulk_create(
        Organisation(name=f"Partij {i:04}", slug=f"partij-{i:04}", kind=KINDS[i % len(KINDS)])
        for i in range(60)
    )
    now = timezone.now()
    statuses = [*Deal.PUBLIC_STATUSES, Deal.Status.IDEA]
    deals = Deal.objects.bulk_create(
        Deal(
            title=f"Deal {i:04}",
            slug=f"deal-{i:04}",
            goal="Samen minder eenzaamheid in de wijk.",
            status=statuses[i % len(statuses)],
            seeking_partners=i % len(statuses) == len(statuses) - 1,
            closed_at=now - datetime.timedelta(days=i % 700),
            kickoff_at=now + datetime.timedelta(days=i % 30 + 1),
            start_date=datetime.date(2025, 1, 1),
        )
        for i in range(n)
    )
    Deal.themes.through.objects.bulk_create(
        Deal.themes.through(deal=d, theme=themes[i % len(themes)]) for i, d in enumerate(deals)
    )
    Deal.areas.through.objects.bulk_create(
        Deal.areas.through(deal=d, area=areas[i % len(areas)]) for i, d in enumerate(deals)
    )
    Deal.neighbourhoods.through.objects.bulk_create(
        Deal.neighbourhoods.through(deal=d, neighbourhood=wijken[i % len(wijken)])
        for i, d in enumerate(deals)
    )
    partners = DealPartner.objects.bulk_create(
        DealPartner(
            deal=d,
            organisation=orgs[(i + k * 7) % len(orgs)],
            role="trekker" if k == 0 else "partner",
            status="accepted",
            confirmed_at=now,
        )
        for i, d in enumerate(deals)
        for k in range(3)
    )
    Contribution.objects.bulk_create(
        Contribution(partner=p, kind=CONTRIBUTIONS[i % len(CONTRIBUTIONS)], description="Inzet")
        for i, p in enumerate(partners)
    )
    for model, make in (
        (ExpectedResult, lambda d: ExpectedResult(deal=d, description="Resultaat")),
        (Risk, lambda d: Risk(deal=d, description="Risico")),
        (Milestone, lambda d: Milestone(deal=d, title="Mijlpaal", due_date=datetime.date(2025, 6, 1))),
        (DealEvent, lambda d: DealEvent(deal=d, action="deals.deal.update")),
    ):
        model.objects.bulk_create(make(d) for d in deals for _ in range(3))
    _link_variants(deals)
    return deals, orgs


def _link_variants(deals):
    """A published peer review and college tour linked to several deals (the first among them), and
    one not yet published: the deal page lists the published ones in the same queries."""
    from schouw.models import Schouw, SchouwDeal

    today = timezone.localdate()
    variants = Schouw.objects.bulk_create(
        Schouw(title=f"Variant {i}", kind=kind, phase=phase, planned_for=today, published_at=at)
        for i, (kind, phase, at) in enumerate(
            [
                ("peer-review", "gepubliceerd", timezone.now()),
                ("college-tour", "gepubliceerd", timezone.now()),
                ("college-tour", "waarderen", None),
            ]
        )
    )
    SchouwDeal.objects.bulk_create(SchouwDeal(schouw=v, deal=d) for v in variants for d in deals[:5])


URLS = [
    "/deals/",
    "/deals/?page=2",
    "/deals/?q=deal&theme=mantelzorg&area=delfshaven&neighbourhood=bospolder&status=gesloten",
    "/deals/?partner_kind=gemeente&contribution_kind=kennis&year=2025&sort=titel",
    "/deals/in-de-maak/",
    "/deals/deal-0000/",
    "/deals/feed/",
    "/deals/kick-offs.ics",
]


@pytest.mark.parametrize("size", [10, 2000])
def test_deal_pages_run_a_fixed_number_of_queries(client, django_assert_max_num_queries, size):
    """Every URL on one seed per size (seeding 2,000 deals took longer than the requests)."""
    seed(size)
    for url in URLS:
        with django_assert_max_num_queries(BOUND, info=url):
            response = client.get(url)
        assert response.status_code == 200, url


@pytest.mark.parametrize("size", [10, 2000])
def test_deal_pages_for_a_partner_run_a_fixed_number_of_queries(client, django_assert_max_num_queries, size):
    _deals, orgs = seed(size)
    member = MembershipFactory(organisation=orgs[0], beheerder=True).user
    client.force_login(member)
    for url in ("/deals/deal-0000/", "/deals/deal-0000/bewerken/", "/deals/mijn/", "/deals/"):
        with django_assert_max_num_queries(BOUND + 8):
            response = client.get(url)
        assert response.status_code == 200, url


@pytest.mark.parametrize("size", [10, 2000])
def test_exports_run_a_fixed_number_of_queries(client, django_assert_max_num_queries, size):
    seed(size)
    for url in ("/deals/export.csv", "/deals/export.json?theme=mantelzorg"):
        with django_assert_max_num_queries(BOUND + 4 * (size // 500 + 1) * 4):
            response = client.get(url)
            b"".join(response.streaming_content)
