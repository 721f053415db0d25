"""Behind the README's TLS proxy every request comes from the proxy's address: the login rate limits
must count per client (X-Forwarded-For, as far as our own proxies vouch for it), not per proxy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from reisgids.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[3]
LOCKED = "Te veel mislukte inlogpogingen"
PROXY = "10.0.0.2"  # the address every request comes from (REMOTE_ADDR)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Eleven logins a test, each hashing a password: the hasher's cost is not what is tested here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def bad_logins(forwarded_for, count=10):
    """``count`` failed logins for different accounts (so only the per-address limit applies)."""
    client = Client(REMOTE_ADDR=PROXY)
    for number in range(count):
        response = client.post(
            "/accounts/login/",
            {"login": f"iemand{number}@example.org", "password": "verkeerd"},
            HTTP_X_FORWARDED_FOR=forwarded_for(number),
        )
        assert LOCKED not in response.content.decode()


def login(user, forwarded_for):
    return Client(REMOTE_ADDR=PROXY).post(
        "/accounts/login/", {"login": user.email, "password": PASSWORD}, HTTP_X_FORWARDED_FOR=forwarded_for
    )


def test_behind_one_trusted_proxy_bad_logins_lock_out_that_client_only(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    user = UserFactory(verified=True)
    # The proxy appends the address it saw; what the client wrote before it is not trusted.
    bad_logins(lambda number: f"198.51.100.{number}, 203.0.113.10")
    locked = login(user, "203.0.113.10")
    assert locked.status_code == 200
    assert LOCKED in locked.content.decode()
    other = login(user, "203.0.113.20")
    assert other.status_code == 302
    assert other.wsgi_request.user.is_authenticated


def test_without_a_trusted_proxy_a_spoofed_forwarded_for_does_not_escape_the_limit(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    user = UserFactory(verified=True)
    bad_logins(lambda number: f"203.0.113.{number}")
    response = login(user, "203.0.113.99")
    assert LOCKED in response.content.decode()


def test_a_trusted_client_ip_header_names_the_client(settings):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    user = UserFactory(verified=True)
    client = Client(REMOTE_ADDR=PROXY)
    for number in range(10):
        client.post(
            "/accounts/login/",
            {"login": f"iemand{number}@example.org", "password": "verkeerd"},
            HTTP_X_REAL_IP="203.0.113.10",
        )
    locked = client.post(
        "/accounts/login/", {"login": user.email, "password": PASSWORD}, HTTP_X_REAL_IP="203.0.113.10"
    )
    assert LOCKED in locked.content.decode()
    other = Client(REMOTE_ADDR=PROXY).post(
        "/accounts/login/", {"login": user.email, "password": PASSWORD}, HTTP_X_REAL_IP="203.0.113.20"
    )
    assert other.status_code == 302


def test_the_proxy_settings_come_from_the_environment():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.ALLAUTH_TRUSTED_PROXY_COUNT, settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER)"
    )
    base = {key: value for key, value in os.environ.items() if not key.startswith("TRUSTED_")}
    base.update(DJANGO_SETTINGS_MODULE="reisgids.settings")

    def read(**env):
        result = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, env={**base, **env}, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.split()

    assert read() == ["0", "None"]
    assert read(TRUSTED_PROXY_COUNT="1", TRUSTED_CLIENT_IP_HEADER="X-Real-IP") == ["1", "X-Real-IP"]
