"""``manage.py seed_bulk`` and ``manage.py bench`` at tiny scales: structure and query counts only,
nothing that depends on the speed of the machine."""

import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reisgids.management.commands import bench
from reisgids.management.commands.seed_bulk import EMAIL_DOMAIN, SLUG_PREFIX, seed_bulk
from reisgids.models import ContactPoint, Instrument, Organisation

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


def test_bench_prints_one_json_report_with_equal_query_counts_at_both_scales():
    out = io.StringIO()
    call_command(
        "bench",
        "--in-place",
        "--small=10",
        "--large=20",
        "--requests=3",
        "--warmup=1",
        stdout=out,
        verbosity=0,
    )
    report = json.loads(out.getvalue())

    assert report["scales"]["small"]["organisations"] == 10
    assert report["scales"]["large"]["organisations"] == 20
    assert report["scales"]["large"]["contact_points"] == 4
    # the deals app's bench module: one deal for every two organisations, with its pages
    assert report["scales"]["small"]["deals"] == 5
    assert report["scales"]["large"]["deals"] == 10
    assert {"deal_list", "deal_list_filtered", "deal_search", "deal_detail"} <= set(bench.all_target_pages())
    assert [page["name"] for page in report["pages"]] == [page.name for page in bench.all_pages()]
    for page in report["pages"]:
        for scale in ("small", "large"):
            result = page[scale]
            assert result["status"] == 200, page["path"]
            assert result["queries"] > 0 or page["path"] == "/"
            assert 0 < result["median_ms"] <= result["p95_ms"]
            assert result["floor_ratio"] > 0
        assert page["small"]["queries"] == page["large"]["queries"], page["path"]
        assert page["scale_ratio"] > 0

    for scale in ("small", "large"):
        floors = report["floor"][scale]
        assert [floor["page"] for floor in floors] == [page.name for page in bench.all_pages()]
        for floor, page in zip(floors, report["pages"], strict=True):
            assert floor["queries"] == 0
            assert floor["bytes"] == page[scale]["bytes"]

    checks = {(target["page"], target["check"]): target for target in report["targets"]}
    assert set(checks) == {
        (page, check)
        for page in bench.all_target_pages()
        for check in ("floor_ratio", "queries", "scale_ratio")
    }
    assert report["targets_hold"] == all(target["holds"] for target in report["targets"])
    # The query bound does not depend on the machine: it must hold even in this tiny run.
    for page in bench.all_target_pages():
        assert checks[(page, "queries")]["holds"], checks[(page, "queries")]


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
