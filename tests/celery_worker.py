"""A real Celery worker on the real Redis broker, for task tests in every app (the root conftest.py
makes the fixtures available everywhere).

``celery_test_queue``: tasks are sent (not run eagerly) to a queue of their own on Redis, so runs
of other engineers or CI jobs on the same Redis never see them; the queue is deleted afterwards.
``celery_worker_real``: an in-process worker (threads, so it uses the test database) consuming that
queue. Use it in ``django_db(transaction=True)`` tests: the worker's own database connection only
sees committed data. ``wait_for_tasks(celery_worker_real)`` waits until every queued task, including
tasks queued by tasks, has finished."""

import time
import uuid

import pytest
import redis
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from celery.worker import state as worker_state
from django.conf import settings
from django.db import connections

from reisgids.celery import app as celery_app


def _queue_keys(client, queue):
    # kombu stores a queue as a list under its name (plus one list per priority step).
    return [key for key in client.keys(f"{queue}*") if key.decode().startswith(queue)]


def queued_messages(queue):
    """How many messages wait in ``queue`` on the broker."""
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
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


@pytest.fixture
def celery_worker_real(celery_test_queue):
    task_postrun.connect(_close_db_connections, weak=False)
    try:
        with start_worker(
            celery_app,
            queues=[celery_test_queue],
            pool="solo",
            concurrency=1,
            # The project has no result backend; start_worker already waits for the consumer.
            perform_ping_check=False,
            shutdown_timeout=30,
        ) as worker:
            worker.test_queue = celery_test_queue
            yield worker
    finally:
        task_postrun.disconnect(_close_db_connections)


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
