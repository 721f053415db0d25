"""The overdue reminder when the worker is killed (SIGKILL) mid-task: a prefork ``celery -A reisgids
worker`` subprocess on a private Redis, the mails to a real SMTP server (tests/smtp_server.py). Two
places to die: (1) the reminder of one step waits mid-run, inside its transaction, on a row another
session holds; its pool process is killed, then the whole worker; (2) the whole worker dies while the
mail server has not yet answered one reminder mail. Each time a new worker (and the outbox's sweep)
finishes the work and the beat task runs again: every holder of every overdue step gets its reminder
exactly once."""

import time
from collections import Counter
from email.header import decode_header, make_header

import psycopg
import pytest
from django.db import connection
from django.utils import timezone

from intake.models import Intake, OverdueReminder, StepPeriod
from intake.tasks import send_overdue_reminders
from intake.tests.factories import IntakeFactory, official, role_user
from intake.tests.test_tasks import direct, overdue_plan, past
from reisgids import roles
from reisgids.notifications.models import Notification
from reisgids.notifications.tests.test_mail_delivery import VISIBILITY_TIMEOUT, Worker
from reisgids.outbox.models import OutboxMessage
from tests.celery_worker import paced_sweep, wait_until

pytestmark = pytest.mark.django_db(transaction=True)
S = Intake.Status


def _blocked_queries():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def _blocker():
    db = connection.settings_dict
    return psycopg.connect(
        host=db["HOST"],
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        dbname=db["NAME"],
        autocommit=False,
    )


def _subject(mail):
    return " ".join(str(make_header(decode_header(mail["Subject"]))).split())


def _received(smtp_server):
    return Counter((mail["To"], _subject(mail)) for mail in smtp_server.messages)


def overdue_steps():
    """Two overdue steps: triage (held by the two members of the initiatieventeam) and the plan (held
    by the contactpersoon), and one that is not overdue. Returns the team, the contactpersoon, the
    triage intake and the mails expected, each exactly once."""
    team = [direct(role_user(roles.INITIATIVE_TEAM_GROUP, first_name=name)) for name in ("Tessa", "Tim")]
    contact = direct(official(first_name="Chris"))
    plan = overdue_plan(contact)
    triage = IntakeFactory(title="Buurtmoestuin", due_on=past())
    IntakeFactory(title="Op tijd", due_on=timezone.localdate())  # not overdue: never reminded
    late = "[Reisgids] Te laat: het idee ‘{}’ moest op {:%d-%m-%Y} verder"
    expected = Counter(
        [(user.email, late.format("Buurtmoestuin", triage.due_on)) for user in team]
        + [(contact.email, late.format("Huiskamer", plan.due_on))]
    )
    return team, contact, triage, expected


def finish_with_a_new_worker(options, smtp_server, tmp_path, expected):
    """A new worker (the killed one's unacknowledged task comes back after its visibility timeout)
    and the outbox's sweep (every minute in production) finish the work; the beat task runs again."""
    time.sleep(VISIBILITY_TIMEOUT + 0.5)
    second = Worker(**options, log=tmp_path / "second.log", visibility_timeout=VISIBILITY_TIMEOUT)
    try:
        swept = paced_sweep()
        wait_until(
            lambda: swept() and len(smtp_server.messages) >= len(expected),
            timeout=60,
            what="every reminder mail",
        )
        send_overdue_reminders()  # the beat task again: nothing more
        time.sleep(2)  # room for a duplicate delivery, which must send nothing
        wait_until(
            lambda: not OutboxMessage.objects.filter(done_at__isnull=True, failed_at__isnull=True).exists(),
            what="the outbox to be done",
        )
    finally:
        second.kill()


def assert_each_reminder_once(smtp_server, expected, recipients):
    assert _received(smtp_server) == expected
    assert Counter(OverdueReminder.objects.values_list("period__intake__title", flat=True)) == Counter(
        {"Buurtmoestuin": 1, "Huiskamer": 1}
    )
    assert Notification.objects.filter(kind="intake", recipient__in=recipients).count() == len(expected)
    assert not Notification.objects.filter(kind="intake", emailed_at__isnull=True).exists()


def test_a_worker_killed_mid_reminder_loses_and_duplicates_no_reminder(private_broker, smtp_server, tmp_path):
    team, contact, triage, expected = overdue_steps()
    smtp_server.start()
    blocked = StepPeriod.objects.get(intake=triage)
    # Another session holds the triage step's row: its reminder task waits mid-run, inside its transaction.
    blocker = _blocker()
    blocker.execute("SELECT id FROM intake_stepperiod WHERE id = %s FOR UPDATE", [blocked.pk])
    options = {"broker": private_broker.url, "queue": private_broker.queue, "smtp_port": smtp_server.port}
    first = Worker(**options, log=tmp_path / "first.log")
    try:
        assert send_overdue_reminders() == {"steps": 2}  # the beat task: one reminder task per step
        wait_until(lambda: _blocked_queries() >= 1, timeout=30, what="the reminder to wait for its step")
        first.kill_pool_process()
        # task_reject_on_worker_lost: the task goes back to the queue; a new pool process finds the
        # delivery still in progress (the dead process's session holds the outbox row) and leaves it.
        time.sleep(2)
        first.kill()  # and now the whole worker dies
    finally:
        first.kill()
        blocker.rollback()
        blocker.close()
    # The killed reminder wrote nothing and sent nothing.
    assert not OverdueReminder.objects.filter(period=blocked).exists()
    assert not Notification.objects.filter(recipient__in=team).exists()
    assert all("Buurtmoestuin" not in _subject(mail) for mail in smtp_server.messages)

    finish_with_a_new_worker(options, smtp_server, tmp_path, expected)
    assert_each_reminder_once(smtp_server, expected, [*team, contact])


def test_a_worker_killed_while_mailing_a_reminder_sends_each_mail_once(private_broker, smtp_server, tmp_path):
    team, contact, _triage, expected = overdue_steps()
    smtp_server.start()
    smtp_server.hold(after=1)  # one reminder mail accepted, the next held unanswered: mid-mail
    options = {"broker": private_broker.url, "queue": private_broker.queue, "smtp_port": smtp_server.port}
    first = Worker(**options, log=tmp_path / "first.log")
    try:
        assert send_overdue_reminders() == {"steps": 2}
        # The mails the reminders asked for are handed on by the outbox's sweep (the worker relays
        # to its default queue, which this private worker does not consume).
        swept = paced_sweep()
        wait_until(
            lambda: swept() and smtp_server.held == 1,
            timeout=60,
            what="a reminder mail to be on its way",
        )
        first.kill()  # the whole machine dies while the mail server has not answered
    finally:
        first.kill()
    wait_until(lambda: smtp_server.gone == 1, what="the mail server to see the client go")
    smtp_server.release()
    assert len(smtp_server.messages) == 1
    assert OverdueReminder.objects.count() == 2  # both steps are reminded; their mails are owed

    finish_with_a_new_worker(options, smtp_server, tmp_path, expected)
    assert_each_reminder_once(smtp_server, expected, [*team, contact])
