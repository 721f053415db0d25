"""The daily digest, with a real Celery worker on the real Redis broker."""

import datetime
import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reisgids.models import User
from reisgids.notifications.models import Digest, Notification
from reisgids.notifications.tasks import send_daily_digests, send_digest_batch
from reisgids.notifications.tests.factories import NotificationFactory
from reisgids.outbox.models import OutboxMessage
from reisgids.tests.factories import UserFactory
from tests.celery_worker import queued_messages, wait_for_tasks

DIRECT = User.NotificationPreference.DIRECT
DAILY = User.NotificationPreference.DAILY
OFF = User.NotificationPreference.OFF


def an_hour_ago():
    return timezone.now() - datetime.timedelta(hours=1)


@pytest.mark.django_db(transaction=True)
def test_digest_with_a_real_worker(celery_worker_real, mailoutbox, settings):
    settings.SITE_URL = "https://reisgids.example.nl"
    daily = UserFactory.create_batch(3, notification_preference=DAILY)
    for user in daily:
        NotificationFactory.create_batch(2, recipient=user, created_at=an_hour_ago(), url="/deals/buurtsoep/")
    daily_with_nothing = UserFactory(notification_preference=DAILY)
    daily_all_read = UserFactory(notification_preference=DAILY)
    NotificationFactory(recipient=daily_all_read, read=True, created_at=an_hour_ago())
    off = UserFactory(notification_preference=OFF)
    NotificationFactory(recipient=off, created_at=an_hour_ago())
    direct = UserFactory(notification_preference=DIRECT)
    NotificationFactory(recipient=direct, created_at=an_hour_ago(), emailed_at=an_hour_ago())
    inactive = UserFactory(notification_preference=DAILY, is_active=False)
    NotificationFactory(recipient=inactive, created_at=an_hour_ago())

    send_daily_digests.delay()
    wait_for_tasks(celery_worker_real)
    send_daily_digests.delay()
    wait_for_tasks(celery_worker_real)

    # Each daily user with something new: exactly one mail, listing both notifications.
    assert sorted(m.to[0] for m in mailoutbox) == sorted(u.email for u in daily)
    today = timezone.localdate()
    for user in daily:
        digest = Digest.objects.get(recipient=user)
        assert digest.day == today
        assert Notification.objects.filter(recipient=user, digest=digest).count() == 2
    mail = mailoutbox[0]
    assert mail.subject == "[Reisgids] Je hebt 2 nieuwe meldingen"
    assert mail.from_email == settings.DEFAULT_FROM_EMAIL
    assert "Sinds je vorige e-mail zijn er 2 nieuwe meldingen voor je:" in mail.body
    assert "https://reisgids.example.nl/deals/buurtsoep/" in mail.body
    assert 'href="https://reisgids.example.nl/deals/buurtsoep/"' in mail.alternatives[0][0]
    # Nothing to say, "off", "direct" (already mailed), inactive: nothing sent, no digest row.
    for user in (daily_with_nothing, daily_all_read, off, direct, inactive):
        assert not Digest.objects.filter(recipient=user).exists()

    # Later the same day: a new notification waits for tomorrow; no second mail today.
    late = NotificationFactory(recipient=daily[0])
    send_daily_digests.delay()
    wait_for_tasks(celery_worker_real)
    assert len(mailoutbox) == 3
    late.refresh_from_db()
    assert late.digest is None

    # The next day: a new digest with only the new notification.
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    send_daily_digests.delay(tomorrow.isoformat())
    wait_for_tasks(celery_worker_real)
    send_daily_digests.delay(tomorrow.isoformat())
    wait_for_tasks(celery_worker_real)
    assert len(mailoutbox) == 4
    assert mailoutbox[3].to == [daily[0].email]
    assert mailoutbox[3].subject == "[Reisgids] Je hebt 1 nieuwe melding"
    late.refresh_from_db()
    assert late.digest.day == tomorrow.date()
    assert Digest.objects.filter(recipient=daily[0]).count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_batch_run_twice_sends_one_mail(celery_worker_real, mailoutbox):
    user = UserFactory(notification_preference=DAILY)
    NotificationFactory.create_batch(2, recipient=user, created_at=an_hour_ago())
    day = timezone.localdate().isoformat()

    # The same batch delivered twice (e.g. a retry after a lost acknowledgement).
    send_digest_batch.delay([user.pk], day)
    send_digest_batch.delay([user.pk], day)
    wait_for_tasks(celery_worker_real)

    assert len(mailoutbox) == 1
    assert Digest.objects.filter(recipient=user).count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("size", [10, 1000])
def test_collector_queries_and_batches(size, celery_test_queue, django_capture_on_commit_callbacks):
    users = User.objects.bulk_create(
        User(email=f"dagelijks{i}@example.nl", notification_preference=DAILY) for i in range(size)
    )
    # Two pending notifications each, and some users the collector must leave out.
    Notification.objects.bulk_create(
        Notification(recipient=user, subject="Nieuw", created_at=an_hour_ago()) for user in users * 2
    )
    for preference in (OFF, DIRECT):
        NotificationFactory(
            recipient=UserFactory(notification_preference=preference), created_at=an_hour_ago()
        )
    had_one_today = UserFactory(notification_preference=DAILY)
    NotificationFactory(recipient=had_one_today, created_at=an_hour_ago())
    Digest.objects.create(recipient=had_one_today, day=timezone.localdate(), sent_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        with CaptureQueriesContext(connection) as queries:
            batches = send_daily_digests()
        # One read of the recipients, one insert of the batches' outbox rows.
        assert len(queries) == 2

    assert batches == math.ceil(size / 100)
    assert OutboxMessage.objects.filter(task="notifications.send_digest_round_batch").count() == batches
    # After commit the relay handed every batch to the broker.
    assert queued_messages(celery_test_queue) == math.ceil(size / 100)


@pytest.mark.django_db
@pytest.mark.parametrize("size", [10, 1000])
def test_collector_query_bound(size, celery_test_queue, django_assert_max_num_queries):
    users = User.objects.bulk_create(
        User(email=f"dagelijks{i}@example.nl", notification_preference=DAILY) for i in range(size)
    )
    Notification.objects.bulk_create(
        Notification(recipient=user, subject="Nieuw", created_at=an_hour_ago()) for user in users
    )
    with django_assert_max_num_queries(2):
        send_daily_digests()


@pytest.mark.django_db
def test_the_weekly_digest_goes_out_once_a_week_and_never_to_daily_readers(
    mailoutbox, django_capture_on_commit_callbacks
):
    from reisgids.notifications.tasks import send_weekly_digests

    weekly = UserFactory(notification_preference=User.NotificationPreference.WEEKLY)
    daily = UserFactory(notification_preference=DAILY)
    for user in (weekly, daily):
        NotificationFactory.create_batch(2, recipient=user, created_at=an_hour_ago())
    nothing = UserFactory(notification_preference=User.NotificationPreference.WEEKLY)
    # The round of the next Monday (never a fixed date: an hour-old notification must fall before
    # the run whatever day the test runs).
    today = timezone.localdate()
    next_monday = today + datetime.timedelta(days=7 - today.weekday())
    monday = datetime.datetime.combine(next_monday, datetime.time(9), tzinfo=timezone.get_current_timezone())
    with django_capture_on_commit_callbacks(execute=True):
        send_weekly_digests(monday.isoformat())
    with django_capture_on_commit_callbacks(execute=True):
        send_weekly_digests((monday + datetime.timedelta(days=2)).isoformat())  # same week: nothing more
    assert [m.to for m in mailoutbox] == [[weekly.email]]
    digest = Digest.objects.get(recipient=weekly)
    assert digest.kind == Digest.Kind.WEEKLY and digest.day == next_monday
    assert not Digest.objects.filter(recipient__in=[daily, nothing]).exists()


@pytest.mark.django_db
def test_the_fan_out_is_paged_so_no_burst_of_jobs_is_queued(django_capture_on_commit_callbacks, monkeypatch):
    from reisgids.notifications import once

    monkeypatch.setattr(once, "BATCH_SIZE", 2)
    monkeypatch.setattr(once, "PAGE_BATCHES", 2)
    users = User.objects.bulk_create(
        User(email=f"paged{i}@example.nl", notification_preference=DAILY) for i in range(9)
    )
    Notification.objects.bulk_create(
        Notification(recipient=user, subject="Nieuw", created_at=an_hour_ago()) for user in users
    )
    with django_capture_on_commit_callbacks(execute=False):
        assert send_daily_digests() == 2  # the first page: two batches of two ...
    rows = list(OutboxMessage.objects.order_by("pk").values_list("task", flat=True))
    # ... and one task that fans out the next page when the worker reaches it.
    assert rows == ["notifications.send_digest_round_batch"] * 2 + ["notifications.fan_out"]
