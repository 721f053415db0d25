#!/usr/bin/env python
"""Requests per second under gunicorn: anonymous pages against the same pages signed in.

Not a test: it prints one JSON document with figures for a report (issue 11: signed-in ``/deals/``
and a partner's deal page should serve at least half the requests per second of the anonymous pages).

1. The data: the bench's database, seeded at ``--scale`` organisations with the bench's users
   (``manage.py bench --keepdb``, which leaves ``reisgids_bench[_<PYTEST_DB_SUFFIX>]`` behind with
   the bulk rows of the large scale; skipped with ``--reuse`` when it is there already).
2. The static files collected once into ``var/rps-static`` (gunicorn runs with DEBUG off, as in
   production: whitenoise serves the manifest's files).
3. gunicorn with ``--workers`` (2) sync workers on a free port, on that database and the Redis of
   ``REDIS_URL`` (its own key prefix).
4. A session per signed-in audience (the bench's member, and its partner: beheerder of an
   organisation that is partner in the deal measured), made with the configured session engine.
5. Per page and audience: ``--concurrency`` threads (4) that request the page over and over for
   ``--duration`` seconds (after a warm-up of one second) with ``http.client`` from the standard
   library (no load tool to install); it reports requests per second, the median and p95 latency,
   and the ratio to the same page anonymous (or, for the partner's deal page, to the deal page
   anonymous). Every response must be a 200.

Run it with ``make rps`` (the Makefile's test environment: PostgreSQL and Redis on this machine), e.g.
``make rps RPS_ARGS="--scale 2000 --duration 10"``. The load generator shares the machine's cores with
gunicorn, as in the issue's measurement; compare figures of one run only.
"""

import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
STATIC_ROOT = ROOT / "var" / "rps-static"

# (name, path, audiences); the deal is the bench's (deals/bench.py PARAMS), a partner's deal page
# for the partner and a non-partner's for the member.
PAGES = [
    ("deal_list", "/deals/", ("anonymous", "member", "partner")),
    ("deal_detail", "/deals/bulk-deal-000000/", ("anonymous", "member", "partner")),
    ("organisation_list", "/partijen/", ("anonymous", "member")),
    ("listing_list", "/marktplaats/", ("anonymous", "member")),
    ("home", "/", ("anonymous", "member")),
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_database_url():
    """DATABASE_URL with the bench's database name in it."""
    url = urlsplit(os.environ["DATABASE_URL"])
    suffix = os.environ.get("PYTEST_DB_SUFFIX")
    name = f"reisgids_bench_{suffix}" if suffix else "reisgids_bench"
    return urlunsplit(url._replace(path=f"/{name}"))


def manage(*args, env=None, capture=False):
    return subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env or os.environ,
        check=True,
        text=True,
        stdout=subprocess.PIPE if capture else None,
    )


def seed(scale):
    print(f"Seeding the bench database at {scale} organisations (manage.py bench --keepdb)…", file=sys.stderr)
    # The small scale must hold the three bulk organisations the deals' bulk seed needs.
    manage(
        "bench", "--keepdb", "--small", "10", "--large", str(scale), "--requests", "1", "--warmup", "1",
        "--pages", "deal_list", env=os.environ, capture=True,
    )  # fmt: skip


SESSIONS = """
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.conf import settings
from importlib import import_module
from reisgids.management.commands.bench import BENCH_USERS
from reisgids.models import User

store = import_module(settings.SESSION_ENGINE).SessionStore
keys = {}
for audience, email in BENCH_USERS.items():
    user = User.objects.get(email=email)
    session = store()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    keys[audience] = session.session_key
print(json.dumps({"cookie": settings.SESSION_COOKIE_NAME, "keys": keys}))
"""


def sessions(env):
    output = manage("shell", "-c", SESSIONS, env=env, capture=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def collect_static(env):
    if (STATIC_ROOT / "staticfiles.json").exists():
        return
    print("Collecting the static files once (var/rps-static)…", file=sys.stderr)
    manage("collectstatic", "--noinput", "-v", "0", env=env)


def start_gunicorn(env, port, workers):
    gunicorn = shutil.which("gunicorn", path=str(Path(PYTHON).parent)) or "gunicorn"
    process = subprocess.Popen(
        [gunicorn, "reisgids.wsgi:application", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            status, _ = fetch(port, "/", {})
            if status == 200:
                return process
        except OSError:
            time.sleep(0.2)
    stop(process)
    raise SystemExit("gunicorn did not answer within 30 s")


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def fetch(port, path, headers):
    """One request on a new connection (gunicorn's sync workers close every connection)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
        return response.status, body
    finally:
        connection.close()


def load(port, path, headers, *, concurrency, duration, warmup=1.0):
    """Requests per second of ``concurrency`` threads fetching ``path`` for ``duration`` seconds."""
    stop_at = [0.0]
    latencies, failures = [], []
    lock = threading.Lock()
    start_timing = threading.Event()

    def worker():
        mine, bad = [], 0
        while True:
            started = time.perf_counter()
            if started >= stop_at[0] and start_timing.is_set():
                break
            status, _body = fetch(port, path, headers)
            if start_timing.is_set():
                mine.append(time.perf_counter() - started)
                bad += status != 200
        with lock:
            latencies.extend(mine)
            failures.append(bad)

    stop_at[0] = float("inf")
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    time.sleep(warmup)
    began = time.perf_counter()
    stop_at[0] = began + duration
    start_timing.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    ordered = sorted(latencies)
    return {
        "requests": len(latencies),
        "rps": round(len(latencies) / elapsed, 1),
        "median_ms": round(statistics.median(ordered) * 1000, 2) if ordered else None,
        "p95_ms": round(ordered[max(0, int(0.95 * len(ordered)) - 1)] * 1000, 2) if ordered else None,
        "non_200": sum(failures),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=2000, help="Bulk organisations (2,000).")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2).")
    parser.add_argument("--concurrency", type=int, default=4, help="Client threads (4).")
    parser.add_argument("--duration", type=float, default=10.0, help="Seconds per page and audience (10).")
    parser.add_argument("--reuse", action="store_true", help="Use the bench database as it is (no seeding).")
    options = parser.parse_args()

    if not options.reuse:
        seed(options.scale)
    env = {
        **os.environ,
        "DATABASE_URL": bench_database_url(),
        "DEBUG": "false",
        "STATIC_ROOT": str(STATIC_ROOT),
        "CACHE_KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "reisgids") + "-rps",
    }
    collect_static(env)
    session = sessions(env)
    port = free_port()
    process = start_gunicorn(env, port, options.workers)
    results = {}
    try:
        for name, path, audiences in PAGES:
            for audience in audiences:
                headers = {}
                if audience != "anonymous":
                    headers["Cookie"] = f"{session['cookie']}={session['keys'][audience]}"
                status, body = fetch(port, path, headers)
                if status != 200:
                    raise SystemExit(f"{path} ({audience}) answered {status}")
                figures = load(
                    port, path, headers, concurrency=options.concurrency, duration=options.duration
                )
                results.setdefault(name, {"path": path})[audience] = figures
                print(f"  {path} ({audience}): {figures['rps']} requests/s", file=sys.stderr)
    finally:
        stop(process)
    for entry in results.values():
        anonymous = entry["anonymous"]["rps"]
        for audience in ("member", "partner"):
            if audience in entry:
                entry[audience]["vs_anonymous"] = round(entry[audience]["rps"] / anonymous, 2)
    report = {
        "generated_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "scale": options.scale,
        "workers": options.workers,
        "concurrency": options.concurrency,
        "duration_s": options.duration,
        "cpus": os.cpu_count(),
        "pages": results,
        "signed_in_at_least_half": all(
            results[name][audience]["vs_anonymous"] >= 0.5
            for name in ("deal_list", "deal_detail")
            for audience in ("member", "partner")
        ),
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
