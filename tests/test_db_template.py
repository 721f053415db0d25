"""The test databases of a pytest-xdist run are copies of one migrated template (``tests.db_template``):
the copy a worker tests on has every migration applied, as a database the worker migrated itself."""

import os

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests import db_template, db_vacuum


@pytest.mark.django_db
def test_this_database_has_every_migration_applied():
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    assert executor.loader.applied_migrations.keys() >= set(executor.loader.graph.nodes)


@pytest.mark.django_db
@pytest.mark.skipif(
    not os.environ.get("PYTEST_XDIST_WORKER"), reason="only pytest-xdist workers copy a template"
)
def test_under_xdist_the_database_is_a_copy_of_the_runs_template():
    template = db_template.COPIED_FROM
    assert template is not None and template.endswith("_template")
    with connection.cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database WHERE datname = %s", [template])
        assert cursor.fetchall() == [(template,)]
        cursor.execute("SELECT current_database()")
        assert os.environ["PYTEST_XDIST_WORKER"] in cursor.fetchone()[0]


@pytest.mark.django_db
def test_autovacuum_leaves_the_test_databases_tables_alone():
    """Autovacuum counts a running test's uncommitted rows as none and writes that into the planner's
    statistics in place (``tests.db_vacuum``): off for every table."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'"
            " AND NOT coalesce(reloptions, '{}') @> '{autovacuum_enabled=false}'"
        )
        assert cursor.fetchall() == []
        cursor.execute("SELECT count(*) FROM pg_class WHERE relname IN ('deals_deal', 'deals_dealpartner')")
        assert cursor.fetchone()[0] == 2


@pytest.mark.django_db
def test_a_statement_on_a_test_connection_stops_after_a_minute():
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "1min"


@pytest.mark.django_db
def test_a_commit_on_a_test_connection_does_not_wait_for_the_disk():
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "off"


@pytest.mark.django_db
def test_between_tests_a_table_with_many_dead_rows_is_vacuumed_to_no_pages():
    """A table that a rolled-back transaction left thousands of dead rows in is vacuumed by the hook
    that runs after each test: no dead rows, no pages (the planner estimates it as a new table)."""
    server = db_vacuum._connection("default")

    def state():
        return server.execute(
            "SELECT n_dead_tup, pg_relation_size('deals_risk') FROM pg_stat_user_tables"
            " WHERE relname = 'deals_risk'"
        ).fetchone()

    with pytest.raises(ZeroDivisionError), server.transaction():
        server.execute(
            "INSERT INTO deals_risk (deal_id, description, likelihood, impact, mitigation, owner)"
            " SELECT 0, repeat('x', 200), 'medium', 'medium', '', '' FROM generate_series(1, %s)",
            [db_vacuum.DEAD_ROWS + 500],
        )
        raise ZeroDivisionError  # rolled back: the rows are dead
    server.execute("SELECT pg_stat_force_next_flush()")
    server.execute("SELECT pg_stat_clear_snapshot()")
    dead, size = state()
    assert dead >= db_vacuum.DEAD_ROWS and size > 0
    db_vacuum.vacuum_what_tests_left()
    server.execute("SELECT pg_stat_clear_snapshot()")
    assert state() == (0, 0)


@pytest.mark.django_db
def test_once_the_databases_are_dropped_nothing_is_vacuumed():
    """The last test's teardown drops the test databases before the vacuum hook runs (a CI run: two
    errors, "database … does not exist"): after ``close`` the hook connects to nothing."""
    db_vacuum.close()
    try:
        db_vacuum.vacuum_what_tests_left()
        assert db_vacuum._server == {}
    finally:
        db_vacuum.without_autovacuum(connection)
