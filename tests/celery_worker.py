"""A real Celery worker on the real Redis broker, for task tests in every app (the root conftest.py
makes the fixtures available everywhere).

``celery_test_queue``: tasks are sent (not run eagerly) to a queue of their own on Redis, so runs
of other engineers or CI jobs on the same Redis never see them; the queue is deleted afterwards.
``celery_worker_real``: an in-process worker (threads, so it uses the test database) consuming that
queue. Use it in ``django_db(transaction=True)`` tests: the worker's own database connection only
sees committed data. ``wait_for_tasks(celery_worker_real)`` waits until every queued task, including
tasks queued by tasks, has finished. ``private_broker``: Celery's broker on a private redis-server that
the test may stop and start (a broker outage), with ``running_worker(queue)`` for a worker on it."""

import datetime
import time
import uuid
from contextlib import contextmanager

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from celery.worker import state as worker_state
from django.conf import settings
from django.db import connections
from django.utils import timezone

from reisgids.celery import app as celery_app
from reisgids.outbox.tasks import sweep


def _queue_keys(client, queue):
    # kombu stores a queue as a list under its name (plus one list per priority step).
    return [key for key in client.keys(f"{queue}*") if key.decode().startswith(queue)]


def queued_messages(queue):
    """How many messages wait in ``queue`` on the app's current broker."""
    client = redis.Redis.from_url(celery_app.conf.broker_url)
    return sum(client.llen(key) for key in _queue_keys(client, queue))


@pytest.fixture
def celery_test_queue():
    if not settings.CELERY_BROKER_URL.startswith("redis"):
        pytest.fail("Task tests need REDIS_URL (a real Redis broker)")
    queue = f"test-{uuid.uuid4().hex}"
    saved = {key: celery_app.conf[key] for key in ("task_always_eager", "task_default_queue")}
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue
    yield queue
    celery_app.conf.update(saved)
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    keys = _queue_keys(client, queue)
    if keys:
        client.delete(*keys)


def _close_db_connections(**kwargs):
    # The worker thread opens its own connection; close it after each task so the test
    # database can be flushed and dropped.
    connections.close_all()


@contextmanager
def running_worker(queue):
    """An in-process worker (one thread) consuming ``queue`` on the app's current broker."""
    task_postrun.connect(_close_db_connections, weak=False)
    try:
        with start_worker(
            celery_app,
            queues=[queue],
            pool="solo",
            concurrency=1,
            # The project has no result backend; start_worker already waits for the consumer.
            perform_ping_check=False,
            shutdown_timeout=30,
        ) as worker:
            worker.test_queue = queue
            yield worker
    finally:
        task_postrun.disconnect(_close_db_connections)


@pytest.fixture
def celery_worker_real(celery_test_queue):
    with running_worker(celery_test_queue) as worker:
        yield worker


def _drop_broker_connections():
    # The app keeps its pool of broker connections for sending; a new broker_url needs another pool
    # (kombu keeps one per broker address, so the old one serves again when the address is restored).
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def private_broker(private_redis):
    """Celery's broker is ``private_redis`` (tests/redis_server.py), which the test may stop and start;
    tasks are sent (not run eagerly) to a queue of their own. Yields the server, with ``.queue``. Start
    an in-process worker on it with ``running_worker(private_broker.queue)``."""
    saved = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager", "task_default_queue")}
    private_redis.queue = f"test-{uuid.uuid4().hex}"
    celery_app.conf.update(
        broker_url=private_redis.url, task_always_eager=False, task_default_queue=private_redis.queue
    )
    _drop_broker_connections()
    try:
        yield private_redis
    finally:
        celery_app.conf.update(saved)
        _drop_broker_connections()


def wait_for_tasks(worker, timeout=30):
    """Block until the worker's queue is empty and nothing is running, three checks in a row."""
    deadline = time.monotonic() + timeout
    quiet = 0
    while time.monotonic() < deadline:
        busy = (
            queued_messages(worker.test_queue)
            or worker_state.active_requests
            or worker_state.reserved_requests
        )
        quiet = 0 if busy else quiet + 1
        if quiet >= 3:
            return
        time.sleep(0.1)
    raise AssertionError(f"Celery tasks still running after {timeout} seconds")


def wait_until(condition, timeout=30, what="the condition"):
    """Poll ``condition()`` until it is true; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"Timed out after {timeout} seconds waiting for {what}")
        time.sleep(0.05)


def paced_sweep(every=1.0):
    """The outbox's sweep as a ``wait_until`` condition: it runs at most once per ``every`` seconds
    (Celery beat runs it every minute), as if a day had passed, so backoffs do not hold rows back.
    Every sweep hands each pending row on again and counts an attempt; polled every 50 ms without a
    pace, a worker that is slow to take a row (a loaded machine) would see it given up after
    ``MAX_ATTEMPTS`` sweeps within a second. Returns a function that returns True (always)."""
    last = [-float("inf")]

    def condition():
        if time.monotonic() - last[0] >= every:
            sweep(now=timezone.now() + datetime.timedelta(days=1))
            last[0] = time.monotonic()
        return True

    return condition
