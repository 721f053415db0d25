"""The datasets the schouw, the kompas and the intake register run the same number of queries on
every API list page and download at 10 and 300 rows (see tests/test_query_bounds_opendata.py)."""

import datetime

import pytest
from django.utils import timezone

from intake.bulk import seed_intakes_bulk
from kompas.models import Priority, Proposal
from kompas.services import period_for
from reisgids.models import Theme
from schouw.models import Schouw
from tests.test_query_bounds_opendata import queries

pytestmark = pytest.mark.django_db

KEYS = ("schouw-reports", "kompas-proposals", "kompas-priorities", "intake-steps")


def seed(scale):
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
    themes = Theme.objects.bulk_create(
        Theme(name=f"Thema {scale}-{n}", slug=f"thema-{scale}-{n}")
        for n in range(scale - Theme.objects.count())
    )
    Priority.objects.bulk_create(Priority(period=period, theme=theme, reason="R") for theme in themes)
    Priority.proposals.through.objects.bulk_create(
        Priority.proposals.through(priority_id=priority.pk, proposal_id=proposal.pk)
        for priority in Priority.objects.all()
        for proposal in proposals[:2]
    )
    seed_intakes_bulk(scale)
    assert timezone.now() - now < datetime.timedelta(minutes=5)


def urls():
    for key in KEYS:
        yield f"/api/v1/{key}/"
        yield f"/api/v1/{key}/?page=2&page_size=2"
        yield f"/open-data/{key}.csv"


def test_lists_and_downloads_run_a_fixed_number_of_queries(client, settings):
    settings.API_RATE_LIMIT = (10_000, 60)
    seed(10)
    small = {url: queries(client, url, 10) for url in urls()}
    seed(300)
    large = {url: queries(client, url, 300) for url in urls()}
    grew = {url: (small[url], large[url]) for url in small if large[url] > small[url]}
    assert not grew, grew
    assert max(small.values()) <= 15, small
