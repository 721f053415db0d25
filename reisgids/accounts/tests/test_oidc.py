"""Municipal single sign-on: with OIDC_* in the environment, the login page shows the button."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(settings.BASE_DIR)
SCRIPT = """
from django.test import Client
html = Client().get("/accounts/login/").content.decode()
print("BUTTON" if "Inloggen met Rotterdam-account" in html else "NO BUTTON")
print("HREF" if "/accounts/oidc/gemeente/login/" in html else "NO HREF")
"""


def run_login_page(**extra_env):
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "ALLOWED_HOSTS": "testserver",
        "SECRET_KEY": "x",
        "DEBUG": "true",  # static files without a collectstatic manifest
        **extra_env,
    }
    for key in [k for k in env if k.startswith("OIDC_") and k not in extra_env]:
        del env[key]
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_login_page_shows_the_gemeente_button_when_oidc_is_configured():
    out = run_login_page(
        OIDC_SERVER_URL="https://login.rotterdam.example/realms/medewerkers",
        OIDC_CLIENT_ID="reisgids",
        OIDC_CLIENT_SECRET="geheim",
        OIDC_NAME="Inloggen met Rotterdam-account",
    )
    assert "BUTTON" in out.split() and "HREF" in out.split()


def test_login_page_has_no_sso_button_without_oidc():
    out = run_login_page()
    assert "NO BUTTON" in out and "NO HREF" in out
