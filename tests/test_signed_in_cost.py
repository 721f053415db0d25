"""The per-request cost of being signed in: the session, the user and the unread count come from
the cache on a warm request (a page whose content is cached runs at most one query, at two data
sizes), and every change that matters outdates them at once: a rename, a deactivation, a password
change, a group change, signing out and deleting the account."""

import time

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reisgids.accounts.services import account_delete
from reisgids.models import User
from reisgids.notifications.services import notification_mark_read, notifications_mark_all_read, notify
from reisgids.retention import apply_retention
from reisgids.roles import NETWORK_MANAGERS_GROUP
from reisgids.tests.factories import PASSWORD, UserFactory
from tests import test_query_bounds, test_query_bounds_deals
from tests.redis_server import RETRY_AFTER

pytestmark = pytest.mark.django_db

PROFILE = "/accounts/profiel/"


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def user_queries(captured):
    return [q["sql"] for q in captured if 'FROM "reisgids_user"' in q["sql"]]


def get_capturing(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, captured.captured_queries


@pytest.mark.parametrize("size", [10, 1000])
@pytest.mark.parametrize(
    ("url", "seed"), [("/partijen/", test_query_bounds.seed), ("/deals/", test_query_bounds_deals.seed)]
)
def test_a_signed_in_warm_cached_page_runs_at_most_one_query(django_assert_max_num_queries, size, url, seed):
    seed(size)
    client = signed_in(UserFactory())
    assert client.get(url).status_code == 200  # warms the page, the session, the user and the count
    with django_assert_max_num_queries(1):
        assert client.get(url).status_code == 200


def test_the_unread_count_and_the_notification_page_need_no_count_query_when_warm(
    django_assert_max_num_queries,
):
    user = UserFactory()
    notify(recipients=[user], subject="Welkom")
    client = signed_in(user)
    client.get("/meldingen/")
    with django_assert_max_num_queries(2):  # the page of notifications itself: its count and its rows
        assert client.get("/meldingen/").status_code == 200
    with django_assert_max_num_queries(2):  # the profile's own two: the TOTP check and the memberships
        assert client.get(PROFILE).status_code == 200


def test_a_rename_shows_at_once(client):
    user = UserFactory(first_name="Anna")
    client.force_login(user)
    assert 'value="Anna"' in client.get(PROFILE).content.decode()
    # another request (e.g. an edit in /beheer/) saves the user:
    other = User.objects.get(pk=user.pk)
    other.first_name = "Bea"
    other.save()
    page = client.get(PROFILE).content.decode()
    assert 'value="Bea"' in page
    assert 'value="Anna"' not in page


def test_an_unchanged_user_is_not_loaded_again():
    client = signed_in(UserFactory())
    client.get(PROFILE)
    _response, captured = get_capturing(client, PROFILE)
    assert user_queries(captured) == []


def test_a_deactivated_user_is_signed_out_at_the_next_request():
    user = UserFactory()
    client = signed_in(user)
    assert client.get(PROFILE).status_code == 200
    user.is_active = False
    user.save(update_fields=["is_active"])
    response = client.get(PROFILE)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_password_change_signs_out_the_other_sessions_but_not_this_one():
    user = UserFactory(verified=True)
    here, elsewhere = Client(), Client()
    for client in (here, elsewhere):
        assert client.post("/accounts/login/", {"login": user.email, "password": PASSWORD}).status_code == 302
        assert client.get(PROFILE).status_code == 200  # both warm
    new = "Een-nieuw-wachtwoord-77"
    response = here.post(
        reverse("account_change_password"), {"oldpassword": PASSWORD, "password1": new, "password2": new}
    )
    assert response.status_code == 302
    assert here.get(PROFILE).status_code == 200
    assert elsewhere.get(PROFILE).status_code == 302


def test_a_password_set_outside_the_request_signs_out_every_session():
    user = UserFactory()
    client = signed_in(user)
    assert client.get(PROFILE).status_code == 200
    user.set_password("Nog-een-ander-wachtwoord-5")
    user.save()
    assert client.get(PROFILE).status_code == 302


@pytest.mark.parametrize("side", ["user", "group", "group-clear", "group-delete"])
def test_a_group_change_takes_effect_at_once(side):
    user = UserFactory()
    group, _created = Group.objects.get_or_create(name=NETWORK_MANAGERS_GROUP)
    client = signed_in(user)
    client.get(PROFILE)
    if side == "user":
        user.groups.add(group)
    else:
        group.user_set.add(user)
    response, captured = get_capturing(client, PROFILE)
    assert response.wsgi_request.user.groups.filter(name=NETWORK_MANAGERS_GROUP).exists()
    assert len(user_queries(captured)) == 1  # the cached user was outdated and loaded afresh
    if side == "user":
        user.groups.remove(group)
    elif side == "group":
        group.user_set.remove(user)
    elif side == "group-clear":
        group.user_set.clear()
    else:
        Group.objects.filter(pk=group.pk).delete()
    response, captured = get_capturing(client, PROFILE)
    assert not response.wsgi_request.user.groups.filter(name=NETWORK_MANAGERS_GROUP).exists()
    assert len(user_queries(captured)) == 1


def test_signing_out_ends_the_session_and_forgets_the_user():
    user = UserFactory()
    client = signed_in(user)
    client.get(PROFILE)
    cookie = client.cookies["sessionid"].value
    assert client.post(reverse("account_logout")).status_code == 302
    assert client.get(PROFILE).status_code == 302
    stolen = Client()
    stolen.cookies["sessionid"] = cookie  # the old cookie is no session any more, also not in the cache
    assert stolen.get(PROFILE).status_code == 302
    _response, captured = get_capturing(signed_in(user), PROFILE)
    assert len(user_queries(captured)) == 1


def test_a_deleted_account_is_signed_out_at_once():
    user = UserFactory()
    client = signed_in(user)
    assert client.get(PROFILE).status_code == 200
    account_delete(user=user, actor=user)
    assert client.get(PROFILE).status_code == 302


def test_a_removed_user_row_is_signed_out_at_once():
    user = UserFactory()
    client = signed_in(user)
    assert client.get(PROFILE).status_code == 200
    User.objects.filter(pk=user.pk).delete()
    assert client.get(PROFILE).status_code == 302


def badge(client):
    response = client.get("/deals/")
    return response.context["notifications_unread"]


def test_the_unread_count_follows_every_notification_service():
    user = UserFactory()
    client = signed_in(user)
    assert badge(client) == 0
    first, *_rest = notify(recipients=[user], subject="Een")
    notify(recipients=[user], subject="Twee")
    assert badge(client) == 2
    notification_mark_read(user=user, notification_id=first.pk)
    assert badge(client) == 1
    notifications_mark_all_read(user=user)
    assert badge(client) == 0
    notify(recipients=[user], subject="Drie")
    assert badge(client) == 1
    deleted = apply_retention(now=first.created_at.replace(year=first.created_at.year + 5))
    assert deleted["read_notifications"] + deleted["notifications"] == 3
    assert badge(client) == 0


def test_the_unread_count_shows_in_the_header_at_once():
    user = UserFactory()
    client = signed_in(user)
    assert "reisgids-badge" not in client.get("/partijen/").content.decode()
    notify(recipients=[user], subject="Welkom")
    assert '<span class="reisgids-badge">1<' in client.get("/partijen/").content.decode()


def test_while_redis_is_down_sessions_work_and_no_stale_session_or_user_returns_with_it(private_redis_cache):
    """Redis hangs (its data kept): the session and the user are read from the database; a sign-out
    and a rename made meanwhile are not undone when Redis answers again with what it held."""
    user = UserFactory(first_name="Anna")
    client = signed_in(user)
    assert client.get(PROFILE).status_code == 200  # session and user are in Redis now
    cookie = client.cookies["sessionid"].value
    private_redis_cache.pause()
    try:
        assert 'value="Anna"' in client.get(PROFILE).content.decode()
        user.first_name = "Bea"
        user.save()
        assert 'value="Bea"' in client.get(PROFILE).content.decode()
        assert client.post(reverse("account_logout")).status_code == 302
    finally:
        private_redis_cache.resume()
    time.sleep(RETRY_AFTER + 0.1)  # the circuit breaker lets the next call try Redis again
    stolen = Client()
    stolen.cookies["sessionid"] = cookie
    assert stolen.get(PROFILE).status_code == 302
    assert 'value="Bea"' in signed_in(user).get(PROFILE).content.decode()
