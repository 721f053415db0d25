"""Uploads in production: with DEBUG off the app serves the public ones itself (reisgids/media.py),
tested on a real gunicorn process with production settings; object storage is chosen by environment."""

import http.client
import io
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from PIL import Image

from reisgids.tests.factories import OrganisationFactory

ROOT = Path(__file__).resolve().parents[2]


def png_bytes():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (0, 129, 31)).save(buffer, format="PNG")
    return buffer.getvalue()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(media_root, static_root):
    """The environment of the docker compose web service, pointed at this test run's database."""
    db = settings.DATABASES["default"]
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_", "AWS_", "MEDIA_"))
    }
    env.update(
        DEBUG="false",
        SECRET_KEY="a-long-random-production-like-secret",
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}",
        MEDIA_ROOT=str(media_root),
        STATIC_ROOT=str(static_root),
    )
    return env


def get(port, path):
    """A raw GET: the path goes to the server exactly as written (no client-side normalising)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


@pytest.fixture
def gunicorn(tmp_path):
    """gunicorn as in docker-compose.yml (static files collected as the image build does: into the
    compressed manifest storage of production settings, which fails on a broken url() in CSS)."""
    env = production_env(settings.MEDIA_ROOT, tmp_path / "static")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "reisgids.wsgi:application"]
        + ["--bind", f"127.0.0.1:{port}", "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, "gunicorn stopped"
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
        yield port, tmp_path / "static"
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.django_db
def test_an_uploaded_logo_is_served_in_production(gunicorn):
    gunicorn, static_root = gunicorn
    assert (static_root / "staticfiles.json").exists()
    [stylesheet] = (static_root / "css").glob("reisgids.*.css")
    # compressed as whitenoise serves it, but source maps (only developer tools fetch them) are not
    assert (static_root / "css" / f"{stylesheet.name}.br").exists()
    assert list(static_root.rglob("*.map"))
    assert not list(static_root.rglob("*.map.br")) and not list(static_root.rglob("*.map.gz"))
    response, body = get(gunicorn, f"/static/css/{stylesheet.name}")
    assert response.status == 200
    assert body == stylesheet.read_bytes()

    image = png_bytes()
    organisation = OrganisationFactory(logo=ContentFile(image, name="logo.png"))
    assert organisation.logo.url.startswith("/media/logos/")

    response, body = get(gunicorn, organisation.logo.url)
    assert response.status == 200
    assert body == image
    assert response.getheader("Content-Type") == "image/png"
    assert response.getheader("X-Content-Type-Options") == "nosniff"
    assert response.getheader("Cache-Control") == "public, max-age=86400"

    # Wagtail's documents keep going through /documenten/ (their collection's privacy applies).
    documents = Path(settings.MEDIA_ROOT) / "documents"
    documents.mkdir(parents=True)
    (documents / "private.pdf").write_bytes(b"%PDF-1.4")
    secret = Path(settings.MEDIA_ROOT).parent / "secret.txt"
    secret.write_text("not-for-the-web-7f3a")
    for path in [
        "/media/documents/private.pdf",
        "/media/logos/../../secret.txt",
        "/media/logos/%2e%2e/%2e%2e/secret.txt",
        "/media/logos/..%2f..%2fsecret.txt",
        "/media/logos/./logo.png",
        "/media/logos//logo.png",
        "/media/logos/",
        "/media/logos",
        "/media/logos/missing.png",
    ]:
        response, body = get(gunicorn, path)
        assert response.status == 404, path
        assert b"not-for-the-web-7f3a" not in body, path
    # A control character never reaches the view: the site's 400 page (InputBoundsMiddleware).
    response, body = get(gunicorn, "/media/%00")
    assert response.status == 400


@pytest.mark.django_db
def test_public_media_is_served_by_the_test_client_too(client):
    organisation = OrganisationFactory(logo=ContentFile(png_bytes(), name="logo.png"))
    response = client.get(organisation.logo.url)
    assert response.status_code == 200
    assert client.get("/media/logos/").status_code == 404


def test_s3_settings_select_the_object_storage_backend():
    code = (
        "import django; django.setup(); from django.core.files.storage import storages; "
        "from django.conf import settings; from django.urls import get_resolver; s = storages['default']; "
        "print(type(s).__module__ + '.' + type(s).__name__); print(s.bucket_name); print(s.endpoint_url); "
        "print(s.url('logos/logo.png')); print(settings.WAGTAILDOCS_SERVE_METHOD); "
        "print(any(getattr(p, 'name', '') == 'media' for p in get_resolver().url_patterns))"
    )
    env = {key: value for key, value in os.environ.items() if not key.startswith(("AWS_", "MEDIA_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="reisgids.settings",
        AWS_STORAGE_BUCKET_NAME="reisgids-media",
        AWS_S3_ENDPOINT_URL="http://127.0.0.1:9",  # nothing listens: no network is used
        AWS_S3_REGION_NAME="nl-ams",
        AWS_ACCESS_KEY_ID="test-key",
        AWS_SECRET_ACCESS_KEY="test-secret",
        AWS_S3_CUSTOM_DOMAIN="media.reisgids.example.nl",
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    backend, bucket, endpoint, url, serve_method, media_routed = result.stdout.split()
    assert backend == "storages.backends.s3.S3Storage"
    assert bucket == "reisgids-media"
    assert endpoint == "http://127.0.0.1:9"
    assert url == "https://media.reisgids.example.nl/logos/logo.png"
    assert serve_method == "serve_view"
    assert media_routed == "False"  # the app does not serve /media/ itself then

    local = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; "
         "print(settings.STORAGES['default']['BACKEND'], settings.MEDIA_STORAGE)"],
        cwd=ROOT,
        env={key: value for key, value in env.items() if not key.startswith("AWS_")},
        capture_output=True,
        text=True,
        timeout=60,
    )  # fmt: skip
    assert local.stdout.split() == ["django.core.files.storage.FileSystemStorage", "local"], local.stderr
