"""The outbox: rows written with the caller's transaction, relayed after commit, swept while pending,
delivered once. Broker tests use the real Redis (a queue of the test's own, tests/celery_worker.py)
or a private redis-server that the test stops (tests/redis_server.py)."""

import datetime
import threading
import time

import pytest
from django.db import connections, transaction
from django.utils import timezone

from reisgids.outbox.models import OutboxMessage
from reisgids.outbox.services import enqueue, enqueue_many
from reisgids.outbox.tasks import LOCK_NAMESPACE, MAX_ATTEMPTS, backoff, deliver, sweep
from reisgids.tasks import send_email
from tests.celery_worker import queued_messages

MAIL = ("iemand@example.nl", "[Reisgids] Onderwerp", "Tekst")


def pending_row(**fields):
    now = timezone.now()
    values = {"task": send_email.name, "args": list(MAIL), "next_attempt_at": now, **fields}
    return OutboxMessage.objects.create(**values)


# --- enqueue and relay -------------------------------------------------------------------------


@pytest.mark.django_db
def test_enqueue_writes_in_the_callers_transaction_and_a_rollback_asks_for_nothing(
    django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            enqueue(send_email, *MAIL)
            assert OutboxMessage.objects.count() == 1
            raise RuntimeError("the write failed")
    assert OutboxMessage.objects.count() == 0
    assert mailoutbox == []


@pytest.mark.django_db
def test_running_eagerly_the_task_runs_after_commit_and_the_row_is_done(
    django_capture_on_commit_callbacks, mailoutbox
):
    # Tests run tasks eagerly, as the zero-setup installation without REDIS_URL does.
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        message = enqueue(send_email, *MAIL)
    assert mailoutbox == [] and len(callbacks) == 1

    callbacks[0]()

    assert [m.to for m in mailoutbox] == [["iemand@example.nl"]]
    message.refresh_from_db()
    assert message.done_at is not None and message.attempts == 1 and message.last_error == ""


@pytest.mark.django_db
def test_enqueue_many_stores_one_row_per_call_in_one_insert(django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = enqueue_many(send_email, [MAIL, ("ander@example.nl", "Onderwerp", "Tekst")])
    assert [row.args[0] for row in rows] == ["iemand@example.nl", "ander@example.nl"]


@pytest.mark.django_db
def test_enqueue_refuses_an_unknown_task_and_arguments_that_are_not_json():
    with pytest.raises(ValueError):
        enqueue("notifications.bestaat_niet", 1)
    with pytest.raises(TypeError):
        enqueue(send_email, object(), "Onderwerp", "Tekst")


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_the_write_commits_and_the_row_stays_pending(private_broker):
    private_broker.stop()

    started = time.monotonic()
    with transaction.atomic():
        message = enqueue(send_email, *MAIL)
    elapsed = time.monotonic() - started

    message.refresh_from_db()
    assert message.is_pending and message.attempts == 0 and message.dispatched_at is None
    assert "Error" in message.last_error
    # Due at the next sweep, and the failed hand-off cost the request little time.
    assert message.next_attempt_at <= timezone.now()
    assert elapsed < 5


# --- the sweep ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_sweep_hands_on_due_pending_rows_and_leaves_the_rest(celery_test_queue):
    now = timezone.now()
    never_handed = pending_row(next_attempt_at=now - datetime.timedelta(seconds=1))
    an_hour_ago = now - datetime.timedelta(hours=1)
    handed_twice = pending_row(attempts=2, dispatched_at=an_hour_ago, next_attempt_at=an_hour_ago)
    dispatched = pending_row(attempts=1, dispatched_at=now, next_attempt_at=now + backoff(1))
    done = pending_row(done_at=now, next_attempt_at=now - datetime.timedelta(minutes=1))
    failed = pending_row(failed_at=now, next_attempt_at=now - datetime.timedelta(minutes=1))

    assert sweep() == 2

    assert queued_messages(celery_test_queue) == 2
    for row, attempts in ((never_handed, 1), (handed_twice, 3)):
        row.refresh_from_db()
        assert row.attempts == attempts and row.dispatched_at is not None
        # The next hand-off waits OUTBOX_RETRY_AFTER, doubled per earlier hand-off.
        expected = row.dispatched_at + backoff(attempts)
        assert row.next_attempt_at == expected
    assert backoff(3) == 4 * backoff(1)
    for row in (dispatched, done, failed):
        before = (row.attempts, row.next_attempt_at)
        row.refresh_from_db()
        assert (row.attempts, row.next_attempt_at) == before

    # Nothing more is due: a second sweep sends nothing.
    assert sweep() == 0
    assert queued_messages(celery_test_queue) == 2


@pytest.mark.django_db
def test_the_sweep_gives_up_after_max_attempts_and_deletes_old_done_rows(celery_test_queue, caplog):
    now = timezone.now()
    hopeless = pending_row(attempts=MAX_ATTEMPTS, next_attempt_at=now)
    old_done = pending_row(done_at=now - datetime.timedelta(days=8))
    recent_done = pending_row(done_at=now - datetime.timedelta(days=1))

    assert sweep() == 0

    hopeless.refresh_from_db()
    assert hopeless.failed_at is not None
    assert "given up" in caplog.text
    assert not OutboxMessage.objects.filter(pk=old_done.pk).exists()
    assert OutboxMessage.objects.filter(pk=recent_done.pk).exists()
    assert queued_messages(celery_test_queue) == 0


@pytest.mark.django_db(transaction=True)
def test_two_sweepers_never_hand_on_the_same_row(celery_test_queue):
    now = timezone.now()
    first, second = pending_row(next_attempt_at=now), pending_row(next_attempt_at=now)
    locked, finish = threading.Event(), threading.Event()

    def other_sweeper():
        # Another sweeper (its own connection) holds the first row, as a sweep does while handing on.
        try:
            with transaction.atomic():
                list(OutboxMessage.objects.select_for_update().filter(pk=first.pk))
                locked.set()
                finish.wait(10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=other_sweeper)
    thread.start()
    try:
        assert locked.wait(10)
        assert sweep() == 1  # skips the locked row instead of waiting for it
    finally:
        finish.set()
        thread.join()

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.attempts, second.attempts) == (0, 1)
    assert queued_messages(celery_test_queue) == 1


# --- deliver -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_row_delivered_twice_has_its_effect_once(mailoutbox):
    message = pending_row()

    assert deliver.apply((message.pk,)).get() is True
    assert deliver.apply((message.pk,)).get() is False

    assert len(mailoutbox) == 1
    message.refresh_from_db()
    assert message.done_at is not None


@pytest.mark.django_db(transaction=True)
def test_a_row_another_worker_is_running_is_left_to_it(mailoutbox):
    message = pending_row()
    key = (LOCK_NAMESPACE << 32) | message.pk
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [key])
        assert deliver.apply((message.pk,)).get() is False
        assert mailoutbox == []
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])
    finally:
        other.close()

    assert deliver.apply((message.pk,)).get() is True
    assert len(mailoutbox) == 1


@pytest.mark.django_db
def test_a_task_that_cannot_work_fails_its_row_without_retrying(caplog):
    message = pending_row(args=["iemand@example.nl"])  # two arguments missing

    with pytest.raises(TypeError):
        deliver.apply((message.pk,), throw=True)

    message.refresh_from_db()
    assert message.failed_at is not None and message.done_at is None
    assert "TypeError" in message.last_error
    assert "given up" in caplog.text
