"""One migrated test database for all pytest-xdist workers of a run.

Migrating the test database (267 migrations) costs about a minute of one core, almost all of it
Django building the migration states in Python. Under pytest-xdist every worker migrated its own
database at the same time, on a machine whose two cores the smoke test shares. Now the first worker
migrates a template database (``<test database>_template``) while the others wait for it (a
PostgreSQL advisory lock), and each worker's database is a copy of it (``CREATE DATABASE … TEMPLATE``,
half a second), which ``setup_databases`` then keeps (its ``migrate`` finds nothing to apply). The
copies are the same database the migrations make; the controller drops the template at the start and
at the end of the run, so a run never starts from an older run's migrations. ``make test`` starts
building it before its other checks (``build_ahead``), so that the migrating overlaps them.
"""

import os

import psycopg
from django.conf import settings
from django.db import connection

# The template this process's test database was copied from (a worker's, once copied).
COPIED_FROM = None
# Set by ``make test`` when it builds the template beside its checks (``build_ahead``): the controller
# then leaves it in place at the start of the run instead of dropping it.
BUILT_AHEAD = "REISGIDS_TEST_TEMPLATE_BUILT_AHEAD"


def template_name():
    """``test_<database>[_<PYTEST_DB_SUFFIX>]_template``: one per run (the suffix separates runs on one
    server), the same in the controller and in every worker (before its test database is set up)."""
    suffix = os.environ.get("PYTEST_DB_SUFFIX")
    return f"test_{connection.settings_dict['NAME']}{f'_{suffix}' if suffix else ''}_template"


def _server():
    """An autocommit connection to the server's maintenance database (not to a test database)."""
    return connect("postgres", connection.settings_dict)


def connect(dbname, db):
    """An autocommit connection of our own to ``dbname`` on the server of the settings ``db``."""
    return psycopg.connect(
        dbname=dbname,
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        autocommit=True,
    )


def _exists(cursor, name):
    cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
    return cursor.fetchone() is not None


def _build(template):
    """Create and migrate ``template`` as Django creates a test database, under a temporary name
    (renamed when done: a template that exists is complete)."""
    building = f"{template}_building"
    test_settings = connection.settings_dict.setdefault("TEST", {})
    own_name, real_name = test_settings.get("NAME"), connection.settings_dict["NAME"]
    test_settings["NAME"] = building
    try:
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    finally:
        connection.close()
        test_settings["NAME"] = own_name
        # create_test_db pointed the connection (and settings.DATABASES) at the new database
        connection.settings_dict["NAME"] = settings.DATABASES[connection.alias]["NAME"] = real_name
    return building


def copy_for_this_worker():
    """Give this worker its test database (``connection``'s, named by the fixtures) as a copy of the
    run's template, building the template first when no worker has yet. Call it before
    ``setup_databases``, which then keeps the copy (``keepdb``)."""
    global COPIED_FROM
    template = template_name()
    own = connection.creation._get_test_db_name()
    with _server() as server, server.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(hashtext(%s))", [template])
        try:
            if not _exists(cursor, template):
                building = _build(template)
                cursor.execute(f'ALTER DATABASE "{building}" RENAME TO "{template}"')
            cursor.execute(f'DROP DATABASE IF EXISTS "{own}"')
            cursor.execute(f'CREATE DATABASE "{own}" TEMPLATE "{template}"')
            COPIED_FROM = template
        finally:
            cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [template])


def _drop(cursor, template):
    cursor.execute(f'DROP DATABASE IF EXISTS "{template}"')
    cursor.execute(f'DROP DATABASE IF EXISTS "{template}_building"')


def drop_template(*, at_start=False):
    """The controller's part, at the start and the end of a run (at the start not when ``make test``
    built the run's template ahead)."""
    if connection.vendor != "postgresql" or (at_start and os.environ.get(BUILT_AHEAD)):
        return
    with _server() as server, server.cursor() as cursor:
        _drop(cursor, template_name())


def build_ahead():
    """Build this run's template anew, holding the lock the workers take to copy it: ``make test``
    runs this beside its checks (Django's checks, ``makemigrations --check``, the translations,
    pytest's start), so the minute of migrating overlaps them; workers that ask for the template
    meanwhile wait for it. Had this failed, the first worker builds the template as without it."""
    if connection.vendor != "postgresql":
        return
    template = template_name()
    with _server() as server, server.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(hashtext(%s))", [template])
        try:
            _drop(cursor, template)
            building = _build(template)
            cursor.execute(f'ALTER DATABASE "{building}" RENAME TO "{template}"')
        finally:
            cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [template])


if __name__ == "__main__":  # ``python -m tests.db_template`` (``make test``)
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reisgids.settings")
    django.setup()
    build_ahead()
