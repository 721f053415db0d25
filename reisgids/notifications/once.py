"""Periodic mail to many people, each exactly once per period. The paged fan-out below is shared by
the notification digests (daily, weekly) and the kompas report; ``send_once`` is used by the kompas
report only (the digests claim and send a whole batch at once, see below).

**Fan-out in pages.** A beat task calls ``fan_out_page(kind, params)``: one query reads at most
``PAGE_BATCHES * BATCH_SIZE`` recipient ids (in id order, after a cursor) from the source registered
for ``kind`` (``register_fan_out``), and one insert asks the outbox (``reisgids.outbox``) for one
batch task per ``BATCH_SIZE`` ids (the task takes the ids, never objects). When the page was full it
also asks for ``notifications.fan_out`` with the last id as cursor, which does the next page. So a
round to 50,000 people never puts more than ``PAGE_BATCHES + 1`` tasks on the queue at once; the
next page is only asked for when the worker reaches the task that asks for it.

**Exactly once, one mail per transaction** (the kompas report, ``kompas.tasks``):
``send_once(claim=…, send=…)`` runs in one transaction: ``claim()`` inserts the unique (recipient,
period, kind) row (a report delivery) and ``send(row)`` sends the mail; the row commits only after
the mail server accepted the mail. A second run of the same round, a second worker racing on the
same recipient (its insert waits for the first transaction, then fails on the unique constraint) or
a retry after a worker died mid-send (the row rolled back with the dying connection) sends nothing
more. ``send`` raises ``NothingToSend`` when there is nothing to say: no row, no mail.

**The digests** (``reisgids.notifications.tasks.send_digest_batch``) do not use ``send_once``: a
batch claims one unique (recipient, kind, day) ``Digest`` row per recipient with news in one insert,
takes PostgreSQL advisory locks on its unsent rows (a batch running at the same time skips what this
one holds), and marks each row sent right after the mail server accepted its mail; a batch run again
sends only the rows still unsent.

Tasks run with ``acks_late`` and ``reject_on_worker_lost`` (settings), so a task whose worker died
goes back on the queue."""

from dataclasses import dataclass

from celery import shared_task
from django.db import IntegrityError, transaction

from reisgids.outbox.services import enqueue, enqueue_many

BATCH_SIZE = 100  # recipients per batch task
PAGE_BATCHES = 20  # batch tasks asked for per page of the fan-out


class NothingToSend(Exception):
    """Raised by a ``send`` of ``send_once``: nothing to tell this recipient; nothing is recorded."""


@dataclass(frozen=True)
class FanOut:
    kind: str
    recipients: object  # callable(params, after_id, limit) -> list of recipient ids, ascending
    task: str  # the batch task: task(recipient_ids, params)


FAN_OUTS = {}


def register_fan_out(kind, *, recipients, task):
    """``kind`` is fanned out to ``task(recipient_ids, params)``, for the ids ``recipients(params,
    after_id, limit)`` returns (ascending, only those still to be told)."""
    FAN_OUTS[kind] = FanOut(kind, recipients, task)


def fan_out_page(kind, params, after_id=0, *, batch_size=None, page_batches=None):
    """Ask for the batch tasks of one page of ``kind``'s recipients after ``after_id`` (and for the
    next page when this one was full). Returns the number of batch tasks asked for."""
    source = FAN_OUTS[kind]
    batch_size = batch_size or BATCH_SIZE
    page_batches = page_batches or PAGE_BATCHES
    limit = batch_size * page_batches
    ids = list(source.recipients(params, after_id, limit))
    batches = [ids[start : start + batch_size] for start in range(0, len(ids), batch_size)]
    with transaction.atomic(savepoint=False):
        enqueue_many(source.task, [(batch, params) for batch in batches])
        if len(ids) == limit:
            enqueue(fan_out, kind, params, ids[-1], batch_size, page_batches)
    return len(batches)


@shared_task(name="notifications.fan_out")
def fan_out(kind, params, after_id, batch_size=None, page_batches=None):
    """The next page of a fan-out (see ``fan_out_page``)."""
    return fan_out_page(kind, params, after_id, batch_size=batch_size, page_batches=page_batches)


def send_once(*, claim, send):
    """Run ``claim()`` (insert the unique row; IntegrityError when it exists) and ``send(row)`` in one
    transaction. Returns True when sent; False when the row existed or ``send`` raised
    ``NothingToSend``. Any other error of ``send`` (the mail server refused) rolls the row back and is
    raised, for the outbox to try again. (No savepoint around the claim: a failed claim ends the whole
    transaction, which holds nothing else.)"""
    claimed = False
    try:
        with transaction.atomic():
            row = claim()
            claimed = True
            send(row)
    except IntegrityError:
        if claimed:
            raise
        return False
    except NothingToSend:
        return False
    return True
