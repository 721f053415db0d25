#!/usr/bin/env python
"""Smoke test of the run command's set-up on a fresh SQLite database, as a newcomer gets it from
`make run`: migrate, createcachetable, seed the demo data (twice: it must be idempotent), start the
development server, then fetch the main pages and the stylesheet over HTTP and expect 200."""

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = [
    "/",
    "/partijen/",
    "/partijen/logeerhuis-de-buren/",
    "/aanspreekpunten/",
    "/aanspreekpunten/?q=mantelzorg",
    "/instrumenten/",
    "/instrumenten/citylab010/",
    "/deals/",
    "/toegankelijkheid/",
    "/privacy/",
    "/accounts/login/",
    "/accounts/signup/",
]
# Settings a developer's shell (or `make test`) may have set; `make run` works without any of them.
SETTINGS_VARIABLES = {
    "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "CACHE_KEY_PREFIX", "EMAIL_URL",
    "SITE_URL", "CSRF_TRUSTED_ORIGINS", "MEDIA_ROOT", "SECURE_PROXY", "OIDC_SERVER_URL",
}  # fmt: skip


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, ""


def wait_for(url, server, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"smoke: the development server stopped (exit code {server.returncode})")
        try:
            urllib.request.urlopen(url, timeout=5)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"smoke: no answer from {url} after {seconds} s")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        env = {key: value for key, value in os.environ.items() if key not in SETTINGS_VARIABLES}
        env.update(DEBUG="true", DATABASE_URL=f"sqlite:///{tmp}/smoke.sqlite3", MEDIA_ROOT=f"{tmp}/media")
        manage = [sys.executable, "manage.py"]
        for command in (["migrate", "--noinput", "-v0"], ["createcachetable"], ["seed_demo"], ["seed_demo"]):
            result = subprocess.run(
                manage + command, cwd=ROOT, env=env, check=True, capture_output=True, text=True
            )
            if command[0] == "seed_demo":
                print(f"smoke: seed_demo: {result.stdout.splitlines()[0]}")
        if "0 created, 0 updated" not in result.stdout:
            sys.exit("smoke: the second seed_demo changed data; it must be idempotent")

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            manage + ["runserver", f"127.0.0.1:{port}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            wait_for(base + "/", server)
            failures = []
            for path in PAGES:
                status, html = fetch(base + path)
                print(f"smoke: {status} {path}")
                if status != 200:
                    failures.append(path)
                if path == "/":
                    stylesheets = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html)
                    if not stylesheets:
                        failures.append("/ links no stylesheet")
                    for href in stylesheets:
                        status, _ = fetch(base + href)
                        print(f"smoke: {status} {href}")
                        if status != 200:
                            failures.append(href)
        finally:
            server.terminate()
            server.wait(timeout=30)
        if failures:
            sys.exit(f"smoke: failed: {', '.join(failures)}")
    print("smoke: the run command's set-up works on SQLite")


if __name__ == "__main__":
    main()
