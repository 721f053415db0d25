"""Headers on every response (reisgids.middleware.PrivacyHeadersMiddleware): Permissions-Policy, and
``Cache-Control: private, no-store`` on what belongs to one person, never on anonymous public pages."""

import pytest
from django.test import Client

from reisgids.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def cache_control(response):
    return {part.strip() for part in response.headers.get("Cache-Control", "").split(",") if part.strip()}


def assert_permissions_policy(response):
    policy = response.headers["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"):
        assert f"{feature}=()" in policy


@pytest.fixture
def member_client():
    client = Client()
    client.force_login(UserFactory(verified=True))
    return client


def test_anonymous_public_pages_are_not_marked_private_and_stay_in_the_page_cache(
    client, django_assert_num_queries
):
    for path in ["/", "/privacy/", "/partijen/", "/deals/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_permissions_policy(response)
        assert not {"private", "no-store"} & cache_control(response), path
    with django_assert_num_queries(0):  # the home page comes from the anonymous page cache
        kept = client.get("/")
    assert kept.status_code == 200
    assert_permissions_policy(kept)
    assert not {"private", "no-store"} & cache_control(kept)


def test_pages_for_a_signed_in_user_are_private_and_not_stored(member_client):
    for path in ["/", "/privacy/", "/partijen/", "/meldingen/", "/accounts/profiel/"]:
        response = member_client.get(path)
        assert response.status_code == 200, path
        assert_permissions_policy(response)
        assert {"private", "no-store"} <= cache_control(response), path


def test_account_pages_and_form_answers_are_private_for_anonymous_visitors_too(client):
    for path in ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_permissions_policy(response)
        assert {"private", "no-store"} <= cache_control(response), path
    response = client.get("/en/accounts/login/")
    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_control(response)


def test_a_response_with_its_own_cache_control_keeps_it(client):
    response = client.get("/favicon.ico")  # whitenoise, before authentication
    assert_permissions_policy(response)
    assert "no-store" not in cache_control(response)
    assert "max-age" in response.headers["Cache-Control"]
