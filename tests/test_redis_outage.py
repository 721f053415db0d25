"""Redis down: the site degrades and does not die. Each test runs against a private ``redis-server``
(``tests/redis_server.py``) that it kills (connection refused) or pauses (a hung Redis: calls time
out, and it comes back with the data it had) mid-test; nothing is mocked."""

import logging
import time

import pytest
from django.test import Client, override_settings

from agenda.tests.factories import make_event
from atlas.tests.factories import lesson_page, news_page
from deals.tests.factories import DealFactory
from marktplaats.models import Conversation
from marktplaats.tests.factories import ListingFactory, member_of
from reisgids.accounts.models import RateLimitHit
from reisgids.redis_cache import DEFAULT_OPTIONS
from reisgids.tests.factories import PASSWORD, InstrumentFactory, OrganisationFactory, UserFactory
from stories.models import Comment
from stories.tests.factories import StoryPageFactory
from tests.redis_server import RETRY_AFTER, cache_settings

pytestmark = pytest.mark.django_db

TOO_MANY = "Te veel mislukte inlogpogingen"


@pytest.fixture(autouse=True)
def _fast(settings):
    settings.STORIES_FETCH_EMBEDS = False


@pytest.fixture
def site_data():
    organisation = OrganisationFactory(name="Buurtzorg Oost")
    deal = DealFactory(title="Samen koken in Oost", running=True)
    return {
        "organisation": organisation,
        "instrument": InstrumentFactory(),
        "deal": deal,
        "listing": ListingFactory(title="Vrijwilliger gezocht"),
        "story": StoryPageFactory(title="Het logeerhuis"),
        "news": news_page(title="Nieuws uit de wijk"),
        "lesson": lesson_page(title="Les over zorg"),
        "event": make_event(),
    }


def public_urls(data):
    return [
        "/",
        "/partijen/",
        data["organisation"].get_absolute_url(),
        "/aanspreekpunten/",
        "/instrumenten/",
        data["instrument"].get_absolute_url(),
        "/deals/",
        data["deal"].get_absolute_url(),
        "/marktplaats/",
        data["listing"].get_absolute_url(),
        "/nieuws/",
        data["news"].url,
        "/lessen/",
        data["lesson"].url,
        "/verhalen/",
        data["story"].url,
        "/agenda/",
        "/zoeken/?q=zorg",
        "/toegankelijkheid/",
        "/privacy/",
        "/accounts/login/",
    ]


def statuses(client, urls):
    return {url: client.get(url).status_code for url in urls}


def signed_in_client():
    client = Client()
    client.force_login(UserFactory(verified=True))
    return client


def wait_for_breaker():
    time.sleep(RETRY_AFTER + 0.1)


def test_every_public_page_answers_while_redis_is_down(private_redis_cache, site_data):
    urls = public_urls(site_data)
    anonymous, member = Client(), signed_in_client()
    for_anonymous = dict.fromkeys(urls, 200)
    for_member = {**for_anonymous, "/accounts/login/": 302}  # signed in already: on to the profile
    assert statuses(anonymous, urls) == for_anonymous  # warms the caches
    assert statuses(member, urls) == for_member

    private_redis_cache.stop()

    assert statuses(anonymous, urls) == for_anonymous
    assert statuses(member, urls) == for_member
    assert anonymous.get("/bestaat-niet/").status_code == 404
    assert member.get("/deals/bestaat-niet/").status_code == 404
    assert "Buurtzorg Oost" in anonymous.get("/partijen/").content.decode()


def test_sign_in_works_while_redis_is_down(private_redis_cache):
    user = UserFactory(verified=True)
    private_redis_cache.stop()

    client = Client()
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/accounts/profiel/").status_code == 200


def test_failed_sign_ins_are_limited_in_the_database_while_redis_is_down(private_redis_cache):
    user = UserFactory(verified=True)
    private_redis_cache.stop()
    client = Client()

    # Per address: 5 in 5 minutes (ACCOUNT_RATE_LIMITS["login_failed"]); then even the right password waits.
    for _ in range(5):
        response = client.post("/accounts/login/", {"login": user.email, "password": "verkeerd"})
        assert response.status_code == 200 and TOO_MANY not in response.content.decode()
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert TOO_MANY in response.content.decode()
    assert "_auth_user_id" not in client.session

    # Per IP address: 10 a minute, whatever the address tried.
    for i in range(5):
        response = client.post("/accounts/login/", {"login": f"ander{i}@example.nl", "password": "verkeerd"})
        assert TOO_MANY not in response.content.decode()
    response = client.post("/accounts/login/", {"login": "nog-een@example.nl", "password": "verkeerd"})
    assert TOO_MANY in response.content.decode()
    assert RateLimitHit.objects.exists()


def test_failed_sign_ins_are_counted_by_allauth_while_redis_is_up(private_redis_cache):
    user = UserFactory(verified=True)
    for _ in range(3):
        Client().post("/accounts/login/", {"login": user.email, "password": "verkeerd"})
    assert not RateLimitHit.objects.exists()
    response = Client().post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302


def test_writes_succeed_while_redis_is_down(private_redis_cache, site_data):
    """A comment (its count is cached) and a response to a listing (the page cache, the fragments)."""
    listing = site_data["listing"]
    responder = UserFactory(verified=True)
    member_of(OrganisationFactory(name="Welzijn West"), user=responder)
    client = Client()
    client.force_login(responder)
    story = site_data["story"]
    assert client.get(story.url).status_code == 200
    private_redis_cache.stop()

    response = client.post(f"{story.url}reageren/", {"text": "Wat een mooi initiatief."})
    assert response.status_code == 302
    assert Comment.objects.filter(page=story, author=responder).exists()
    body = "Wij kunnen helpen, bel ons gerust."
    response = client.post(
        f"/marktplaats/{listing.pk}/reageren/",
        {"organisation": responder.memberships.get().organisation_id, "body": body},
    )
    assert response.status_code == 302
    assert Conversation.objects.filter(listing=listing, messages__body=body).exists()
    assert "Wat een mooi initiatief." in Client().get(story.url).content.decode()


def test_no_stale_page_when_redis_returns_with_old_data(private_redis_cache, site_data):
    """Redis hangs, a rename happens meanwhile (its version bump cannot reach Redis), Redis comes back
    with the old fragments and versions: the new name shows, not the cached old one."""
    organisation = site_data["organisation"]
    anonymous = Client()
    for url in ("/partijen/", organisation.get_absolute_url()):
        assert "Buurtzorg Oost" in anonymous.get(url).content.decode()

    private_redis_cache.pause()
    anonymous.get("/partijen/")  # times out once: the breaker opens, so the rename below reaches no Redis
    organisation.name = "Buurtzorg Oost-Noord"
    organisation.save()
    assert "Buurtzorg Oost-Noord" in anonymous.get("/partijen/").content.decode()

    private_redis_cache.resume()
    wait_for_breaker()
    for url in ("/partijen/", organisation.get_absolute_url()):
        assert "Buurtzorg Oost-Noord" in anonymous.get(url).content.decode(), url


def test_caches_work_again_after_redis_restarts(private_redis_cache, site_data):
    client = private_redis_cache.client()
    anonymous = Client()
    anonymous.get("/partijen/")
    assert client.keys("*fragment:*")

    private_redis_cache.stop()
    assert anonymous.get("/partijen/").status_code == 200
    private_redis_cache.start()  # empty, on the same port
    wait_for_breaker()

    assert anonymous.get("/partijen/").status_code == 200
    assert client.keys("*fragment:*") and client.keys("*directory:version")
    organisation = site_data["organisation"]
    organisation.name = "Buurtzorg Oost-Zuid"
    organisation.save()
    assert "Buurtzorg Oost-Zuid" in anonymous.get("/partijen/").content.decode()


def test_cache_calls_fail_soft_and_log_once(private_redis_cache, caplog):
    from django.core.cache import cache

    cache.set("a", 1)
    assert cache.get("a") == 1
    private_redis_cache.stop()
    with caplog.at_level(logging.WARNING, logger="reisgids.redis_cache"):
        for _ in range(3):
            assert cache.get("a", "missing") == "missing"
            assert cache.get_many(["a", "b"]) == {}
            assert cache.get_or_set("c", lambda: 3) == 3
            assert cache.set("a", 2) is None
            assert cache.add("d", 1) is True
            assert cache.incr("a") == 1
            assert cache.delete("a") is False
            assert cache.has_key("a") is False
            wait_for_breaker()  # each round asks Redis again
    assert len(caplog.records) == 1
    assert "Redis cache unavailable" in caplog.records[0].getMessage()


def test_a_hung_redis_costs_pages_at_most_one_timeout_per_breaker_period(private_redis, site_data):
    """With the production breaker (5 s) and timeouts, 20 page requests against a hung Redis cost less
    than 20 socket timeouts together: without the breaker every request would wait for several."""
    urls = public_urls(site_data)[:20]
    with override_settings(CACHES=cache_settings(private_redis.url, retry_after=5.0)):
        anonymous = Client()
        statuses(anonymous, urls)
        private_redis.pause()
        started = time.monotonic()
        assert set(statuses(anonymous, urls).values()) == {200}
        elapsed = time.monotonic() - started
    assert elapsed < len(urls) * DEFAULT_OPTIONS["socket_timeout"], elapsed
