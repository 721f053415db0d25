"""The relay and the worker side of the outbox.

``relay`` hands rows to Celery as ``outbox.deliver(id)`` (after the commit of the write that stored
them, and again from the sweep). A broker that cannot be reached leaves a row pending: the request that
wrote it still succeeds. ``deliver`` runs the row's task once: it holds a PostgreSQL advisory lock on
the row while the task runs (a second delivery of the same row at the same time does nothing), skips a
row that is done, retries transient errors (SMTP, network, database connection) with exponential
backoff and marks the row done only when the task returned. ``sweep`` (Celery beat, every minute) hands
on the rows still pending at their ``next_attempt_at``; ``select_for_update(skip_locked=True)`` keeps two
sweepers from handing on the same row.

Tasks run through the outbox must be safe to run twice (a crash between the effect and the "done"
mark repeats it): ``notifications.send_notification_email`` records ``emailed_at`` per notification in
the transaction that sends the mail, a digest is a unique (recipient, day) row."""

import datetime
import logging
import smtplib
from collections import defaultdict
from contextlib import contextmanager

from celery import shared_task
from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.utils import timezone

from reisgids.outbox.models import OutboxMessage

logger = logging.getLogger(__name__)

# Errors worth another try: the mail server or another service refuses or times out (OSError covers
# ConnectionRefusedError, TimeoutError and socket errors), or the database connection dropped.
TRANSIENT_ERRORS = (smtplib.SMTPException, OSError, OperationalError, InterfaceError)
# Celery retries of one hand-off, after 1, 2, 4, 8 and 16 seconds at most (full jitter); then the row
# waits for the sweep.
TASK_RETRIES = 5
# The sweep waits OUTBOX_RETRY_AFTER after a hand-off, doubling with each further one, at most this long.
MAX_BACKOFF = datetime.timedelta(hours=6)
# After this many hand-offs a row is given up: failed_at is set and an error is logged.
MAX_ATTEMPTS = 10
# Rows handed on per sweep; the next sweep takes the rest.
SWEEP_BATCH = 500
# Done rows are deleted after this long.
KEEP_DONE = datetime.timedelta(days=7)
# First half of the advisory-lock key, so the locks of the outbox never meet other advisory locks.
LOCK_NAMESPACE = 0x6F62


def backoff(attempts):
    """How long the sweep leaves a row alone after its ``attempts``-th hand-off."""
    delay = datetime.timedelta(seconds=settings.OUTBOX_RETRY_AFTER) * 2 ** max(attempts - 1, 0)
    return min(delay, MAX_BACKOFF)


def _error_text(error):
    return f"{type(error).__name__}: {error}"[:2000]


def relay(messages):
    """Hand ``messages`` ((id, attempts) pairs) to Celery. On the first broker error the rest stay
    pending with the error noted; the sweep hands them on later. Never raises."""
    now = timezone.now()
    handed = defaultdict(list)
    for position, (message_id, attempts) in enumerate(messages):
        try:
            deliver.apply_async((message_id,))
        except Exception as error:
            if deliver.app.conf.task_always_eager:
                # Running eagerly, the task ran here and failed; ``deliver`` noted why.
                logger.warning("Outbox message %s failed: %s", message_id, _error_text(error))
            else:
                # The broker cannot be reached: the sweep hands these on as soon as it runs again.
                logger.warning("Outbox message %s stays pending: %s", message_id, _error_text(error))
                pending = [pk for pk, _ in messages[position:]]
                OutboxMessage.objects.filter(pk__in=pending, done_at__isnull=True).update(
                    last_error=_error_text(error), next_attempt_at=now
                )
                break
        handed[attempts].append(message_id)
    for attempts, ids in handed.items():
        OutboxMessage.objects.filter(pk__in=ids).update(
            attempts=attempts + 1, dispatched_at=now, next_attempt_at=now + backoff(attempts + 1)
        )


@contextmanager
def _exclusive(message_id):
    """Yield whether this process may run the row now: a session-level advisory lock on PostgreSQL,
    released at the end (or when a killed worker's connection closes). Other databases (the
    zero-setup SQLite, where tasks run eagerly in one process) need none."""
    if connection.vendor != "postgresql":
        yield True
        return
    key = (LOCK_NAMESPACE << 32) | (message_id & 0xFFFFFFFF)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [key])
        (locked,) = cursor.fetchone()
    try:
        yield locked
    finally:
        if locked:
            try:
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
            except DatabaseError:  # the connection is gone, and the lock with it
                logger.info("Outbox message %s: connection lost before unlocking", message_id)


def _pending(message_id):
    return OutboxMessage.objects.filter(pk=message_id, done_at__isnull=True, failed_at__isnull=True)


@shared_task(
    name="outbox.deliver",
    bind=True,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=True,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=TASK_RETRIES,
    ignore_result=True,
)
def deliver(self, message_id):
    """Run the task of one outbox row, at most once to completion. Returns whether it ran."""
    with _exclusive(message_id) as mine:
        if not mine:
            return False
        message = _pending(message_id).first()
        if message is None:
            return False
        try:
            task = self.app.tasks[message.task]
            task(*message.args, **message.kwargs)
        except TRANSIENT_ERRORS as error:
            _pending(message_id).update(
                last_error=_error_text(error),
                next_attempt_at=timezone.now() + backoff(message.attempts),
            )
            raise
        except Exception as error:
            logger.exception("Outbox message %s (%s) failed and is given up", message_id, message.task)
            _pending(message_id).update(last_error=_error_text(error), failed_at=timezone.now())
            raise
        _pending(message_id).update(done_at=timezone.now(), last_error="")
    return True


def sweep(*, now=None):
    """Hand on the pending rows whose time has come, give up rows handed on ``MAX_ATTEMPTS`` times,
    delete done rows older than ``KEEP_DONE``. Returns how many rows were handed on."""
    now = now or timezone.now()
    OutboxMessage.objects.filter(done_at__lt=now - KEEP_DONE).delete()
    with transaction.atomic():
        due = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(done_at__isnull=True, failed_at__isnull=True, next_attempt_at__lte=now)
            .order_by("next_attempt_at", "pk")
            .values_list("pk", "attempts", "task")[:SWEEP_BATCH]
        )
        given_up = [pk for pk, attempts, _ in due if attempts >= MAX_ATTEMPTS]
        if given_up:
            logger.error("Outbox messages %s given up after %s attempts", given_up, MAX_ATTEMPTS)
            OutboxMessage.objects.filter(pk__in=given_up).update(failed_at=now)
        messages = [(pk, attempts) for pk, attempts, _ in due if attempts < MAX_ATTEMPTS]
        relay(messages)
    return len(messages)


@shared_task(name="outbox.sweep", ignore_result=True)
def sweep_task():
    """Celery beat, every minute: see ``sweep``."""
    return sweep()
