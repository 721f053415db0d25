"""The beat task with a real Celery worker on Redis: listings past their date expire, and the
poster of a listing that expires within a week gets exactly one reminder, however often it runs."""

import datetime

import pytest
from django.utils import timezone

from marktplaats.models import Listing
from marktplaats.tasks import expire_listings
from marktplaats.tests.factories import ListingFactory, member_of
from reisgids.notifications.models import Notification
from tests.celery_worker import wait_for_tasks

pytestmark = pytest.mark.django_db(transaction=True)


def test_beat_task_expires_and_reminds_once(celery_worker_real, mailoutbox):
    today = timezone.localdate()
    past = ListingFactory(valid_until=today - datetime.timedelta(days=1))
    soon = ListingFactory(valid_until=today + datetime.timedelta(days=6))
    poster = member_of(soon.organisation)
    poster.notification_preference = "direct"
    poster.save(update_fields=["notification_preference"])
    for _ in range(3):
        expire_listings.delay()
    wait_for_tasks(celery_worker_real)
    past.refresh_from_db()
    soon.refresh_from_db()
    assert past.status == Listing.Status.VERLOPEN
    assert soon.status == Listing.Status.OPEN
    assert soon.reminder_sent_at is not None
    reminders = Notification.objects.filter(recipient=poster)
    assert reminders.count() == 1
    assert "verloopt op" in reminders.get().subject
    assert [m.to for m in mailoutbox] == [[poster.email]]
