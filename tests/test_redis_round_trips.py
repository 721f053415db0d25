"""The cache's connections and round trips, counted on a private ``redis-server``
(``tests/redis_server.py``) with its own command statistics (``INFO commandstats``): a warm
anonymous page of the site tree costs one round trip to Redis, and every request and every thread of
a process reuses one client and its connection pool."""

import threading

import pytest
from django.core.cache import cache, caches
from django.test import Client

from atlas.tests.factories import news_page
from reisgids.caching import NAMESPACES, bump, versions_of
from reisgids.tests.factories import UserFactory
from tests.redis_server import RoundTrips

pytestmark = pytest.mark.django_db

UNCOUNTED = {"info", "config"}  # the test's own questions to the server


class Stats:
    """The server's command statistics, asked over one connection of the test's own (opened first,
    so its handshake is not counted)."""

    def __init__(self, server):
        self.client = server.client()
        self.client.ping()

    def reset(self):
        self.client.config_resetstat()

    def commands(self):
        """The commands the server ran since the last reset, by name (a new connection shows as
        ``hello``)."""
        stats = self.client.info("commandstats")
        calls = {name.removeprefix("cmdstat_").split("|")[0]: entry["calls"] for name, entry in stats.items()}
        return {name: count for name, count in calls.items() if name not in UNCOUNTED}

    def connections(self):
        return self.client.info("clients")["connected_clients"]


def test_a_warm_anonymous_page_costs_one_round_trip(private_redis_cache, django_assert_num_queries):
    page = news_page(title="Nieuws uit de wijk")
    client, stats = Client(), Stats(private_redis_cache)
    assert client.get(page.url).status_code == 200  # rendered and kept
    client.get(page.url)  # this process has seen the current versions
    stats.reset()
    with django_assert_num_queries(0):
        response = client.get(page.url)
    assert response.status_code == 200
    assert "Nieuws uit de wijk" in response.text
    assert stats.commands() == {"mget": 1}


@pytest.mark.parametrize("path", ["/deals/", "/partijen/", "/marktplaats/", "/zoeken/?q=zorg"])
def test_a_warm_anonymous_list_costs_one_round_trip(private_redis_cache, django_assert_num_queries, path):
    """The lists' fragments (``reisgids.caching.fragment``) are read like the page cache: the versions
    and the fragment at once."""
    client, stats = Client(), Stats(private_redis_cache)
    assert client.get(path).status_code == 200
    client.get(path)
    stats.reset()
    with django_assert_num_queries(0):
        assert client.get(path).status_code == 200
    assert stats.commands() == {"mget": 1}


def test_after_a_write_the_page_is_fresh_and_then_one_round_trip_again(private_redis_cache):
    page = news_page(title="Nieuws uit de wijk")
    client, stats = Client(), Stats(private_redis_cache)
    client.get(page.url)
    client.get(page.url)
    page.title = "Ander nieuws"
    page.save_revision().publish()  # bumps the atlas namespace
    assert "Ander nieuws" in client.get(page.url).text  # new versions: read again, rendered, kept
    stats.reset()
    assert "Ander nieuws" in client.get(page.url).text
    assert stats.commands() == {"mget": 1}


def test_a_bump_elsewhere_is_seen_although_the_process_guessed_the_old_versions(private_redis_cache):
    """The versions are read with the guessed page: a bump between two requests is never missed."""
    page = news_page(title="Nieuws uit de wijk")
    client, stats = Client(), Stats(private_redis_cache)
    client.get(page.url)
    client.get(page.url)
    assert len(stats.client.keys("*atlas:page:*")) == 1
    bump("atlas")
    response = client.get(page.url)
    assert response.status_code == 200
    assert len(stats.client.keys("*atlas:page:*")) == 2  # rendered afresh under the new versions, kept


def test_a_bump_of_many_namespaces_is_one_round_trip(private_redis_cache, monkeypatch):
    """A write bumps every namespace it touches (a cold request of the bench: all of them). Each
    ``incr`` cost two round trips (Django's client asks whether the key exists first); now all the
    namespaces go in one, and a namespace never bumped goes from 1 to 2 as before."""
    namespaces = sorted(NAMESPACES)
    bump(namespaces[0])
    cache.get("warm-up")  # the connection is open
    before = versions_of(namespaces)
    assert before[namespaces[0]] == 2 and before[namespaces[1]] == 1
    trips = RoundTrips(monkeypatch)
    bump(*namespaces)  # inside the test's transaction: bumped now (and again at a commit, never here)
    assert trips.count == 1
    assert versions_of(namespaces) == {name: version + 1 for name, version in before.items()}


def test_one_client_and_pool_per_process_whatever_the_requests_and_threads(private_redis_cache):
    page = news_page(title="Nieuws uit de wijk")
    client, stats = Client(), Stats(private_redis_cache)
    client.get(page.url)
    before = stats.connections()
    stats.reset()
    clients_seen = set()
    for _ in range(100):
        assert client.get(page.url).status_code == 200
        clients_seen.add(id(cache._cache.get_client()))
    assert stats.connections() == before
    assert "hello" not in stats.commands()  # no connection was opened
    assert len(clients_seen) == 1

    seen_in_threads = []

    def in_a_thread():
        backend = caches["default"]  # the backend instance of this thread
        backend.get("anything")
        seen_in_threads.append(backend._cache.get_client())

    threads = [threading.Thread(target=in_a_thread) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen_in_threads) == 4
    assert {id(found) for found in seen_in_threads} == clients_seen


@pytest.mark.parametrize("path", ["/deals/", "/"])
def test_a_warm_signed_in_page_reads_the_user_and_their_unread_count_at_once(
    private_redis_cache, django_assert_num_queries, path
):
    """Signed in, a warm page costs three round trips: the session, the user with their unread count
    (the menu shows it; read along with the user, ``entry(…, along=…)``), and the page's fragments.
    Before, the unread count was a round trip of its own (four)."""
    user = UserFactory()
    client, stats = Client(), Stats(private_redis_cache)
    client.force_login(user)
    client.get(path)
    client.get(path)
    stats.reset()
    with django_assert_num_queries(0):
        assert client.get(path).status_code == 200
    assert stats.commands() == {"get": 1, "mget": 2}


def test_the_unread_count_read_along_with_the_user_follows_every_change(private_redis_cache):
    """The count read with the user is the count when the request starts; a notification that comes
    or is read shows at the next request, and inside a request a change outdates what was read
    along."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from reisgids.accounts.backends import cached_user
    from reisgids.notifications.selectors import unread_count_for_user
    from reisgids.notifications.services import notifications_mark_all_read, notify

    user = UserFactory()
    client = Client()
    client.force_login(user)
    client.get("/deals/")
    assert "reisgids-badge" not in client.get("/deals/").text
    notify(recipients=[user], subject="Nieuw bericht")
    assert '<span class="reisgids-badge">1<' in client.get("/deals/").text
    # A request of this thread, as the test client makes one (the test's connection left open).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        request_started.send(sender=None)
        assert cached_user(user.pk) is not None  # the count 1 read along
        notifications_mark_all_read(user=user)
        assert unread_count_for_user(user=user) == 0  # not the 1 read along
        request_finished.send(sender=None)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert "reisgids-badge" not in client.get("/deals/").text
    # Outside a request (a task, a shell) nothing is kept along: no request would end it.
    cached_user(user.pk)
    notify(recipients=[user], subject="Nog een bericht")
    assert unread_count_for_user(user=user) == 1
