"""The residency page and the deal page with its residency block run the same number of queries at
10 and at 1,000 log entries and at 1 and 20 concerns, for the resident, a partner and a visitor: warm
(from the caches) and cold (the residence and deals cache namespaces bumped first, so every kept
part renders again)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from deals.apps import CACHE_NAMESPACE as DEALS
from deals.tests.factories import DealPartnerFactory
from reisgids.caching import bump
from reisgids.tests.factories import MembershipFactory
from residence.apps import CACHE_NAMESPACE, PAGES_NAMESPACE
from residence.models import Concern, LogEntry
from residence.tests.factories import ActivityFactory, ConcernFactory, ResidencyFactory, ResponseFactory

pytestmark = pytest.mark.django_db


def seed(residency, *, entries, concerns):
    LogEntry.objects.bulk_create(
        LogEntry(
            residency=residency,
            author=residency.person,
            date=datetime.date(2026, 1, 1) + datetime.timedelta(days=i % 300),
            kind=LogEntry.Kind.OBSERVATION,
            text=f"Logregel {i}",
            visibility=LogEntry.Visibility.PAIR if i % 3 == 0 else LogEntry.Visibility.ALL,
        )
        for i in range(entries - LogEntry.objects.filter(residency=residency).count())
    )
    for i in range(concerns - Concern.objects.filter(residency=residency).count()):
        ConcernFactory(residency=residency, handrem=i == 0)


def count(client, url, *, cold=False):
    client.get(url)  # warm: caches and sessions as a returning visitor
    if cold:  # what the residence and deals caches keep renders again
        bump(CACHE_NAMESPACE, PAGES_NAMESPACE, DEALS)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("who", ["resident", "partner", "visitor"])
def test_pages_are_constant_in_entries_and_concerns(client, who):
    residency = ResidencyFactory(name_public=True)
    ActivityFactory(residency=residency)
    if who == "resident":
        client.force_login(residency.person)
    elif who == "partner":
        client.force_login(MembershipFactory(organisation=residency.host_partner).user)
    urls = [residency.deal.get_absolute_url()]
    if who != "visitor":
        urls.append(residency.get_absolute_url())
    seed(residency, entries=10, concerns=1)
    small = [count(client, url, cold=cold) for url in urls for cold in (False, True)]
    seed(residency, entries=1000, concerns=20)
    large = [count(client, url, cold=cold) for url in urls for cold in (False, True)]
    assert small == large, (urls, small, large)
    warm, cold = small[0::2], small[1::2]
    assert all(w < c for w, c in zip(warm, cold, strict=True)), (warm, cold)  # cold did render again


@pytest.mark.parametrize("who", ["resident", "partner"])
def test_the_other_pages_are_constant_in_entries_responses_concerns_and_activities(client, who):
    """The schouw summary (every entry of the period on one printable page), a log entry with its
    thread, a concern and an activity with its partners: as many queries at the small and the large
    size."""
    residency = ResidencyFactory()
    partner = MembershipFactory(organisation=residency.host_partner).user
    client.force_login(residency.person if who == "resident" else partner)
    seed(residency, entries=10, concerns=1)
    entry = LogEntry.objects.filter(residency=residency, visibility=LogEntry.Visibility.ALL).first()
    activity = ActivityFactory(residency=residency, starts_at=timezone.now() - datetime.timedelta(days=1))
    concern = Concern.objects.filter(residency=residency).first()
    ResponseFactory(entry=entry)
    urls = [
        reverse("residence:schouw", kwargs={"slug": residency.deal.slug}) + "?van=2025-01-01",
        reverse("residence:entry", kwargs={"pk": entry.pk}),
        concern.get_absolute_url(),
        activity.get_absolute_url(),
    ]
    small = [count(client, url) for url in urls]
    seed(residency, entries=1000, concerns=20)
    ResponseFactory.create_batch(30, entry=entry)
    for _n in range(5):
        organisation = DealPartnerFactory(deal=residency.deal).organisation
        activity.partners.add(organisation)
        ActivityFactory(residency=residency, starts_at=timezone.now() - datetime.timedelta(days=2))
    large = [count(client, url) for url in urls]
    assert small == large, (urls, small, large)
    summary = client.get(urls[0]).content.decode()
    assert summary.count("Logregel ") >= 1000 * 2 // 3  # the large size was on the page
