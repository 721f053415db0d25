"""A private ``redis-server`` for fault tests: started by the test on a free port of its own, stopped
(killed) and started again on the same port, so an outage of Redis can be tested without touching
the shared server on 6379 that other runs use.

``private_redis``: a running server; ``.url`` (``redis://127.0.0.1:PORT/0``), ``.stop()`` (kill it:
from then on connections are refused), ``.start()`` (a fresh, empty server on the same port),
``.running``. It is killed at the end of the test.
``private_redis_cache``: the same server as Django's default cache (``override_settings`` of
``CACHES``, which also drops the per-thread cache connections, see ``django.test.signals``)."""

import shutil
import socket
import subprocess
import time

import pytest
import redis
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
        self.process.kill()
        self.process.wait(timeout=START_TIMEOUT)
        self.process = None

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


@pytest.fixture
def private_redis_cache(private_redis):
    """Django's default cache on ``private_redis`` (same backend and options as configured, only
    another server)."""
    config = {**settings.CACHES["default"], "LOCATION": private_redis.url}
    if not config["BACKEND"].endswith("RedisCache"):
        config = {"BACKEND": "reisgids.redis_cache.ResilientRedisCache", "LOCATION": private_redis.url}
    with override_settings(CACHES={"default": config}):
        yield private_redis
