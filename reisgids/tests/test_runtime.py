"""What a newcomer sees when running the platform: each log line once, a favicon."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EMIT = """
import logging
import django

django.setup()
logging.getLogger("django.request").warning("marker-request")
logging.getLogger("django.utils.autoreload").info("marker-info")
logging.getLogger("reisgids.example").warning("marker-app")
logging.getLogger("django.server").info("marker-server")
"""


@pytest.mark.parametrize("debug", ["true", "false"])
def test_every_log_line_is_printed_once(debug):
    """Django's "django" logger had a console handler of its own and propagated to the root's:
    with DEBUG on (runserver) every warning, e.g. "Not Found: /favicon.ico", came out twice."""
    env = {key: value for key, value in os.environ.items() if key not in {"LOG_LEVEL"}}
    env.update(DJANGO_SETTINGS_MODULE="reisgids.settings", DEBUG=debug, SECRET_KEY="x")
    result = subprocess.run(
        [sys.executable, "-c", EMIT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    for marker in ("marker-request", "marker-info", "marker-app", "marker-server"):
        assert sum(marker in line for line in lines) == 1, result.stderr
    # runserver's request lines keep Django's own format: "[date] message".
    server_line = next(line for line in lines if "marker-server" in line)
    assert server_line.startswith("[")


def test_favicon_is_served_at_the_root(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert content[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert response["Content-Type"] in {"image/x-icon", "image/vnd.microsoft.icon"}


@pytest.mark.django_db
def test_pages_link_their_icons(client):
    html = client.get("/accounts/login/").content.decode()
    assert '<link rel="icon" href="/favicon.ico"' in html
    assert 'type="image/svg+xml"' in html
