"""The test databases are vacuumed between tests, never during one.

A test's rows are never committed (each test is a transaction rolled back). An ANALYZE or VACUUM that
autovacuum starts during a test (for the rows earlier tests rolled back) counts the running test's
uncommitted rows as none and writes "0 rows on N pages" into ``pg_class`` in place; PostgreSQL then
plans every such table as one row for the rest of the test. On 2,000 deals it planned the filtered
count of ``/deals/`` as nested loops over whole indexes, tied by filters, for each deal: it ran for
over 20 minutes (a CI run), and the worker's next tests failed on the busy connection.

So autovacuum is off for the test databases' tables (``without_autovacuum``), and after a test
(its transaction rolled back, nothing of it left) the tables it left many dead rows in are vacuumed
(``vacuum_what_tests_left``): VACUUM removes them and truncates the empty pages, so the table is what
a new one is to the planner (no pages, estimated from its width and its size as the next test fills
it), and the tables do not grow with every test's rolled-back rows either (the API's exact counts,
for one, read every dead row)."""

from django.db import connections

from tests import db_template

# A table is vacuumed after a test once it holds this many dead rows (the statistics collector's
# count; a backend reports its counts within a few seconds, so a later test's end picks them up).
# Autovacuum's own threshold is 50 + 20 % of the rows; a VACUUM here costs a few milliseconds (39 of
# them after the deals, marktplaats and API query-bound tests: 0.55 s in all).
DEAD_ROWS = 500
# The databases set up for this process's tests (alias -> name), with autovacuum off.
_databases = {}
_server = {}


def without_autovacuum(connection):
    """Autovacuum off for every table of ``connection``'s (test) database; its tables are vacuumed by
    ``vacuum_what_tests_left`` from now on."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "DO $$ DECLARE t regclass; BEGIN FOR t IN SELECT oid::regclass FROM pg_class"
            " WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'"
            " AND NOT coalesce(reloptions, '{}') @> '{autovacuum_enabled=false}' LOOP"
            " EXECUTE format('ALTER TABLE %s SET (autovacuum_enabled = false)', t); END LOOP; END $$"
        )
    _databases[connection.alias] = connection.settings_dict["NAME"]


def _connection(alias):
    """An autocommit connection of our own to the test database (VACUUM runs outside a transaction,
    and not on Django's connection, which the next test's fixtures own)."""
    if alias not in _server or _server[alias].closed:
        _server[alias] = db_template.connect(_databases[alias], connections[alias].settings_dict)
    return _server[alias]


def vacuum_what_tests_left():
    """VACUUM each table with at least ``DEAD_ROWS`` dead rows. Call it between tests only."""
    for alias in _databases:
        server = _connection(alias)
        tables = server.execute(
            "SELECT quote_ident(schemaname) || '.' || quote_ident(relname) FROM pg_stat_user_tables"
            " WHERE n_dead_tup >= %s",
            [DEAD_ROWS],
        ).fetchall()
        for (table,) in tables:
            server.execute(f"VACUUM {table}")


def close():
    """At the end of the session, before the test databases are dropped: no vacuum after that."""
    for server in _server.values():
        server.close()
    _server.clear()
    _databases.clear()
