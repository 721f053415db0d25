"""The weekly concern reminder with a real Celery worker on Redis: exactly one mail per open concern
older than RESIDENCE_REMINDER_AFTER_DAYS per ISO week, when the beat task runs more than once and when
the worker is killed while it is reminding (a prefork worker subprocess on a private Redis, the mail
to a real SMTP server)."""

import time

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from reisgids.notifications.models import Notification
from reisgids.notifications.tests.test_mail_delivery import VISIBILITY_TIMEOUT, Worker
from reisgids.outbox.models import OutboxMessage
from reisgids.tests.factories import MembershipFactory
from residence.models import ConcernReminder
from residence.tasks import send_concern_reminders
from residence.tests.factories import ConcernFactory, ResidencyFactory
from tests.celery_worker import paced_sweep, wait_for_tasks, wait_until

pytestmark = pytest.mark.django_db(transaction=True)


def old_concern_with_owner(**kwargs):
    concern = ConcernFactory(old=True, **kwargs)
    owner = MembershipFactory(organisation=concern.owner, beheerder=True).user
    owner.notification_preference = "direct"
    owner.save(update_fields=["notification_preference"])
    return concern, owner


def test_one_mail_per_open_concern_per_week_however_often_the_beat_task_runs(celery_worker_real, mailoutbox):
    assert "residence-concern-reminders" in settings.CELERY_BEAT_SCHEDULE
    residency = ResidencyFactory()
    first, owner = old_concern_with_owner(residency=residency)
    second = ConcernFactory(residency=residency, old=True, title="Tweede knelpunt")
    ConcernFactory(residency=residency, title="Jong knelpunt")  # open 0 days: no reminder
    ConcernFactory(residency=residency, old=True, closed=True)  # closed: no reminder
    for _ in range(3):
        send_concern_reminders.delay()
    wait_for_tasks(celery_worker_real)
    assert set(ConcernReminder.objects.values_list("concern_id", flat=True)) == {first.pk, second.pk}
    assert Notification.objects.filter(recipient=owner).count() == 2
    assert sorted(m.subject for m in mailoutbox) == sorted(
        f"[Reisgids] Herinnering: het knelpunt ‘{c.title}’ in ‘{residency.deal.title}’ is nog open"
        for c in (first, second)
    )
    send_concern_reminders.delay()
    wait_for_tasks(celery_worker_real)
    assert len(mailoutbox) == 2


def _blocked_queries():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def test_a_worker_killed_while_reminding_sends_the_reminder_once(private_broker, smtp_server, tmp_path):
    concern, owner = old_concern_with_owner()
    smtp_server.start()
    db = connection.settings_dict
    # Another session holds the concern's row, so the reminder task waits mid-run, inside its transaction.
    blocker = psycopg.connect(
        host=db["HOST"],
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname=db["NAME"],
        autocommit=False,
    )
    blocker.execute("SELECT id FROM residence_concern WHERE id = %s FOR UPDATE", [concern.pk])
    options = {"broker": private_broker.url, "queue": private_broker.queue, "smtp_port": smtp_server.port}
    first = Worker(**options, log=tmp_path / "first.log")
    try:
        send_concern_reminders()  # the beat task: asks for one reminder task, handed to the worker
        wait_until(lambda: _blocked_queries() >= 1, what="the reminder to wait for the concern")
        first.kill_pool_process()
        # task_reject_on_worker_lost: the task goes back to the queue; a new pool process finds the
        # delivery still in progress (the dead process's session holds the outbox row) and leaves it.
        time.sleep(2)
        first.kill()  # and now the whole worker dies
    finally:
        first.kill()
        blocker.rollback()
        blocker.close()
    assert not ConcernReminder.objects.exists()
    assert smtp_server.messages == []

    time.sleep(VISIBILITY_TIMEOUT + 0.5)
    second = Worker(**options, log=tmp_path / "second.log", visibility_timeout=VISIBILITY_TIMEOUT)
    try:
        # The outbox's sweep (every minute in production) hands on what was not done.
        swept = paced_sweep()
        wait_until(
            lambda: swept() and len(smtp_server.messages) == 1,
            timeout=60,
            what="the reminder mail",
        )
        send_concern_reminders()  # the beat task again in the same week: nothing more
        time.sleep(2)  # room for a duplicate delivery, which must send nothing
        wait_until(
            lambda: not OutboxMessage.objects.filter(done_at__isnull=True, failed_at__isnull=True).exists(),
            what="the outbox to be done",
        )
    finally:
        second.kill()
    assert len(smtp_server.messages) == 1
    assert smtp_server.messages[0]["To"] == owner.email
    assert ConcernReminder.objects.filter(concern=concern).count() == 1
    assert Notification.objects.filter(recipient=owner).count() == 1
