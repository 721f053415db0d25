"""The API's rate limit on the real Redis: one round trip per request (a pipeline of ``SET NX EX`` and
``INCR``), the counter always expires, the limit holds per address, and with Redis down (killed) or
back again the API still answers."""

import time

import pytest
from django.core.cache import cache

from reisgids.ratelimits import hit_window
from reisgids.tests.factories import ThemeFactory
from tests.redis_server import RoundTrips

pytestmark = pytest.mark.django_db


def test_a_hit_is_one_round_trip_and_the_counter_expires(private_redis_cache, monkeypatch):
    cache.get("warm-up")  # opens the connection
    trips = RoundTrips(monkeypatch)
    for expected in range(1, 4):
        assert hit_window(kind="api", ident="10.0.0.1", limit=5, window=60) == 0
        assert trips.count == expected
    client = private_redis_cache.client()
    (key,) = client.keys("*ratelimit:api:10.0.0.1:*")
    assert int(client.get(key)) == 3
    assert 0 < client.ttl(key) <= 65


def away_from_the_window_edge(window=60, margin=5):
    """The limit counts in fixed windows (aligned to the clock): three requests that straddle the
    edge count in two windows. Wait out the last seconds of a window."""
    left = window - time.time() % window
    if left < margin:
        time.sleep(left + 0.05)


def test_the_limit_holds_on_redis_and_gives_retry_after(client, settings, private_redis_cache):
    settings.API_RATE_LIMIT = (2, 60)
    ThemeFactory(name="Mantelzorg")
    away_from_the_window_edge()
    statuses = [client.get("/api/v1/themes/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert client.get("/api/v1/themes/", REMOTE_ADDR="10.9.9.9").status_code == 200


def test_the_api_answers_while_redis_is_down_and_limits_again_when_it_is_back(
    client, settings, private_redis_cache
):
    settings.API_RATE_LIMIT = (2, 60)
    ThemeFactory(name="Mantelzorg")
    private_redis_cache.stop()
    statuses = [client.get("/api/v1/themes/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 200]  # the limit guards load, not data: not applied
    assert hit_window(kind="api", ident="10.0.0.2", limit=1, window=60) == 0
    private_redis_cache.start()
    time.sleep(1.1)  # the circuit breaker of the tests (tests.redis_server.RETRY_AFTER)
    away_from_the_window_edge()
    statuses = [client.get("/api/v1/themes/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
