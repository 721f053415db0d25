"""``manage.py bench``: request timings of the main pages at a small and a large data size, as one
JSON document on standard output (progress goes to standard error).

The bench never touches your database: it creates its own (``reisgids_bench`` on PostgreSQL, in
memory on SQLite) with Django's test-database machinery, migrates it, loads the demo data, adds
synthetic data with ``seed_bulk`` and drops the database afterwards (``--keepdb`` keeps it).

Each page is requested in-process with Django's test client through the full middleware stack:
a warm-up, then ``--requests`` timed requests (median and p95 in ms) as served, with the
caches warm (``reisgids.caching``); then as many "cold" requests with the caches invalidated
before each one (``cold_median_ms``: every query and all rendering); then one cold request with
its queries captured. Next to every page the "floor" is measured: a view without queries or
templates that returns a response of the same size (``reisgids.bench_urls``), requested anonymously
for every audience (the session and user lookups of a signed-in request count against the page).
The warm requests of all pages and their floors are taken in interleaved rounds (``ROUNDS``), and so
are the cold ones afterwards, so a passing burst of load on the machine does not land on one page
only. Every page is reported as a ratio to its floor, and the large-scale median as a ratio to the
small-scale one.

Every page is measured for each audience in AUDIENCES: anonymous, and signed in (``force_login``,
sessions in the bench database) as a member without an organisation ("member") and as a beheerder of
the bulk organisation that is partner in at least ``PARTNER_DEALS`` deals ("partner"; the deals
app's bench module makes it so). The deal page measured for "member" is a deal page as a non-partner,
for "partner" a partner's deal page. Pages only a signed-in user has (``/meldingen/``, the profile)
are measured for the signed-in audiences only. Each signed-in user has ``NOTIFICATIONS`` notifications.

Each scale is measured in a new Python process (``manage.py bench --measure``, on the bench
database), as a web server's worker serves the data: the process that seeded 10,000 organisations
carries their objects in its heap, and ran even the floor (a view that reads nothing) 15–70 % slower
than at the small scale, a slowdown users never see. The two processes take turns step by step
(the warm-up, each round, the queries; ``measure_interleaved``): the small scale's database is kept
as a copy while the large one is seeded, and both are measured afterwards, so a machine whose speed
drifts over the minutes of a run slows both scales alike (measured one after the other, the large
scale's floor was 1.3 times the small one's). Each process has a cache key prefix of its own, so it
never serves what the other scale cached. Inside a test's transaction (``--in-place`` in a test),
where another process cannot see the rows, both scales are measured in-process.

The targets (``targets``; ``targets_hold`` is true when every one holds) are checked per page and
audience, at the large scale: see ``_targets``. ``targets_by_page`` says per page and audience
whether all its targets hold.

To add a page: add a line to PAGES. To add a target: add the page name to TARGET_PAGES (the
anonymous warm targets; every page gets the signed-in and cold ones). List pages, held to a lower
signed-in limit, are named in LIST_PAGES.

Other apps add their own pages without the core importing them: an installed app with a module
``bench`` (e.g. ``deals/bench.py``) is found like ``seed_demo`` finds ``demo`` modules. That module
has ``PAGES`` (a list of ``(name, path)``), ``PARAMS`` (values for the path placeholders),
``TARGET_PAGES`` (names checked against the same targets), optionally ``LIST_PAGES`` and
``TARGET_LIMITS`` and ``SETTINGS`` (settings the measuring process needs, e.g. no rate limit), and
``seed(*, organisations, clear)``, called after ``seed_bulk`` at each scale
with the number of bulk organisations; it returns its totals for the report's "scales". A module
whose bulk rows refer to the core's bulk rows has ``clear()``: before the small scale the bench calls
every module's ``clear`` from the highest app down (reverse ``INSTALLED_APPS``), then clears the
core's rows, so a second run on a kept database (``--keepdb``) starts from no bulk rows at all.
"""

import argparse
import contextlib
import gc
import json
import math
import os
import statistics
import subprocess
import sys
import time
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from importlib import import_module
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, OperationalError, connection, connections, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext, setup_databases, teardown_databases
from django.utils.module_loading import module_has_submodule

from reisgids import demo
from reisgids.caching import NAMESPACES, bump, forget_all
from reisgids.management.commands.seed_bulk import (
    FIXED_AREA,
    FIXED_THEME,
    FULL_PAGE,
    SLUG_PREFIX,
    clear_bulk,
    seed_bulk,
)
from reisgids.models import Membership, Organisation, User
from reisgids.notifications.models import Notification
from reisgids.notifications.selectors import forget_unread_counts

ANONYMOUS, MEMBER, PARTNER = "anonymous", "member", "partner"
AUDIENCES = (ANONYMOUS, MEMBER, PARTNER)
SIGNED_IN = (MEMBER, PARTNER)
BENCH_USERS = {MEMBER: "bench-lid@bench.example.org", PARTNER: "bench-beheerder@bench.example.org"}
# The partner's organisation (bulk organisation 0) is partner in this many bulk deals (deals/bench.py).
PARTNER_ORGANISATION = f"{SLUG_PREFIX}000000"
PARTNER_DEALS = 20
NOTIFICATIONS = 25


@dataclass(frozen=True)
class BenchPage:
    name: str
    path: str  # may hold {placeholders} filled from PARAMS
    audiences: tuple = AUDIENCES


# The pages measured, in order. Later issues add their pages here.
PAGES = [
    BenchPage("home", "/"),
    BenchPage("organisation_list", "/partijen/"),
    BenchPage("organisation_list_filtered", "/partijen/?theme={theme}&area={area}"),
    BenchPage("organisation_search", "/partijen/?q=zorg"),
    BenchPage("organisation_detail", "/partijen/{organisation}/"),
    BenchPage("contactpoint_list", "/aanspreekpunten/"),
    BenchPage("contactpoint_search", "/aanspreekpunten/?q=mantelzorg"),
    BenchPage("instrument_list", "/instrumenten/"),
    BenchPage("notifications", "/meldingen/", SIGNED_IN),
    BenchPage("profile", "/accounts/profiel/", SIGNED_IN),
]
PARAMS = {"theme": FIXED_THEME, "area": FIXED_AREA, "organisation": f"{SLUG_PREFIX}000000"}

# The targets, checked at the large scale. Anonymous, warm: the median of these pages
# (TARGET_PAGES of every bench module) at most MAX_FLOOR_RATIO times its floor, at most MAX_QUERIES
# queries cold, the large-scale median at most MAX_SCALE_RATIO times the small one.
TARGET_PAGES = ["organisation_list", "contactpoint_list"]
MAX_FLOOR_RATIO = 12.0
MAX_QUERIES = 12
MAX_SCALE_RATIO = 1.3
# Signed in, warm: every page at most SIGNED_IN_FLOOR_RATIO times its floor, list pages (LIST_PAGES
# of every bench module) at most SIGNED_IN_LIST_FLOOR_RATIO, and at most SIGNED_IN_WARM_QUERIES
# queries on a warm request to a page that anonymous visitors get too (its shared part is cached).
LIST_PAGES = ["organisation_list", "organisation_list_filtered", "contactpoint_list", "instrument_list"]
SIGNED_IN_FLOOR_RATIO = 20.0
SIGNED_IN_LIST_FLOOR_RATIO = 12.0
SIGNED_IN_WARM_QUERIES = 4
# Cold, every page and audience: the large-scale cold median at most MAX_COLD_SCALE_RATIO times the
# small-scale one, and the same number of queries at both scales. A module's TARGET_LIMITS can add
# "cold_ms" (a bound on the large-scale cold median, e.g. /zoeken/).
MAX_COLD_SCALE_RATIO = 1.3

BENCH_DATABASE = "reisgids_bench"


def bench_database_name():
    """``reisgids_bench``, or ``reisgids_bench_<suffix>`` with PYTEST_DB_SUFFIX set (as the tests'
    database): several benches on one server then never share (and drop) one database."""
    suffix = os.environ.get("PYTEST_DB_SUFFIX")
    return f"{BENCH_DATABASE}_{suffix}" if suffix else BENCH_DATABASE


def app_bench_extensions():
    """The ``bench`` module of each installed app, other than the core, that has one."""
    modules = []
    for app_config in apps.get_app_configs():
        if app_config.label == "reisgids" or not module_has_submodule(app_config.module, "bench"):
            continue
        modules.append(import_module(f"{app_config.name}.bench"))
    return modules


def all_pages(only=None):
    """The core's PAGES and then those of every app's bench module (a ``BenchPage``, ``(name, path)``
    or ``(name, path, audiences)``); with ``only`` (a set of names, ``--pages``) only those."""
    pages = list(PAGES)
    for module in app_bench_extensions():
        pages += [page if isinstance(page, BenchPage) else BenchPage(*page) for page in module.PAGES]
    if only is not None:
        pages = [page for page in pages if page.name in only]
    return pages


def all_params():
    params = dict(PARAMS)
    for module in app_bench_extensions():
        params.update(module.PARAMS)
    params.update(MEASURED_PARAMS)
    return params


# The path placeholders the seeding process found (some are ids its seed made), for the process
# that measures (``--measure``).
MEASURED_PARAMS = {}


def all_settings():
    """The settings every app's bench module needs while measuring (``SETTINGS``)."""
    values = {}
    for module in app_bench_extensions():
        values.update(getattr(module, "SETTINGS", {}))
    return values


def all_target_pages():
    targets = list(TARGET_PAGES)
    for module in app_bench_extensions():
        targets += list(module.TARGET_PAGES)
    return targets


def all_list_pages():
    pages = list(LIST_PAGES)
    for module in app_bench_extensions():
        pages += list(getattr(module, "LIST_PAGES", []))
    return pages


def clear_all_bulk():
    """Remove every bulk row: each app's own (``clear`` of its bench module, the highest app first),
    then the core's. One transaction: what a higher app's rows refer to goes last."""
    with transaction.atomic():
        for module in reversed(app_bench_extensions()):
            if hasattr(module, "clear"):
                module.clear()
        clear_bulk()


def seed_audiences():
    """The signed-in users of the bench (BENCH_USERS), each with NOTIFICATIONS notifications; the
    partner is beheerder of PARTNER_ORGANISATION. Returns {audience: user}."""
    users = {}
    for audience, email in BENCH_USERS.items():
        user, created = User.objects.get_or_create(
            email=email, defaults={"first_name": "Bench", "last_name": audience.capitalize()}
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        users[audience] = user
    Membership.objects.get_or_create(
        user=users[PARTNER],
        organisation=Organisation.objects.get(slug=PARTNER_ORGANISATION),
        defaults={"role": Membership.Role.BEHEERDER},
    )
    for user in users.values():
        missing = NOTIFICATIONS - Notification.objects.filter(recipient=user).count()
        Notification.objects.bulk_create(
            Notification(recipient=user, subject=f"Melding {number} (testdata)", body="Een bench-melding.")
            for number in range(max(0, missing))
        )
    forget_unread_counts(*(user.pk for user in users.values()))  # bulk rows: no service told the cache
    return users


def audience_clients(users):
    """A test client per audience, the signed-in ones logged in (a session in the bench database)."""
    clients = {ANONYMOUS: Client()}
    for audience, user in users.items():
        clients[audience] = Client()
        clients[audience].force_login(user)
        clients[audience].bench_user_id = user.pk
    return clients


def target_limits(page_name):
    """The limits a target page is held to: the defaults, unless its app's bench module gives other
    ones in ``TARGET_LIMITS`` ({page name: {"floor_ratio" | "queries" | "scale_ratio" | "cold_ms" |
    "cold_scale_ratio": limit}}), as an issue can set them per page (e.g. 15× the floor for the site
    search; ``"cold_scale_ratio": None`` and ``"scale_ratio": None`` for a document that holds every
    row by definition: the ratio is reported, not checked)."""
    limits = {"floor_ratio": MAX_FLOOR_RATIO, "queries": MAX_QUERIES, "scale_ratio": MAX_SCALE_RATIO}
    for module in app_bench_extensions():
        limits.update(getattr(module, "TARGET_LIMITS", {}).get(page_name, {}))
    return limits


FLOOR_PATH = "/__bench__/floor/{size}/"


def _percentile(values, fraction):
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def invalidate_fragments(client=None):
    """Make the next request of ``client`` a cold one: every namespace of the registry is bumped
    (most fragments depend on the directory, but not all: the open data API's lists of events, news
    or stories are kept by their own namespace only, and bumping the directory alone left them warm),
    and a signed-in client's own entries (the cached user, the unread count, the pages of
    notifications) are outdated too."""
    bump(*NAMESPACES)
    user_id = getattr(client, "bench_user_id", None)
    if user_id is not None:
        forget_all(user_id)


def _timed(client, path, requests, before_each=None):
    timings = []
    for _ in range(requests):
        if before_each:
            before_each()
        start = time.perf_counter()
        client.get(path)
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def _warm_up(client, path, warmup):
    for _ in range(warmup):
        response = client.get(path)
    if response.status_code != 200:
        raise CommandError(f"{path} answered {response.status_code}, expected 200")
    return {"status": response.status_code, "bytes": len(response.content)}


def _queries(client, path, *, cold=True):
    """The queries of one request: cold (the fragment caches invalidated first) or warm."""
    if cold:
        invalidate_fragments(client)
    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    return len(captured.captured_queries)


def _summary(timings, prefix=""):
    return {
        f"{prefix}median_ms": round(statistics.median(timings), 3),
        f"{prefix}p95_ms": round(_percentile(timings, 0.95), 3),
    }


# The warm timings are taken in rounds: each round times a few requests of every page, each followed
# by as many of its floor. A burst of load on the machine (other processes, the host) then slows a
# little of every page and its floor alike, instead of all of whichever page it happens to hit.
ROUNDS = 8


def _chunks(requests, rounds):
    """How many of ``requests`` each of ``rounds`` rounds takes (the first ones one more)."""
    return [requests // rounds + (1 if number < requests % rounds else 0) for number in range(rounds)]


def run_scale(clients, *, requests, warmup, log, only=None, between=lambda: None):
    """Measure every page for every audience (``clients``: {audience: test client}) and its floor on
    the data as it is now: warm (as served), cold (the fragment caches invalidated before every
    request: every query and all rendering), each in interleaved rounds over the pages, and the
    queries of one cold and of one warm request. The floor is always requested anonymously: what
    being signed in costs counts against the page. ``between`` is called before each step (the
    warm-up, each round, the queries): the measuring process waits there for its turn
    (``measure_interleaved``). Returns ({page name: {audience: result}}, [floor per page and
    audience])."""
    params = all_params()
    measured = []
    between()
    for page in all_pages(only):
        path = page.path.format(**params)
        for audience in page.audiences:
            client = clients[audience]
            result = _warm_up(client, path, warmup)
            floor_path = FLOOR_PATH.format(size=result["bytes"])
            floor = _warm_up(clients[ANONYMOUS], floor_path, warmup)
            measured.append((page, audience, client, path, result, floor_path, floor))
    rounds = max(1, min(ROUNDS, requests))
    warm = {(page.name, audience): ([], []) for page, audience, *_rest in measured}
    gc.collect()
    for chunk in _chunks(requests, rounds):
        between()
        for page, audience, client, path, _result, floor_path, _floor in measured:
            page_timings, floor_timings = warm[(page.name, audience)]
            page_timings += _timed(client, path, chunk)
            floor_timings += _timed(clients[ANONYMOUS], floor_path, chunk)
    # The cold requests in interleaved rounds as well: one page's cold requests taken in a row landed on
    # whatever the machine was doing then (the first page after seeding on PostgreSQL's and the disk's
    # write-back), and its median moved by ±40 % between runs.
    cold = {key: [] for key in warm}
    for chunk in _chunks(requests, rounds):
        between()
        for page, audience, client, path, *_rest in measured:
            cold[(page.name, audience)] += _timed(
                client, path, chunk, before_each=partial(invalidate_fragments, client)
            )
    pages, floors = {}, []
    between()
    for page, audience, client, path, result, floor_path, floor in measured:
        page_timings, floor_timings = warm[(page.name, audience)]
        result["timings"], result["cold_timings"] = page_timings, cold[(page.name, audience)]
        result["queries"] = _queries(client, path)
        _warm_up(client, path, 1)  # the caches warm again after the cold request
        result["warm_queries"] = _queries(client, path, cold=False)
        floor["timings"] = floor_timings
        floor["queries"] = _queries(clients[ANONYMOUS], floor_path)
        floors.append({"page": page.name, "audience": audience, **floor})
        pages.setdefault(page.name, {"path": path})[audience] = result
        log(
            f"  {path} ({audience}): {statistics.median(page_timings):.3f} ms median, "
            f"{result['queries']} queries cold, {result['warm_queries']} warm, {result['bytes']} bytes"
        )
    return _summarised(pages, floors)


def _summarised(pages, floors):
    """``run_scale``'s results: the medians, p95s and floor ratios in place of the timings."""
    floor_of = {(floor["page"], floor["audience"]): floor for floor in floors}
    for floor in floors:
        floor.update(_summary(floor.pop("timings")))
    for name, page in pages.items():
        for audience, result in page.items():
            if audience == "path":
                continue
            floor = floor_of[(name, audience)]
            result.update(_summary(result.pop("timings")))
            result.update(_summary(result.pop("cold_timings"), "cold_"))
            result["floor_median_ms"] = floor["median_ms"]
            result["floor_ratio"] = round(result["median_ms"] / floor["median_ms"], 2)
            result["cold_floor_ratio"] = round(result["cold_median_ms"] / floor["median_ms"], 2)
    return pages, floors


def _check(page, audience, check, limit, value):
    return {
        "page": page["name"],
        "audience": audience,
        "path": page["path"],
        "check": check,
        "limit": limit,
        "value": value,
        "holds": value <= limit,
    }


def _targets(pages):
    """Every target, per page and audience, at the large scale:

    - every page and audience: ``cold_scale_ratio`` (large cold median / small cold median) at most
      MAX_COLD_SCALE_RATIO, ``queries_growth`` (cold queries at the large scale minus those at the
      small one) at most 0, and ``cold_ms`` where the page's TARGET_LIMITS set it;
    - signed in: ``floor_ratio`` at most SIGNED_IN_FLOOR_RATIO (SIGNED_IN_LIST_FLOOR_RATIO for list
      pages), and ``warm_queries`` at most SIGNED_IN_WARM_QUERIES on pages anonymous visitors get too;
    - anonymous, on the TARGET_PAGES: ``floor_ratio``, ``queries`` (cold) and ``scale_ratio`` (warm)
      within ``target_limits``."""
    checks = []
    target_pages, list_pages = all_target_pages(), all_list_pages()
    for page in pages:
        limits = target_limits(page["name"])
        for audience, entry in page["audiences"].items():
            small, large = entry["small"], entry["large"]
            cold_scale_limit = limits.get("cold_scale_ratio", MAX_COLD_SCALE_RATIO)
            if cold_scale_limit is not None:
                checks.append(
                    _check(page, audience, "cold_scale_ratio", cold_scale_limit, entry["cold_scale_ratio"])
                )
            checks.append(_check(page, audience, "queries_growth", 0, large["queries"] - small["queries"]))
            if "cold_ms" in limits:
                checks.append(_check(page, audience, "cold_ms", limits["cold_ms"], large["cold_median_ms"]))
            if audience != ANONYMOUS:
                ratio = SIGNED_IN_LIST_FLOOR_RATIO if page["name"] in list_pages else SIGNED_IN_FLOOR_RATIO
                checks.append(_check(page, audience, "floor_ratio", ratio, large["floor_ratio"]))
                if ANONYMOUS in page["audiences"]:
                    checks.append(
                        _check(page, audience, "warm_queries", SIGNED_IN_WARM_QUERIES, large["warm_queries"])
                    )
            elif page["name"] in target_pages:
                for check, value in [
                    ("floor_ratio", large["floor_ratio"]),
                    ("queries", large["queries"]),
                    ("scale_ratio", entry["scale_ratio"]),
                ]:
                    if limits[check] is not None:  # None: a page that grows with what it holds
                        checks.append(_check(page, audience, check, limits[check], value))
    return checks


def _targets_by_page(pages, targets):
    """{page name: {audience: whether every target of that page and audience holds}}."""
    summary = {page["name"]: dict.fromkeys(page["audiences"], True) for page in pages}
    for target in targets:
        summary[target["page"]][target["audience"]] &= target["holds"]
    return summary


def _settle():
    """After bulk seeding: update the planner statistics and reclaim dead rows now, so PostgreSQL's
    autovacuum does not start during the measurements (it competes for the same cores); write the
    seeding's WAL to disk now (a checkpoint during the timings would slow whichever page it hits);
    and start the timings from a collected Python heap, with the objects the seeding left behind
    frozen out of the garbage collector's passes (a web process does not carry them)."""
    with connection.cursor() as cursor:
        # VACUUM cannot run in a transaction (the bench's own test runs inside one); ANALYZE can.
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
        if vacuum:
            with contextlib.suppress(DatabaseError):  # needs superuser or pg_checkpoint (autocommit here)
                cursor.execute("CHECKPOINT")
    # The timings start on a new database connection: the seeding's one carries the memory of hundreds
    # of thousands of statements, which a web process's connection does not.
    if not connection.in_atomic_block:
        connection.close()
    gc.collect()
    gc.freeze()


def seed_scale(scale, *, contact_points=None, clear=False):
    """Bring every app's bulk rows up to ``scale`` organisations (after removing all bulk rows first
    when ``clear``: those of an earlier run on a kept database too) and seed the signed-in users.
    Returns (totals, {audience: user})."""
    if clear:
        clear_all_bulk()
    totals = seed_bulk(
        scale=scale,
        contact_points=max(FULL_PAGE, scale // 5 if contact_points is None else contact_points),
        instruments=max(FULL_PAGE, scale // 100),
    )
    for module in app_bench_extensions():
        totals.update(module.seed(organisations=scale, clear=clear))
    # Work that needs every app's rows first (e.g. filling the search index in bulk).
    for module in app_bench_extensions():
        if hasattr(module, "after_seed"):
            totals.update(module.after_seed(organisations=scale, clear=clear) or {})
    return totals, seed_audiences()


def _bench_settings():
    # Static files come from the finders here; whitenoise's note about a missing STATIC_ROOT is noise.
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    static = {"staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    return override_settings(
        ROOT_URLCONF="reisgids.bench_urls",
        STORAGES={**settings.STORAGES, **static},
        ALLOWED_HOSTS=["testserver"],
        DEBUG=False,
        **all_settings(),
    )


# A measuring process (``--measure``) writes READY on a line of its own when it waits for its turn and
# goes on when it reads a line; its last line is its result, as JSON.
READY = "ready"


def _wait_for_turn():
    """``run_scale``'s ``between`` in a measuring process: say so, and wait for the bench's word."""
    sys.stdout.write(f"{READY}\n")
    sys.stdout.flush()
    if not sys.stdin.readline():
        raise CommandError("The bench that started this measuring process has gone.")


def measuring_cache_prefix(label):
    """The cache key prefix of the process that measures the scale ``label``: its own, so that it never
    serves what the other scale's process (or the seeding) cached: they share one Redis."""
    return f"{settings.CACHES['default'].get('KEY_PREFIX', '')}-bench-{label}"


def _start_measuring(label, *, database, params, requests, warmup, only):
    job = {
        "database": database,
        "params": params,
        "requests": requests,
        "warmup": warmup,
        "only": sorted(only) if only is not None else None,
    }
    return subprocess.Popen(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "bench", "--measure", json.dumps(job)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "CACHE_KEY_PREFIX": measuring_cache_prefix(label)},
    )


def measure_interleaved(jobs, *, requests, warmup, only, log):
    """Measure each scale of ``jobs`` ({label: {"database", "params"}}) in a new process of its own, as
    a web server's worker serves the data (the seeding's objects are not in its heap). The processes
    take turns step by step (``run_scale``'s warm-up, each round of warm and of cold requests, its
    queries): while one measures, the other waits, so a machine whose speed drifts during the run
    slows both scales alike. Returns ({label: ``measure_here``'s result}, the labels in the order
    their steps ran)."""
    processes = {
        label: _start_measuring(label, **job, requests=requests, warmup=warmup, only=only)
        for label, job in jobs.items()
    }
    measured, turns = {}, []
    try:
        for label, process in processes.items():
            if process.stdout.readline().strip() != READY:
                raise CommandError(f"The {label} scale's measuring process failed to start.")
        waiting = dict(processes)
        while waiting:
            for label, process in list(waiting.items()):
                process.stdin.write("go\n")
                process.stdin.flush()
                turns.append(label)
                line = process.stdout.readline()
                if line.strip() == READY:
                    continue
                output = line + process.stdout.read()  # its last step is done: its result
                if process.wait() != 0 or not output.strip():
                    raise CommandError(
                        f"The {label} scale's measuring process failed ({process.returncode})."
                    )
                measured[label] = json.loads(output)
                log(f"{label}: measured by process {measured[label]['process']}")
                del waiting[label]
    finally:
        for process in processes.values():
            if process.poll() is None:
                process.kill()
            process.wait()
    return measured, turns


def measure_here(job, *, log):
    """The measuring process's part (``--measure JOB``): connect to the bench database ``JOB`` names,
    start from an empty cache (under a prefix of its own: ``measuring_cache_prefix``), sign in the
    bench's users, and measure as ``run_scale``, waiting for its turn before each step. Returns
    {"results", "floors", "process", "cache_prefix"}."""
    connections["default"].close()
    connections["default"].settings_dict["NAME"] = job["database"]
    MEASURED_PARAMS.update(job["params"])
    only = set(job["only"]) if job["only"] is not None else None
    with _bench_settings():
        cache.clear()  # an earlier run on a kept bench database left its entries under this prefix
        users = {audience: User.objects.get(email=email) for audience, email in BENCH_USERS.items()}
        clients = audience_clients(users)
        connection.close()  # as ``_settle``: the timings start on a new connection
        gc.collect()
        gc.freeze()
        results, floors = run_scale(
            clients,
            requests=job["requests"],
            warmup=job["warmup"],
            log=log,
            only=only,
            between=_wait_for_turn,
        )
    prefix = settings.CACHES["default"].get("KEY_PREFIX", "")
    return {"results": results, "floors": floors, "process": os.getpid(), "cache_prefix": prefix}


def _copy_database(name, copy):
    """``copy``: a new PostgreSQL database with what ``name`` holds now (``CREATE DATABASE … TEMPLATE``).
    PostgreSQL copies a database only while no other session holds it: returns None when copied, else
    why not (the bench's own database has no other sessions; a test database can, e.g. of a process an
    earlier test left behind)."""
    connection.close()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{copy}"')
        try:
            cursor.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{name}"')
        except OperationalError as error:
            return " ".join(str(error).split())
    return None


def _drop_database(name):
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def run_bench(*, small, large, contact_points, requests, warmup, only=None, log=lambda message: None):
    """Seed at the small then the large scale, measure both, return the report as a dict."""
    apart = connection.vendor == "postgresql" and not connection.in_atomic_block
    small_copy = f"{connection.settings_dict['NAME']}_small" if apart else None
    with _bench_settings():
        demo.load()
        scales, results, floors, jobs, turns = {}, {}, {}, {}, []

        def measure_in_turns(jobs):
            """Each scale of ``jobs`` ({label: database and params}) by a process of its own, in turns."""
            measured, steps = measure_interleaved(jobs, requests=requests, warmup=warmup, only=only, log=log)
            turns.extend(steps)
            for label, result in measured.items():
                results[label], floors[label] = result["results"], result["floors"]
                scales[label]["measured_in_processes"] = [result["process"]]
                scales[label]["cache_prefix"] = result["cache_prefix"]

        try:
            for label, scale in (("small", small), ("large", large)):
                points = None if contact_points is None else max(1, round(contact_points * scale / large))
                started = time.perf_counter()
                scales[label], users = seed_scale(scale, contact_points=points, clear=label == "small")
                scales[label]["seed_seconds"] = round(time.perf_counter() - started, 2)
                _settle()
                log(f"{label}: {scales[label]}")
                try:
                    if apart:  # measured below, by a process per scale, in turns
                        database = connection.settings_dict["NAME"]
                        refused = label == "small" and _copy_database(database, small_copy)
                        if label == "small" and not refused:
                            database = small_copy
                        jobs[label] = {"database": database, "params": all_params()}
                        if refused:  # measure it now, before the large seeding changes it
                            log(f"No copy of the small scale ({refused}): measured before the large seeding.")
                            scales[label]["turns_refused"] = refused
                            measure_in_turns({label: jobs.pop(label)})
                    else:  # a test's transaction: another process would not see the rows
                        results[label], floors[label] = run_scale(
                            audience_clients(users), requests=requests, warmup=warmup, log=log, only=only
                        )
                        scales[label]["measured_in_processes"] = [os.getpid()]
                        turns.append(label)
                finally:
                    gc.unfreeze()
            measure_in_turns(jobs)
        finally:
            if small_copy:
                _drop_database(small_copy)
    pages = []
    for page in all_pages(only):
        small_results, large_results = results["small"][page.name], results["large"][page.name]
        audiences = {}
        for audience in page.audiences:
            small_result, large_result = small_results[audience], large_results[audience]
            audiences[audience] = {
                "small": small_result,
                "large": large_result,
                "scale_ratio": round(large_result["median_ms"] / small_result["median_ms"], 2),
                # The same ratio after dividing each median by its own floor: what is left when the
                # machine or process ran slower in one phase (a page that does not depend on the data,
                # like the floor itself, stays at 1.0). Reported to read the raw ratio; targets use the raw.
                "scale_ratio_vs_floor": round(large_result["floor_ratio"] / small_result["floor_ratio"], 2),
                "cold_scale_ratio": round(large_result["cold_median_ms"] / small_result["cold_median_ms"], 2),
                # Likewise for the cold medians: a machine that is busier during one scale's phase (other
                # processes on shared cores) slows the floor too. Reported to read the raw ratio.
                "cold_scale_ratio_vs_floor": round(
                    large_result["cold_floor_ratio"] / small_result["cold_floor_ratio"], 2
                ),
            }
        pages.append({"name": page.name, "path": small_results["path"], "audiences": audiences})
    targets = _targets(pages)
    return {
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "python": sys.version.split()[0],
        "requests_per_page": requests,
        "warmup_requests": warmup,
        "scales": scales,
        "measured_in_turns": turns,
        "floor": floors,
        "pages": pages,
        "audiences": {
            ANONYMOUS: "not signed in",
            MEMBER: "signed in, member of no organisation",
            PARTNER: f"signed in, beheerder of an organisation that is partner in {PARTNER_DEALS} deals "
            "(or every deal, when there are fewer)",
        },
        "targets": targets,
        "targets_by_page": _targets_by_page(pages, targets),
        "targets_hold": all(target["holds"] for target in targets),
    }


class Command(BaseCommand):
    help = "Time the main pages at two data sizes on a throw-away database; print one JSON document."

    def add_arguments(self, parser):
        parser.add_argument("--small", type=int, default=100, help="Organisations at the small scale (100).")
        parser.add_argument("--large", type=int, default=10_000, help="Organisations at the large scale.")
        parser.add_argument(
            "--contact-points",
            type=int,
            default=None,
            help="Aanspreekpunten at the large scale (default: large / 5, i.e. 2,000); scaled for small.",
        )
        parser.add_argument("--requests", type=int, default=100, help="Timed requests per page (100).")
        parser.add_argument("--warmup", type=int, default=10, help="Untimed requests per page first (10).")
        parser.add_argument("--keepdb", action="store_true", help="Keep the bench database for the next run.")
        parser.add_argument(
            "--in-place",
            action="store_true",
            help="Use the configured database instead of creating one (tests only: adds bulk rows).",
        )
        parser.add_argument("--check", action="store_true", help="Exit with status 1 when a target fails.")
        parser.add_argument("--measure", default=None, help=argparse.SUPPRESS)  # measure_in_new_process
        parser.add_argument(
            "--pages",
            default=None,
            help="Measure only these pages (names as in the report, comma-separated), e.g. deal_search.",
        )

    def handle(
        self, *args, small, large, contact_points, requests, warmup, keepdb, in_place, check, pages, **options
    ):
        if options["measure"]:
            measured = measure_here(json.loads(options["measure"]), log=self.stderr.write)
            self.stdout.write(json.dumps(measured))
            return
        if not 1 <= small < large:
            raise CommandError("--small must be at least 1 and less than --large")
        only = None
        if pages:
            only = {name.strip() for name in pages.split(",") if name.strip()}
            unknown = only - {page.name for page in all_pages()}
            if unknown:
                raise CommandError(f"Unknown pages: {', '.join(sorted(unknown))}")
        if requests < 1 or warmup < 1:
            raise CommandError("--requests and --warmup must be at least 1")
        verbose = options["verbosity"] >= 1

        def log(message):
            if verbose:
                self.stderr.write(message)

        arguments = {
            "small": small,
            "large": large,
            "contact_points": contact_points,
            "requests": requests,
            "warmup": warmup,
            "only": only,
            "log": log,
        }
        if in_place:
            report = run_bench(**arguments)
        else:
            db = connections["default"].settings_dict
            if db["ENGINE"].endswith("postgresql"):
                db.setdefault("TEST", {})["NAME"] = bench_database_name()
            log(f"Creating the bench database ({db.get('TEST', {}).get('NAME') or 'in memory'})…")
            old_config = setup_databases(
                verbosity=0, interactive=False, keepdb=keepdb, aliases={"default"}, serialized_aliases=set()
            )
            try:
                report = run_bench(**arguments)
            finally:
                teardown_databases(old_config, verbosity=0, keepdb=keepdb)
        self.stdout.write(json.dumps(report, indent=2))
        if check and not report["targets_hold"]:
            raise CommandError('Not every bench target holds; see "targets" in the report.')
