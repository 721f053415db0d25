"""The kompas report counts per period: deals closed and finished and marketplace matches are those
of the period (by the date each was closed, finished or matched), tested at the period's edges."""

import datetime

import pytest
from django.utils import timezone

from deals.models import Deal, DealEvent
from deals.tests.factories import DealFactory
from kompas import selectors, services
from marktplaats.models import Listing
from marktplaats.tests.factories import ListingFactory
from reisgids.tests.factories import NeighbourhoodFactory, OrganisationFactory, ThemeFactory

pytestmark = pytest.mark.django_db

SECOND = datetime.timedelta(seconds=1)


def moment(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def matched_listing(closed_at, theme, wijk):
    listing = ListingFactory(
        status=Listing.Status.INGEVULD, matched_organisation=OrganisationFactory(), closed_at=closed_at
    )
    listing.themes.add(theme)
    listing.neighbourhoods.add(wijk)
    return listing


def finished_deal(finished_at):
    deal = DealFactory(status=Deal.Status.FINISHED)
    event = DealEvent.objects.create(deal=deal, action="deals.deal.finish")
    DealEvent.objects.filter(pk=event.pk).update(created_at=finished_at)
    return deal


def test_matches_and_finished_deals_count_in_the_period_they_happened():
    period = services.period_for(datetime.date(2025, 3, 1))
    start, end = moment(period.start), moment(period.end)
    theme = ThemeFactory(name="Eenzaamheid")
    wijk = NeighbourhoodFactory()
    # Inside: the period's first and last second. Outside: just before and exactly at its end.
    for closed_at in (start, end - SECOND, start - SECOND, end):
        matched_listing(closed_at, theme, wijk)
        finished_deal(closed_at)
        DealFactory(closed_at=closed_at)

    data = selectors.report_data(period)

    assert data["matches_by_theme"] == [("Eenzaamheid", 2)]
    assert data["matches_by_wijk"] == [(wijk.name, 2)]
    assert data["deals_finished"] == 2
    assert data["deals_closed"] == 2
