"""Notification mail survives failures, with real parts: a real SMTP server in the test process
(tests/smtp_server.py) that refuses connections until it is started or holds a mail unanswered, real
Celery workers (in-process on the shared Redis, or ``celery -A reisgids worker`` subprocesses on a
private redis-server) and the test database. Each mail arrives exactly once, and a notification is
marked e-mailed only after the mail server accepted it."""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from reisgids.models import User
from reisgids.notifications.models import Digest, Notification
from reisgids.notifications.services import notify
from reisgids.notifications.tasks import send_digest_batch
from reisgids.notifications.tests.factories import NotificationFactory
from reisgids.outbox.models import OutboxMessage
from reisgids.outbox.tasks import sweep
from reisgids.tests.factories import UserFactory
from tests.celery_worker import wait_for_tasks, wait_until

ROOT = Path(__file__).resolve().parents[3]
DIRECT = User.NotificationPreference.DIRECT
SUBJECT = "Je bent uitgenodigd voor de deal Samen koken"
VISIBILITY_TIMEOUT = 1  # seconds, for the worker that replaces a killed one


def tell(user):
    (notification,) = notify(recipients=[user], subject=SUBJECT, body="Kijk of je mee wilt doen.")
    return notification, OutboxMessage.objects.get(task="notifications.send_notification_email")


def fresh(row):
    return type(row).objects.get(pk=row.pk)


def a_day_later():
    return timezone.now() + datetime.timedelta(days=1)


@pytest.mark.django_db(transaction=True)
def test_smtp_refusing_then_accepting_the_mail_arrives_once(celery_worker_real, smtp_server):
    user = UserFactory(notification_preference=DIRECT)

    notification, message = tell(user)

    # The server refuses connections: the worker's attempt fails and is retried; nothing is marked.
    wait_until(lambda: "ConnectionRefusedError" in fresh(message).last_error, what="a refused attempt")
    assert fresh(notification).emailed_at is None
    assert fresh(message).is_pending

    accepting_since = timezone.now()
    smtp_server.start()

    wait_until(lambda: fresh(message).done_at is not None, what="the retry to deliver the mail")
    (mail,) = smtp_server.messages
    assert mail["To"] == user.email
    assert mail["Subject"] == f"[Reisgids] {SUBJECT}"
    assert fresh(notification).emailed_at >= accepting_since

    # Delivered and done: the sweep, and a retry of the task, send nothing more.
    assert sweep(now=a_day_later()) == 0
    wait_for_tasks(celery_worker_real)
    assert len(smtp_server.messages) == 1


@pytest.mark.django_db(transaction=True)
def test_a_mail_refused_through_every_retry_waits_for_the_sweep(smtp_server):
    # Tasks run eagerly here (as without REDIS_URL): the retries follow each other at once.
    user = UserFactory(notification_preference=DIRECT)

    notification, message = tell(user)  # the write succeeds although no mail could be sent

    assert fresh(message).is_pending and "ConnectionRefusedError" in fresh(message).last_error
    assert fresh(notification).emailed_at is None
    assert sweep() == 0  # not yet due

    smtp_server.start()
    assert sweep(now=a_day_later()) == 1

    assert len(smtp_server.messages) == 1
    assert fresh(notification).emailed_at is not None
    assert fresh(message).done_at is not None
    assert sweep(now=a_day_later()) == 0
    assert len(smtp_server.messages) == 1


# --- a worker killed mid-task ------------------------------------------------------------------


class Worker:
    """``celery -A reisgids worker`` (prefork pool, one process) in a subprocess on ``broker``,
    consuming ``queue``, on the test database and mailing through ``smtp_port``."""

    def __init__(self, *, broker, queue, smtp_port, log, visibility_timeout=3600):
        db = connection.settings_dict
        env = {
            **os.environ,
            "REDIS_URL": broker,
            "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "CELERY_VISIBILITY_TIMEOUT": str(visibility_timeout),
        }
        self.log = log
        with open(log, "wb") as output:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "reisgids", "worker", "--pool=prefork"]
                + ["--concurrency=1", f"--queues={queue}", "--loglevel=INFO"]
                + ["--without-gossip", "--without-mingle", "--without-heartbeat"],
                cwd=ROOT,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
            )
        wait_until(self._ready, timeout=60, what="the worker to start")

    def _ready(self):
        if self.process.poll() is not None:
            raise AssertionError(f"The worker stopped:\n{Path(self.log).read_text()}")
        return " ready." in Path(self.log).read_text()

    def pool_processes(self):
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return [int(child) for child in children]

    def kill_pool_process(self):
        """SIGKILL the one pool process (the one running the task); the worker starts a new one."""
        (pool_process,) = self.pool_processes()
        os.kill(pool_process, signal.SIGKILL)

    def kill(self):
        """SIGKILL the whole worker, pool processes too (a machine that crashed)."""
        children = self.pool_processes() if self.process.poll() is None else []
        self.process.kill()
        self.process.wait(timeout=10)
        for child in children:
            try:
                os.kill(child, signal.SIGKILL)
            except ProcessLookupError:
                pass


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_task_runs_it_again_and_the_mail_arrives_once(
    private_broker,
    smtp_server,
    tmp_path,
):
    user = UserFactory(notification_preference=DIRECT)
    smtp_server.start()
    smtp_server.hold()  # the mail server answers no DATA until released: the task stays in progress
    options = {"broker": private_broker.url, "queue": private_broker.queue, "smtp_port": smtp_server.port}
    first = Worker(**options, log=tmp_path / "first.log")
    try:
        notification, message = tell(user)

        wait_until(lambda: smtp_server.held == 1, what="the task to be sending its mail")
        first.kill_pool_process()

        # task_reject_on_worker_lost: the task goes back to the queue and a new pool process starts it.
        wait_until(lambda: smtp_server.held == 2, what="the task to run again")
        # Now the whole worker dies with the task in progress (unacknowledged, acks_late).
        first.kill()
    finally:
        first.kill()
    # Both clients died while held: the server drops their mails (however busy the machine is).
    wait_until(lambda: smtp_server.gone == 2, what="the mail server to see both clients go")
    smtp_server.release()

    assert smtp_server.messages == []  # neither attempt got its mail accepted
    assert fresh(notification).emailed_at is None
    assert fresh(message).is_pending

    # A new worker gets the unacknowledged task back once its visibility timeout has passed (kombu
    # looks when it starts; after that only every 100 seconds, so let the timeout pass first).
    time.sleep(VISIBILITY_TIMEOUT + 0.5)
    second = Worker(**options, log=tmp_path / "second.log", visibility_timeout=VISIBILITY_TIMEOUT)
    try:
        wait_until(lambda: fresh(message).done_at is not None, what="the task to run again")
        time.sleep(1)  # room for a duplicate delivery, which must send nothing
    finally:
        second.kill()

    (mail,) = smtp_server.messages
    assert mail["To"] == user.email
    assert fresh(notification).emailed_at is not None
    assert Notification.objects.filter(recipient=user).count() == 1
    assert sweep(now=a_day_later()) == 0


@pytest.mark.django_db
def test_a_refused_digest_stays_claimed_unsent_and_goes_out_once_later(smtp_server):
    user = UserFactory(notification_preference=User.NotificationPreference.DAILY)
    an_hour_ago = timezone.now() - datetime.timedelta(hours=1)
    NotificationFactory.create_batch(2, recipient=user, created_at=an_hour_ago)
    day = timezone.localdate().isoformat()

    with pytest.raises(ConnectionRefusedError):
        send_digest_batch([user.pk], day)
    # Nothing recorded as sent: the digest is claimed (its notifications in it), not sent.
    (digest,) = Digest.objects.filter(recipient=user)
    assert digest.sent_at is None
    assert Notification.objects.filter(recipient=user, digest=digest).count() == 2

    smtp_server.start()
    assert send_digest_batch([user.pk], day) == 1
    assert send_digest_batch([user.pk], day) == 0
    assert len(smtp_server.messages) == 1
    assert Notification.objects.filter(recipient=user, digest__recipient=user).count() == 2
