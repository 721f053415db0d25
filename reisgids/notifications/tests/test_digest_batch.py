"""A digest batch: one connection to the mail server, a fixed number of queries whatever its size,
and each recipient's digest claimed and then marked sent mail by mail, so that a mail server failing
mid-batch or a worker killed mid-batch neither loses nor duplicates a mail. Real parts: the test SMTP
server (tests/smtp_server.py), real Celery workers, the test database."""

import datetime
import re
import time
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reisgids.models import User
from reisgids.notifications.models import Digest, Notification
from reisgids.notifications.tasks import send_daily_digests, send_digest_batch
from reisgids.notifications.tests.test_mail_delivery import VISIBILITY_TIMEOUT, Worker
from reisgids.outbox.models import OutboxMessage
from reisgids.outbox.tasks import sweep
from tests.celery_worker import wait_for_tasks, wait_until

DAILY = User.NotificationPreference.DAILY


def members(count, *, notifications=2):
    users = User.objects.bulk_create(
        User(email=f"lid{i}@example.nl", first_name="Lid", notification_preference=DAILY, password="!")
        for i in range(count)
    )
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    Notification.objects.bulk_create(
        Notification(recipient=user, subject=f"Nieuws {n}", created_at=an_hour_ago)
        for user in users
        for n in range(notifications)
    )
    return users


def received(smtp_server):
    return Counter(mail["To"] for mail in smtp_server.messages)


MARK_SENT = re.compile(
    r'^UPDATE "notifications_digest" SET "sent_at" = .* WHERE "notifications_digest"."id" = \d+$'
)


@pytest.mark.django_db
@pytest.mark.parametrize("size", [5, 60])
def test_a_batch_runs_a_fixed_number_of_queries_and_one_mail_connection(size, smtp_server):
    smtp_server.start()
    users = members(size)
    day = timezone.localdate().isoformat()

    with CaptureQueriesContext(connection) as queries:
        assert send_digest_batch([user.pk for user in users], day) == size

    marks = [query["sql"] for query in queries.captured_queries if MARK_SENT.match(query["sql"])]
    others = len(queries.captured_queries) - len(marks)
    assert len(marks) == size  # one single-row update per accepted mail, nothing else per recipient
    assert others <= 9, [query["sql"] for query in queries.captured_queries[:12]]
    assert smtp_server.sessions == 1
    assert sorted(received(smtp_server).values()) == [1] * size
    assert Digest.objects.filter(sent_at__isnull=False).count() == size
    assert Notification.objects.filter(digest__isnull=True).count() == 0


@pytest.mark.django_db(transaction=True)
def test_a_mail_server_failing_mid_batch_loses_and_duplicates_nothing(celery_worker_real, smtp_server):
    smtp_server.start()
    users = members(8)
    smtp_server.fail(after=3)  # three mails accepted, then the server refuses

    send_daily_digests.delay()
    batch = wait_until_batch_failed()
    assert len(smtp_server.messages) == 3
    # The three accepted are sent; the other five claimed, waiting, their notifications with them.
    assert Digest.objects.filter(sent_at__isnull=False).count() == 3
    assert Digest.objects.filter(sent_at__isnull=True).count() == 5
    assert batch.is_pending

    smtp_server.recover()
    wait_until(lambda: fresh(batch).done_at is not None, what="the retry of the batch")
    wait_for_tasks(celery_worker_real)
    assert received(smtp_server) == Counter({user.email: 1 for user in users})
    assert Digest.objects.filter(sent_at__isnull=True).count() == 0

    # The round again, and the sweep a day later: nothing more.
    send_daily_digests.delay()
    wait_for_tasks(celery_worker_real)
    sweep(now=timezone.now() + datetime.timedelta(days=1))
    wait_for_tasks(celery_worker_real)
    assert len(smtp_server.messages) == 8


def fresh(row):
    return type(row).objects.get(pk=row.pk)


def wait_until_batch_failed():
    def failed_batch():
        return OutboxMessage.objects.filter(
            task="notifications.send_digest_round_batch", last_error__contains="SMTP"
        ).first()

    wait_until(failed_batch, what="the batch to meet the failing mail server")
    return failed_batch()


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_batch_loses_and_duplicates_no_mail(private_broker, smtp_server, tmp_path):
    users = members(6)
    smtp_server.start()
    smtp_server.hold(after=2)  # two mails accepted, the third held unanswered: the batch is mid-way
    options = {"broker": private_broker.url, "queue": private_broker.queue, "smtp_port": smtp_server.port}
    first = Worker(**options, log=tmp_path / "first.log")
    try:
        send_daily_digests()
        wait_until(lambda: smtp_server.held == 1, what="the batch to be sending its third mail")
        first.kill()  # the whole machine dies mid-batch
    finally:
        first.kill()
    wait_until(lambda: smtp_server.gone == 1, what="the mail server to see the client go")
    smtp_server.release()
    assert len(smtp_server.messages) == 2
    assert Digest.objects.filter(sent_at__isnull=False).count() == 2
    assert Digest.objects.filter(sent_at__isnull=True).count() == 4  # claimed by the dead worker

    time.sleep(VISIBILITY_TIMEOUT + 0.5)
    second = Worker(**options, log=tmp_path / "second.log", visibility_timeout=VISIBILITY_TIMEOUT)
    try:
        wait_until(
            lambda: not Digest.objects.filter(sent_at__isnull=True).exists(), what="the batch to run again"
        )
        send_daily_digests()  # and the whole round once more
        time.sleep(1.5)  # room for a duplicate, which must not come
    finally:
        second.kill()

    assert received(smtp_server) == Counter({user.email: 1 for user in users})
    assert Notification.objects.filter(digest__sent_at__isnull=False).count() == 12


@pytest.mark.django_db(transaction=True)
def test_a_digest_claimed_by_a_running_batch_is_not_sent_by_another(smtp_server):
    smtp_server.start()
    (user,) = members(1)
    day = timezone.localdate().isoformat()
    Digest.objects.create(recipient=user, kind=Digest.Kind.DAILY, day=day)
    other = connection.copy()  # another worker's database session holds the claim
    try:
        with other.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_lock(((25703::bigint << 32) | (id & 4294967295))) "
                "FROM notifications_digest WHERE recipient_id = %s",
                [user.pk],
            )
        assert send_digest_batch([user.pk], day) == 0
        assert smtp_server.messages == []
    finally:
        other.close()
    assert send_digest_batch([user.pk], day) == 1
    assert send_digest_batch([user.pk], day) == 0
    assert len(smtp_server.messages) == 1
