"""The test databases of a pytest-xdist run are copies of one migrated template (``tests.db_template``):
the copy a worker tests on has every migration applied, as a database the worker migrated itself."""

import os

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests import db_template


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
