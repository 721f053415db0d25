"""Every API list endpoint (``/api/v1/`` and the HSDS profile's ``/api/hsds/``), every download, the
data package, the DCAT catalogue and /open-data/ run the same number of queries whatever the number
of rows: asserted here at 10 and 300 rows of each register (the queries are per page or per chunk of
500 rows, so 300 already holds more than a page), and at 10,000 organisations for the directory's
lists in ``tests/test_opendata_memory.py`` (which seeds that many anyway)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from agenda.bulk import seed_events_bulk
from atlas.bench import seed_atlas_bulk
from deals.bulk import seed_deals_bulk
from deals.models import Deal
from intake.bulk import seed_intakes_bulk
from kompas.models import Priority, Proposal
from kompas.services import period_for
from marktplaats.bulk import seed_listings_bulk
from reisgids.datasets import datasets
from reisgids.management.commands.seed_bulk import seed_bulk
from reisgids.models import Organisation, Theme, User
from residence.models import Activity, Residency
from schouw.models import Schouw
from stories import bench as stories_bench
from stories.models import StoryIndexPage

pytestmark = pytest.mark.django_db


def seed(scale):
    seed_bulk(scale=scale, contact_points=scale, instruments=scale)
    seed_deals_bulk(scale=scale)
    seed_listings_bulk(scale=scale)
    seed_events_bulk(scale=2 * scale, index=False)
    seed_atlas_bulk(scale=2 * scale, index=False)
    stories_bench._seed_stories(StoryIndexPage.objects.get(), scale)
    seed_app_datasets(scale)


def seed_app_datasets(scale):
    """Published schouw reports, public kompas proposals and priorities, intakes in every step."""
    now = timezone.now()
    start = Schouw.objects.count()
    Schouw.objects.bulk_create(
        Schouw(title=f"Schouw {n}", kind=Schouw.Kind.PEER_REVIEW, phase=Schouw.Phase.PUBLISHED,
               planned_for=now.date(), published_at=now)
        for n in range(start, scale)
    )  # fmt: skip
    period = period_for()
    start = Proposal.objects.count()
    proposals = Proposal.objects.bulk_create(
        Proposal(title=f"Voorstel {n}", slug=f"voorstel-{n}", kind=Proposal.Kind.PROCUREMENT, problem="P",
                 change="C", intended_effect="E", status=Proposal.Status.OPEN, period=period)
        for n in range(start, scale)
    )  # fmt: skip
    Theme.objects.bulk_create(
        Theme(name=f"Thema {scale}-{n}", slug=f"thema-{scale}-{n}")
        for n in range(scale - Theme.objects.count())
    )
    priorities = Priority.objects.bulk_create(
        Priority(period=period, theme=theme, reason="R")
        for theme in Theme.objects.exclude(kompas_priorities__period=period)[:scale]
    )
    Priority.proposals.through.objects.bulk_create(
        Priority.proposals.through(priority_id=priority.pk, proposal_id=proposal.pk)
        for priority in priorities
        for proposal in proposals[:2]
    )
    seed_intakes_bulk(scale)
    seed_residencies(scale)


def seed_residencies(scale):
    """Active residencies on public deals, half of them named, each with a public side activity that
    two partners take part in."""
    deals = list(Deal.objects.filter(status__in=Deal.PUBLIC_STATUSES).order_by("pk")[:scale])
    home, host = Organisation.objects.order_by("pk")[:2]
    person, _ = User.objects.get_or_create(email="resident@example.org", defaults={"first_name": "Res"})
    start = Residency.objects.count()
    residencies = Residency.objects.bulk_create(
        Residency(deal=deals[n % len(deals)], person=person, home_partner=home, host_partner=host,
                  starts_on=timezone.localdate(), time_amount=8, time_unit="uren",
                  status=Residency.Status.ACTIVE, functions=["signaleren"], name_public=n % 2 == 0)
        for n in range(start, scale)
    )  # fmt: skip
    activities = Activity.objects.bulk_create(
        Activity(residency=r, kind=Activity.Kind.WORKSHOP, title=f"Workshop {r.pk}", place="Buurthuis",
                 starts_at=timezone.now(), is_public=True)
        for r in residencies
    )  # fmt: skip
    Activity.partners.through.objects.bulk_create(
        Activity.partners.through(activity_id=a.pk, organisation_id=o.pk)
        for a in activities
        for o in (home, host)
    )


def queries(client, url, scale):
    """The queries of a cold request: the extra parameter (which no filter reads) gives it a key of its
    own in the API's cache."""
    url += ("&" if "?" in url else "?") + f"cold={scale}"
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(context.captured_queries)


def urls():
    for dataset in datasets():
        yield f"/api/v1/{dataset.key}/"
        yield f"/api/v1/{dataset.key}/?page=2&page_size=2"
        yield f"/open-data/{dataset.key}.csv"
    # the HSDS JSON API profile's lists (and their fullest form), its data package, the catalogue
    for path in ("organizations/", "organizations/?full_service=true&per_page=200", "services/",
                 "services/?per_page=200", "taxonomy_terms/", "datapackage.zip"):  # fmt: skip
        yield f"/api/hsds/{path}"
    yield "/open-data/catalogus.jsonld"
    yield "/open-data/"


def test_api_lists_and_downloads_run_a_fixed_number_of_queries(client, settings):
    settings.API_RATE_LIMIT = (10_000, 60)
    seed(10)
    small = {url: queries(client, url, 10) for url in urls()}
    seed(300)
    large = {url: queries(client, url, 300) for url in urls()}
    grew = {url: (small[url], large[url]) for url in small if large[url] > small[url]}
    assert not grew, grew
    assert max(small.values()) <= 15, small
    assert (
        min(large[url] for url in large if url.startswith("/api/")) >= 2
    )  # measured cold, not from the cache
