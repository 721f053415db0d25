"""``manage.py seed_bulk`` and ``manage.py bench`` at tiny scales: structure and query counts only,
nothing that depends on the speed of the machine."""

import io
import json
import os
from importlib import import_module

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reisgids.management.commands import bench
from reisgids.management.commands.seed_bulk import EMAIL_DOMAIN, FULL_PAGE, SLUG_PREFIX, seed_bulk
from reisgids.models import ContactPoint, Instrument, Organisation, User

pytestmark = pytest.mark.django_db


def bulk_rows():
    organisations = Organisation.objects.filter(slug__startswith=SLUG_PREFIX).order_by("slug")
    return {
        "organisations": list(organisations.values_list("slug", "name", "kind", "summary")),
        "themes": sorted(
            Organisation.themes.through.objects.filter(organisation__in=organisations).values_list(
                "organisation__slug", "theme__slug"
            )
        ),
        "neighbourhoods": sorted(
            Organisation.neighbourhoods.through.objects.filter(organisation__in=organisations).values_list(
                "organisation__slug", "neighbourhood__slug"
            )
        ),
        "contact_points": sorted(
            ContactPoint.objects.filter(email__endswith=EMAIL_DOMAIN).values_list("email", "name", "function")
        ),
    }


def test_seed_bulk_creates_linked_rows_at_the_requested_scale():
    call_command("seed_bulk", "--scale", "50", stdout=io.StringIO())

    organisations = Organisation.objects.filter(slug__startswith=SLUG_PREFIX)
    assert organisations.count() == 50
    assert ContactPoint.objects.filter(email__endswith=EMAIL_DOMAIN).count() == 10
    assert Instrument.objects.filter(slug__startswith="bulk-instrument-").count() == 1
    assert all(org.is_demo for org in organisations)
    # every organisation has at least one theme and one area
    assert organisations.filter(themes__isnull=True).count() == 0
    assert organisations.filter(areas__isnull=True).count() == 0
    assert organisations.filter(themes__slug="mantelzorg", areas__slug="delfshaven").exists()


def test_seed_bulk_is_deterministic_and_tops_up():
    seed_bulk(scale=10)
    seed_bulk(scale=30)
    topped_up = bulk_rows()
    seed_bulk(scale=30)
    assert bulk_rows() == topped_up  # a second run adds nothing

    seed_bulk(scale=30, clear=True)
    assert bulk_rows() == topped_up  # same rows as a fresh run at that scale

    seed_bulk(scale=5, clear=True)
    assert Organisation.objects.filter(slug__startswith=SLUG_PREFIX).count() == 5


def test_seed_bulk_runs_a_fixed_number_of_queries_whatever_the_scale():
    seed_bulk(scale=10)  # so that both measured runs have rows to clear
    counts = []
    for scale in (50, 500):  # below one batch of 2,000 rows per table
        with CaptureQueriesContext(connection) as captured:
            seed_bulk(scale=scale, clear=True)
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def run_tiny_bench(pages=None, requests=1):
    out = io.StringIO()
    call_command(
        "bench",
        "--in-place",
        "--small=10",
        "--large=20",
        f"--requests={requests}",  # three audiences, warm and cold, two scales: one each is enough here
        "--warmup=1",
        *([f"--pages={pages}"] if pages else []),
        stdout=out,
        verbosity=0,
    )
    return json.loads(out.getvalue())


def test_bench_prints_one_json_report_with_equal_query_counts_at_both_scales():
    """The whole bench at tiny scales (in this test's transaction both scales are measured here, one
    after the other), then the seeding of a second run on the same database (``--keepdb``): it starts
    on the first run's bulk rows. Clearing the organisations while the deals (and the bench's
    memberships) still referred to them failed with an IntegrityError at commit; the foreign keys are
    checked immediately here, as the kept database's commit would."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    report = run_tiny_bench()
    for label in ("small", "large"):
        assert report["scales"][label]["measured_in_processes"] == [os.getpid()]
    assert report["measured_in_turns"] == ["small", "large"]

    users = {audience: User.objects.get(email=email) for audience, email in bench.BENCH_USERS.items()}
    second, again = bench.seed_scale(10, clear=True)
    for key in ("organisations", "deals", "partner_deals", "listings", "stories", "story_comments"):
        assert second[key] == report["scales"]["small"][key], key
    assert second["search_orphans_removed"] > 0  # the entries of the first run's deleted rows
    assert again == users
    assert again["partner"].memberships.get().organisation.slug == bench.PARTNER_ORGANISATION

    assert report["scales"]["small"]["organisations"] == 10
    assert report["scales"]["large"]["organisations"] == 20
    # every register whose list the bench measures has a full first page, filtered ones too
    assert report["scales"]["large"]["contact_points"] == FULL_PAGE
    assert report["scales"]["small"]["stories"] == FULL_PAGE
    assert report["scales"]["small"]["events"] == FULL_PAGE
    # the deals app's bench module: one deal for every two organisations, at least a full page of the
    # filtered register (FULL_PAGE), with its pages
    assert report["scales"]["small"]["deals"] == FULL_PAGE
    assert report["scales"]["large"]["deals"] == FULL_PAGE
    # the partner's organisation is partner in the first PARTNER_DEALS deals (and in others the bulk
    # deals drew it for)
    assert report["scales"]["small"]["partner_deals"] >= bench.PARTNER_DEALS
    assert report["scales"]["large"]["partner_deals"] >= bench.PARTNER_DEALS
    assert {"deal_list", "deal_list_filtered", "deal_search", "deal_detail"} <= set(bench.all_target_pages())
    assert [page["name"] for page in report["pages"]] == [page.name for page in bench.all_pages()]
    assert set(report["audiences"]) == {"anonymous", "member", "partner"}
    declared = {page.name: set(page.audiences) for page in bench.all_pages()}
    for page in report["pages"]:
        # each page for the audiences it declares (signed in only: notifications, profile; only the
        # partner: a schouw's bespreking and the intake's team pages, which nobody else may open)
        expected = declared[page["name"]]
        assert set(page["audiences"]) == expected, page["name"]
        for entry in page["audiences"].values():
            for scale in ("small", "large"):
                result = entry[scale]
                assert result["status"] == 200, page["path"]
                assert 0 < result["median_ms"] <= result["p95_ms"]
                assert 0 < result["cold_median_ms"] <= result["cold_p95_ms"]
                assert result["warm_queries"] <= result["queries"]
                assert result["floor_ratio"] > 0
            assert entry["small"]["queries"] == entry["large"]["queries"], page["path"]
            assert entry["scale_ratio"] > 0
            assert entry["cold_scale_ratio"] > 0

    # queries are counted (a page without data to show, like the anonymous /idee/ form, runs none)
    assert all(
        entry[scale]["queries"] > 0
        for page in report["pages"]
        if page["name"] in {"deal_detail", "deal_list"}
        for entry in page["audiences"].values()
        for scale in ("small", "large")
    )

    measured = [(page["name"], audience) for page in report["pages"] for audience in page["audiences"]]
    for scale in ("small", "large"):
        floors = report["floor"][scale]
        assert [(floor["page"], floor["audience"]) for floor in floors] == measured
        for floor in floors:
            page = next(page for page in report["pages"] if page["name"] == floor["page"])
            assert floor["queries"] == 0
            assert floor["bytes"] == page["audiences"][floor["audience"]][scale]["bytes"]

    checks = {(target["page"], target["audience"], target["check"]): target for target in report["targets"]}
    expected = set()
    for page in report["pages"]:
        for audience in page["audiences"]:
            expected.add((page["name"], audience, "queries_growth"))
            # a feed of every upcoming event, the half year's report and the API lists beyond the two
            # of the bar grow with what they hold: their cold times are reported, not checked
            if bench.target_limits(page["name"]).get("cold_scale_ratio", 1.3) is not None:
                expected.add((page["name"], audience, "cold_scale_ratio"))
            if page["name"] == "site_search":
                expected.add((page["name"], audience, "cold_ms"))
            if audience != "anonymous":
                expected.add((page["name"], audience, "floor_ratio"))
                if "anonymous" in page["audiences"]:
                    expected.add((page["name"], audience, "warm_queries"))
            elif page["name"] in bench.all_target_pages():
                expected |= {
                    (page["name"], audience, check)
                    for check in ("floor_ratio", "queries", "scale_ratio")
                    if bench.target_limits(page["name"])[check] is not None
                }
    assert set(checks) == expected
    unchecked = {
        p["name"] for p in report["pages"] if not bench.target_limits(p["name"]).get("cold_scale_ratio", 1)
    }
    # only the two downloads that hold every row by definition; every API list is held to the bar too
    assert unchecked == {"agenda_ical", "kompas_report"}
    # the half year's report, warm too (its stored document grows with its lessons by definition)
    assert ("kompas_report", "anonymous", "scale_ratio") not in checks
    assert ("kompas_report", "anonymous", "floor_ratio") in checks
    assert checks[("api_listings", "anonymous", "cold_scale_ratio")]["limit"] == 1.3
    # the limits
    assert checks[("deal_list", "member", "floor_ratio")]["limit"] == 12
    assert checks[("deal_detail", "partner", "floor_ratio")]["limit"] == 20
    assert checks[("deal_detail", "partner", "warm_queries")]["limit"] == 4
    assert checks[("organisation_list", "anonymous", "floor_ratio")]["limit"] == 12
    assert checks[("site_search", "anonymous", "floor_ratio")]["limit"] == 15
    assert checks[("site_search", "member", "cold_ms")]["limit"] == 60
    assert checks[("home", "partner", "cold_scale_ratio")]["limit"] == 1.3
    assert report["targets_hold"] == all(target["holds"] for target in report["targets"])
    for page in report["pages"]:
        for audience in page["audiences"]:
            assert report["targets_by_page"][page["name"]][audience] == all(
                target["holds"] for key, target in checks.items() if key[:2] == (page["name"], audience)
            )
    # The query bounds do not depend on the machine: they must hold even in this tiny run.
    for page in bench.all_target_pages():
        if "anonymous" not in declared[page]:  # a page only its partners may open (a residency)
            continue
        assert checks[(page, "anonymous", "queries")]["holds"], checks[(page, "anonymous", "queries")]


def test_the_signed_in_audiences_see_the_partner_deal_and_their_own_pages(client, settings):
    """The bench's users: a member of no organisation and a beheerder of an organisation that is
    partner in the measured deal (and in PARTNER_DEALS deals at full scale), each with notifications."""
    seed_bulk(scale=10, clear=True)
    for module in bench.app_bench_extensions():
        module.seed(organisations=10, clear=True)
    users = bench.seed_audiences()
    assert bench.seed_audiences() == users  # a second call adds nothing
    assert not users["member"].memberships.exists()
    membership = users["partner"].memberships.get()
    assert (membership.organisation.slug, membership.role) == (bench.PARTNER_ORGANISATION, "beheerder")
    for user in users.values():
        assert user.notifications.count() == bench.NOTIFICATIONS
    settings.ROOT_URLCONF = "reisgids.bench_urls"
    clients = bench.audience_clients(users)
    deal = "/deals/{deal}/".format(**bench.all_params())
    internal = "Interne notitie (testdata)"
    assert internal in clients["partner"].get(deal).content.decode()
    assert internal not in clients["member"].get(deal).content.decode()
    assert internal not in clients["anonymous"].get(deal).content.decode()
    for audience in ("member", "partner"):
        assert clients[audience].get("/meldingen/").status_code == 200
        assert clients[audience].get("/accounts/profiel/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_each_scale_is_measured_in_a_new_process_as_a_web_worker_serves_it():
    """Outside a test's transaction the rows are committed: each scale is measured by a process of
    its own (``--measure``), whose heap holds none of the seeding's objects, the two taking turns step
    by step (the small scale's database kept as a copy), so a machine whose speed drifts during the
    run slows both scales alike; the copy is gone afterwards."""
    # The demo data needs the gebieden and thema's of the migrations, which an earlier transactional
    # test's flush removed.
    import_module("reisgids.migrations.0002_rotterdam_areas_and_themes").load(apps, None)
    report = run_tiny_bench(pages="deal_list,deal_detail,notifications,residency,api_lessons", requests=2)
    processes = [report["scales"][label]["measured_in_processes"] for label in ("small", "large")]
    assert len(processes[0]) == len(processes[1]) == 1
    assert processes[0] != processes[1] and [os.getpid()] not in processes
    steps = 2 * min(bench.ROUNDS, 2) + 2  # the warm-up, the rounds of warm and of cold requests, the queries
    refused = report["scales"]["small"].get("turns_refused")
    if refused is None:  # step by step, in turns
        assert report["measured_in_turns"] == ["small", "large"] * steps
    else:  # another session held the test database (see the next test): one scale after the other
        assert "other users" in refused
        assert report["measured_in_turns"] == ["small"] * steps + ["large"] * steps
    # each measuring process has a cache of its own: neither serves a page the other scale cached (both
    # wrote their pages to Redis, under their own prefixes)
    prefixes = [report["scales"][label]["cache_prefix"] for label in ("small", "large")]
    assert prefixes == [bench.measuring_cache_prefix("small"), bench.measuring_cache_prefix("large")]
    assert len({*prefixes, settings.CACHES["default"]["KEY_PREFIX"]}) == 3
    if "redis" in settings.CACHES["default"]["BACKEND"].lower():
        client = cache._cache.get_client()
        for prefix in prefixes:
            assert next(client.scan_iter(match=f"{prefix}:*", count=1000), None) is not None, prefix
    with connection.cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", ["%\\_small"])
        assert cursor.fetchall() == []
    for page in report["pages"]:
        for entry in page["audiences"].values():
            assert entry["small"]["status"] == entry["large"]["status"] == 200, page["name"]
            assert entry["small"]["queries"] == entry["large"]["queries"], page["name"]
    # the residency's id is a placeholder the seeding process filled in (200 above); the API's rate
    # limit is lifted in the measuring process too (``SETTINGS`` of opendata's bench module)
    assert {page["name"] for page in report["pages"]} == {
        "deal_list",
        "deal_detail",
        "notifications",
        "residency",
        "api_lessons",
    }


@pytest.mark.django_db(transaction=True)
def test_no_copy_is_made_while_another_session_holds_the_database():
    """PostgreSQL copies a database only while no other session holds it: the bench is told why and
    measures the small scale before the large seeding instead (no copy is left behind)."""
    import psycopg

    settings_dict = connection.settings_dict
    name, copy = settings_dict["NAME"], f"{settings_dict['NAME']}_small"
    other = psycopg.connect(
        dbname=name,
        host=settings_dict["HOST"] or None,
        port=settings_dict["PORT"] or None,
        user=settings_dict["USER"] or None,
        password=settings_dict["PASSWORD"] or None,
    )
    try:
        refused = bench._copy_database(name, copy)
    finally:
        other.close()
    assert "being accessed by other users" in refused
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [copy])
        assert cursor.fetchall() == []


def test_apps_add_their_pages_without_the_core_importing_them():
    pages = [page.name for page in bench.all_pages()]
    assert pages[: len(bench.PAGES)] == [page.name for page in bench.PAGES]
    assert "deal_detail" in pages
    assert "{deal}" not in bench.all_pages()[-1].path.format(**bench.all_params())
    with open(bench.__file__) as source:
        assert "deals" not in "".join(line for line in source if line.startswith(("import", "from")))


def test_the_floor_view_only_exists_in_the_bench_urlconf(client, settings):
    assert client.get("/__bench__/floor/100/").status_code == 404
    settings.ROOT_URLCONF = "reisgids.bench_urls"
    response = client.get("/__bench__/floor/100/")
    assert response.status_code == 200
    assert len(response.content) == 100


def test_seed_bulk_gives_a_top_up_the_same_links_as_a_fresh_run():
    def links():
        return sorted(
            ContactPoint.objects.filter(email__endswith=EMAIL_DOMAIN).values_list(
                "email", "organisation__slug"
            )
        ) + sorted(
            Instrument.objects.filter(slug__startswith="bulk-instrument-").values_list("slug", "owner__slug")
        )

    seed_bulk(scale=40)
    seed_bulk(scale=300)
    topped_up = links()
    seed_bulk(scale=300, clear=True)
    assert links() == topped_up
    gemeente = ContactPoint.objects.filter(
        email__endswith=EMAIL_DOMAIN, organisation__kind=Organisation.Kind.GEMEENTE
    ).count()
    assert gemeente > ContactPoint.objects.filter(email__endswith=EMAIL_DOMAIN).count() / 2


def test_bench_pages_measures_only_the_pages_named_and_refuses_unknown_ones():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Unknown pages: no_such_page"):
        call_command("bench", "--in-place", "--pages=deal_search,no_such_page", stdout=io.StringIO())
    assert [page.name for page in bench.all_pages({"deal_search", "site_search"})] == [
        "deal_search",
        "site_search",
    ]


def test_each_checkout_gets_a_bench_database_of_its_own(monkeypatch):
    monkeypatch.setenv("PYTEST_DB_SUFFIX", "h1")
    assert bench.bench_database_name() == "reisgids_bench_h1"
    monkeypatch.delenv("PYTEST_DB_SUFFIX")
    assert bench.bench_database_name() == "reisgids_bench"


def test_cold_requests_are_taken_in_interleaved_rounds_over_the_pages(settings):
    """A page's cold requests alternate with the other pages' (as the warm ones do), so a burst of load
    on the machine does not land on one page's cold median only."""
    from django.test import Client

    from reisgids.caching import DIRECTORY, version

    settings.ROOT_URLCONF = "reisgids.bench_urls"
    cold_paths = []

    class Recording(Client):
        seen = None

        def get(self, path, *args, **kwargs):
            now = version(DIRECTORY)
            if Recording.seen is not None and now != Recording.seen:  # bumped just before: a cold request
                cold_paths.append(path)
            Recording.seen = now
            return super().get(path, *args, **kwargs)

    client = Recording()
    pages = {"organisation_list", "contactpoint_list"}
    clients = {audience: client for audience in bench.AUDIENCES}
    results, _floors = bench.run_scale(clients, requests=4, warmup=1, log=lambda _m: None, only=pages)

    # the timed cold requests (4 per page and audience), then one cold request per page and audience for
    # its queries; the timed ones go round the pages instead of taking one page's four in a row
    timed = cold_paths[: 4 * 2 * len(bench.AUDIENCES)]
    assert sorted(set(timed)) == ["/aanspreekpunten/", "/partijen/"]
    first_of_the_second = timed.index("/aanspreekpunten/")
    assert "/partijen/" in timed[first_of_the_second:]
    assert all(result["anonymous"]["cold_median_ms"] > 0 for result in results.values())


def test_a_cold_request_outdates_every_namespace_not_only_the_directory():
    """Some kept parts do not depend on the directory (the API's lists of events, news and stories):
    a "cold" request that only bumped the directory found them warm (0 queries)."""
    from reisgids.caching import NAMESPACES, versions_of

    before = versions_of(tuple(NAMESPACES))
    bench.invalidate_fragments()
    after = versions_of(tuple(NAMESPACES))
    assert {name for name in NAMESPACES if after[name] == before[name]} == set()
    assert {"directory", "agenda", "stories", "atlas"} <= set(NAMESPACES)


@pytest.mark.django_db(transaction=True)
def test_the_timings_start_on_a_new_database_connection():
    """The seeding's connection carried the memory of its statements into the timings: in one run a
    cold / took 80 ms in the bench against 43 ms in a new process on the same data."""
    import gc

    from django.db import connection

    connection.ensure_connection()
    seeding = connection.connection
    try:
        bench._settle()
    finally:
        gc.unfreeze()
    assert connection.connection is None or connection.connection is not seeding
