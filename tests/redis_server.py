"""A private ``redis-server`` for fault tests: started by the test on a free port of its own, stopped
(killed) and started again on the same port, so an outage of Redis can be tested without touching
the shared server on 6379 that other runs use.

``private_redis``: a running server; ``.url`` (``redis://127.0.0.1:PORT/0``), ``.stop()`` (kill it:
from then on connections are refused), ``.start()`` (a fresh, empty server on the same port),
``.pause()`` / ``.resume()`` (SIGSTOP / SIGCONT: a hung Redis, whose calls time out, that comes back
with the data it had), ``.running``. It is killed at the end of the test.
``private_redis_cache``: the same server as Django's default cache (``override_settings`` of
``CACHES``, which also drops the per-thread cache connections, see ``django.test.signals``).
``RoundTrips(monkeypatch)``: counts the round trips of this process's Redis clients from then on."""

import shutil
import signal
import socket
import subprocess
import time

import pytest
import redis
import redis.connection
from django.conf import settings
from django.test import override_settings

START_TIMEOUT = 10


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    def __init__(self, port=None):
        self.port = port or free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    @property
    def running(self):
        return self.process is not None and self.process.poll() is None

    def start(self):
        if self.running:
            return
        executable = shutil.which("redis-server")
        if executable is None:
            pytest.fail("redis-server is not installed (apt-get install redis-server)")
        self.process = subprocess.Popen(
            [executable, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url, socket_connect_timeout=0.2, socket_timeout=0.5)
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    pytest.fail(f"redis-server on port {self.port} did not start")
                time.sleep(0.02)
            finally:
                client.close()

    def stop(self):
        """Kill the server (as a crash would); returns when the port refuses connections."""
        if self.process is None:
            return
        self.process.kill()  # SIGKILL ends a paused process too
        self.process.wait(timeout=START_TIMEOUT)
        self.process = None

    def pause(self):
        self.process.send_signal(signal.SIGSTOP)

    def resume(self):
        self.process.send_signal(signal.SIGCONT)

    def client(self):
        return redis.Redis.from_url(self.url)


@pytest.fixture
def private_redis():
    server = RedisServer()
    server.start()
    try:
        yield server
    finally:
        server.stop()


RETRY_AFTER = 1.0  # the cache's circuit breaker in these tests (RETRY_AFTER seconds in production)


def cache_settings(url, **options):
    """``CACHES`` with the default cache on ``url``: the project's backend, the configured options,
    a short circuit breaker (override with ``retry_after=``)."""
    config = settings.CACHES["default"]
    if not config["BACKEND"].endswith("ResilientRedisCache"):
        config = {"BACKEND": "reisgids.redis_cache.ResilientRedisCache"}
    options = {**config.get("OPTIONS", {}), "retry_after": RETRY_AFTER, **options}
    return {"default": {**config, "LOCATION": url, "OPTIONS": options}}


@pytest.fixture
def private_redis_cache(private_redis):
    """Django's default cache on ``private_redis``; yields the server."""
    with override_settings(CACHES=cache_settings(private_redis.url)):
        yield private_redis


class RoundTrips:
    """Counts what the client writes to Redis (one write per round trip; a pipeline is one write)."""

    def __init__(self, monkeypatch):
        self.count = 0
        original = redis.connection.AbstractConnection.send_packed_command

        def counting(connection, command, check_health=True):
            self.count += 1
            return original(connection, command, check_health)

        monkeypatch.setattr(redis.connection.AbstractConnection, "send_packed_command", counting)
