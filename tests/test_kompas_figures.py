"""The kompas report counts what the schouw and the residence apps register (reisgids.registries
kompas figures), for the period only."""

import datetime

import pytest
from django.utils import timezone

from deals.tests.factories import DealFactory
from reisgids.registries import KOMPAS_FIGURES
from residence.tests.factories import ResidencyFactory
from schouw.models import Schouw

pytestmark = pytest.mark.django_db


def figure(key, start, end):
    return KOMPAS_FIGURES[key].provider(start, end)


def test_schouw_reports_published_in_the_period_are_counted():
    today = timezone.localdate()
    start, end = today - datetime.timedelta(days=10), today + datetime.timedelta(days=1)
    for published in (timezone.now(), timezone.now() - datetime.timedelta(days=40), None):
        Schouw.objects.create(
            title="Schouw", deal=DealFactory(running=True), planned_for=today, published_at=published
        )
    assert figure("schouw_reports", start, end) == 1


def test_residencies_at_work_in_the_period_are_counted():
    today = timezone.localdate()
    start, end = today - datetime.timedelta(days=10), today + datetime.timedelta(days=1)
    ResidencyFactory()  # active since 30 days ago
    ResidencyFactory(ended=True, ends_on=today - datetime.timedelta(days=20))  # ended before
    ResidencyFactory(planned=True)  # not confirmed
    ResidencyFactory(starts_on=end + datetime.timedelta(days=5))  # starts after
    assert figure("residencies", start, end) == 1
