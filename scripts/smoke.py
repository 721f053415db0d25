#!/usr/bin/env python
"""Smoke test of the README's run command on a fresh clone, exactly as a newcomer gets it.

1. ``git clone`` this checkout into a temporary folder. What is tested is what a clone would hold if
   the working tree were committed now: the clone checks out HEAD, then the uncommitted changes to
   tracked files (staged or not, and new files that were ``git add``-ed) are applied to it with
   ``git diff HEAD --binary``. Untracked files are left out, as a clone would not have them.
2. Link the clone's ``.venv`` to this checkout's virtualenv, so nothing is downloaded again: the
   Makefile's ``install`` runs pip only when the virtualenv has no marker for this ``pyproject.toml``
   (on a truly fresh clone there is no ``.venv``, so it creates one and installs).
3. Run ``make run`` in the clone with every setting variable removed from the environment (so the
   defaults apply: DEBUG on, SQLite under the clone's ``var/``, uploads in ``var/media``), serving on a
   free port (``RUN_ADDR``), then fetch the main pages and the stylesheet over HTTP and expect 200.
4. Stop the server and run ``seed_demo`` again in the clone: it must change nothing (idempotent).
"""

import os
import re
import signal
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
    "/favicon.ico",
]
# Settings a developer's shell (or `make test`) may have set; `make run` works without any of them.
# The make variables of a calling make are dropped too: the clone's make starts like one typed by hand.
CLEARED_VARIABLES = {
    "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "DATABASE_URL", "TEST_DATABASE_URL", "REDIS_URL",
    "CACHE_KEY_PREFIX", "EMAIL_URL", "DEFAULT_FROM_EMAIL", "SITE_URL", "CSRF_TRUSTED_ORIGINS", "MEDIA_ROOT",
    "MEDIA_STORAGE", "AWS_STORAGE_BUCKET_NAME", "SECURE_PROXY", "TRUSTED_PROXY_COUNT",
    "TRUSTED_CLIENT_IP_HEADER", "OIDC_SERVER_URL", "LOG_LEVEL", "CONN_MAX_AGE", "DJANGO_SETTINGS_MODULE",
    "MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "RUN_ADDR",
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


def git(*args, **kwargs):
    return subprocess.run(["git", *args], check=True, capture_output=True, **kwargs).stdout


def fresh_clone(target):
    """A clone of HEAD with the working tree's changes to tracked files applied (see the docstring)."""
    head = git("rev-parse", "HEAD", cwd=ROOT, text=True).strip()
    git("clone", "--quiet", "--no-checkout", str(ROOT), str(target))
    git("checkout", "--quiet", "--detach", head, cwd=target)
    changes = git("diff", "HEAD", "--binary", cwd=ROOT)
    if changes:
        subprocess.run(["git", "apply", "--whitespace=nowarn"], cwd=target, input=changes, check=True)
        print("smoke: uncommitted changes to tracked files applied to the clone")
    (target / ".venv").symlink_to((ROOT / ".venv").resolve())


def wait_for(url, server, log, seconds=600):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"smoke: `make run` stopped (exit code {server.returncode}):\n{log.read_text()[-4000:]}")
        try:
            urllib.request.urlopen(url, timeout=5)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"smoke: no answer from {url} after {seconds} s:\n{log.read_text()[-4000:]}")


def stop(server):
    """Stop `make run` and the development server it started (its own process group)."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def check_pages(base):
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
    return failures


def main():
    with tempfile.TemporaryDirectory(prefix="reisgids-smoke-") as tmp:
        clone = Path(tmp) / "reisgids"
        fresh_clone(clone)
        env = {key: value for key, value in os.environ.items() if key not in CLEARED_VARIABLES}
        installed = subprocess.run(["make", "--question", "install"], cwd=clone, env=env)
        if installed.returncode != 0:
            sys.exit("smoke: .venv is not installed for this pyproject.toml; run `make install` first")
        port = free_port()
        log = Path(tmp) / "make-run.log"
        with log.open("wb") as output:
            server = subprocess.Popen(
                ["make", "run", f"RUN_ADDR=127.0.0.1:{port}"],
                cwd=clone,
                env=env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            try:
                wait_for(f"http://127.0.0.1:{port}/", server, log)
                failures = check_pages(f"http://127.0.0.1:{port}")
            finally:
                stop(server)
        if "pip install" in log.read_text():
            failures.append("`make run` reinstalled the dependencies although they were installed")
        if not (clone / "var" / "reisgids.sqlite3").is_file():
            failures.append("the SQLite database is not at its default path var/reisgids.sqlite3")
        again = subprocess.run(
            [".venv/bin/python", "manage.py", "seed_demo"],
            cwd=clone,
            env={**env, "DEBUG": "true"},
            capture_output=True,
            text=True,
        )
        print(f"smoke: seed_demo again: {again.stdout.strip().splitlines()[:1]}")
        if again.returncode != 0 or "0 created, 0 updated" not in again.stdout:
            failures.append(f"a second seed_demo failed or changed data\n{again.stderr}")
        if failures:
            sys.exit(f"smoke: failed: {', '.join(failures)}")
    print("smoke: `make run` works on a fresh clone")


if __name__ == "__main__":
    main()
