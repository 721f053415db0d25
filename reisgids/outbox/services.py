"""``enqueue``: the one way a service asks for work after its write (instead of ``task.delay``).

The row is written in the caller's transaction, so the work is asked for exactly when the write
commits; a rollback asks for nothing. After the commit ``reisgids.outbox.tasks.relay`` hands it to
Celery; if the broker is down the row stays pending and the sweep hands it on later. Without
``REDIS_URL`` Celery runs the task at once, after the commit, in the same process."""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from reisgids.celery import app
from reisgids.outbox.models import OutboxMessage
from reisgids.outbox.tasks import relay


def _store(task, calls):
    name = task if isinstance(task, str) else task.name
    if name not in app.tasks:
        raise ValueError(f"No Celery task named {name!r}")
    now = timezone.now()
    # If the relay after commit never runs (the process died), the sweep takes the rows after this.
    later = now + datetime.timedelta(seconds=settings.OUTBOX_RETRY_AFTER)
    messages = OutboxMessage.objects.bulk_create(
        [
            OutboxMessage(task=name, args=list(args), kwargs=kwargs, created_at=now, next_attempt_at=later)
            for args, kwargs in calls
        ]
    )
    if messages:
        ids = [(message.pk, 0) for message in messages]
        transaction.on_commit(lambda: relay(ids))
    return messages


def enqueue(task, *args, **kwargs):
    """Ask for ``task(*args, **kwargs)`` (a Celery task or its name) after the current transaction
    commits (at once outside one). Arguments must be JSON-serialisable: ids, strings, ISO dates.
    Returns the row."""
    (message,) = _store(task, [(args, kwargs)])
    return message


def enqueue_many(task, calls):
    """``enqueue`` once per item of ``calls`` (each a tuple of positional arguments), in one insert
    and one hand-off after commit. Returns the rows."""
    return _store(task, [(args, {}) for args in calls])
