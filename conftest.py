"""Shared pytest set-up. The database is PostgreSQL and the cache Redis (see the Makefile's
``test`` target for the environment); nothing a user touches is mocked."""

import os

import pytest

from tests import db_vacuum
from tests.celery_worker import celery_test_queue, celery_worker_real, private_broker  # noqa: F401 - shared fixtures
from tests.redis_server import private_redis, private_redis_cache  # noqa: F401 - shared fixtures
from tests.smtp_server import smtp_server  # noqa: F401 - shared fixtures

# Under pytest-xdist (make test runs two workers) each worker gets its own cache prefix, as it gets its
# own test database: the workers share one Redis, and one worker's cache clearing or rate limits must
# not reach the other's. Subprocesses (a `manage.py` a test starts) inherit the variable.
XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if XDIST_WORKER:
    os.environ["CACHE_KEY_PREFIX"] = f"{os.environ.get('CACHE_KEY_PREFIX', 'reisgids-test')}-{XDIST_WORKER}"


def pytest_configure(config):
    from django.conf import settings
    from django.test import override_settings

    caches = settings.CACHES
    if XDIST_WORKER and "KEY_PREFIX" in caches["default"]:
        caches = {**caches, "default": {**caches["default"], "KEY_PREFIX": os.environ["CACHE_KEY_PREFIX"]}}
    from tests.browser import AXE_DIR

    # Tests serve static files straight from the finders; no collectstatic manifest needed. The
    # browser tests load axe-core from there too (``tests.browser.AXE_URL``).
    override_settings(
        CACHES=caches,
        # A fast hasher: the default PBKDF2 costs ~0.3 s for every user a test creates or signs in.
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        STATICFILES_DIRS=[*settings.STATICFILES_DIRS, ("tests-axe", AXE_DIR)],
    ).enable()

    _flush_by_delete()
    _test_connection_options(settings)

    # Celery tasks run inline in tests (as without REDIS_URL), so nothing lands on the shared Redis.
    # Task tests with a real worker switch this off: reisgids/notifications/tests/conftest.py.
    from reisgids.celery import app as celery_app

    celery_app.conf.task_always_eager = True


def _flush_by_delete():
    """A transactional test (browser journeys, live server, a real worker) ends with Django's
    ``flush``, which on PostgreSQL empties the ~160 tables with one TRUNCATE: ~0.9 s, as each table and
    index gets new files, for the few rows a test wrote. DELETE FROM each table empties them in
    ~0.05 s, in the one transaction ``flush`` runs, where the foreign keys (all DEFERRABLE INITIALLY
    DEFERRED, as Django makes them) are checked at its end. The same rows go, the same database; only
    the statement differs. A flush that resets sequences or cascades keeps Django's TRUNCATE."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    truncate = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if reset_sequences or allow_cascade:
            return truncate(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return [f"{style.SQL_KEYWORD('DELETE FROM')} {style.SQL_FIELD(self.quote_name(t))};" for t in tables]

    DatabaseOperations.sql_flush = sql_flush


# A statement that runs longer than this on a test database fails its test (a catastrophic plan once
# ran one count for over 20 minutes, and the worker's next tests failed on the busy connection).
STATEMENT_TIMEOUT = "60s"


def _test_connection_options(settings):
    """Every test connection to PostgreSQL ends a statement after ``STATEMENT_TIMEOUT`` (one bad plan
    fails one test, with the statement in its error, instead of holding the run until its end), and
    its commits do not wait for the disk (the test databases are thrown away)."""
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("postgresql"):
        options = database.setdefault("OPTIONS", {})
        settings_ = f"-c statement_timeout={STATEMENT_TIMEOUT} -c synchronous_commit=off"
        options["options"] = f"{options.get('options', '')} {settings_}".strip()


def clear_cache():
    """Empty this run's cache: on Redis only the keys under our CACHE_KEY_PREFIX go
    (``reisgids.redis_cache.ResilientRedisCache.clear``), not Celery's queues or other runs' keys."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def demo_data():
    """A test on the demo data as ``seed_demo`` leaves it (seeded in the test's transaction). Seeded per
    test: a module-scoped seed in an outer transaction let tests of other modules run inside it when
    pytest-xdist's worksteal moved the next test (a CI run: 47 failures)."""
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Each test gets its own media folder, an empty cache (so rate limits start fresh) and
    starts in Dutch (a request handled in an earlier test may have activated English)."""
    from django.utils import translation

    settings.MEDIA_ROOT = tmp_path / "media"
    clear_cache()
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()
    clear_cache()


@pytest.fixture(autouse=True)
def _site_tree(request):
    """The Wagtail page tree (home page, section indexes) comes from migrations; a transactional test's
    flush removes it, so every database test gets it back first (two queries when it is there)."""
    marker = request.node.get_closest_marker("django_db")
    uses_db = marker or {"db", "transactional_db", "live_server"} & set(request.fixturenames)
    if uses_db:
        request.getfixturevalue("transactional_db" if marker and marker.kwargs.get("transaction") else "db")
        from atlas.treebuild import ensure_site_tree

        ensure_site_tree()


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """PYTEST_DB_SUFFIX=name gives this run its own test database (several runs on one server)."""
    suffix = os.environ.get("PYTEST_DB_SUFFIX")
    if suffix:
        from django.conf import settings

        for db in settings.DATABASES.values():
            test = db.setdefault("TEST", {})
            test["NAME"] = f"{test.get('NAME') or 'test_' + db['NAME']}_{suffix}"


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """pytest-django's set-up of the test databases, with one difference: a pytest-xdist worker's
    database is a copy of the run's migrated template (``tests.db_template``), which only the first
    worker migrates, instead of every worker migrating its own at the same time."""
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _disable_migrations, _get_databases_for_setup

    keepdb = django_db_keepdb and not django_db_createdb
    if not django_db_use_migrations:
        _disable_migrations()
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    copied = XDIST_WORKER and not keepdb and django_db_use_migrations and connection.vendor == "postgresql"
    verbosity = request.config.option.verbose
    with django_db_blocker.unblock():
        if copied:
            from tests import db_template

            db_template.copy_for_this_worker()
        config = setup_databases(
            verbosity=verbosity,
            interactive=False,
            aliases=aliases,
            serialized_aliases=serialized_aliases,
            keepdb=keepdb or bool(copied),
        )
        from django.db import connections

        for alias in aliases:
            db_vacuum.without_autovacuum(connections[alias])
    yield
    db_vacuum.close()
    if not django_db_keepdb:
        with django_db_blocker.unblock():
            teardown_databases(config, verbosity=verbosity)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a test's fixtures are gone (its transaction rolled back), the tables it left many dead
    rows in are vacuumed (``tests.db_vacuum``)."""
    result = yield
    db_vacuum.vacuum_what_tests_left()
    return result


def _xdist_controller(config):
    return not XDIST_WORKER and config.pluginmanager.has_plugin("dsession")


def pytest_sessionstart(session):
    """The controller of a pytest-xdist run drops a template an earlier run left (its migrations may be
    older); the first worker builds it anew, unless ``make test`` is building it already."""
    if _xdist_controller(session.config):
        from tests import db_template

        db_template.drop_template(at_start=True)


def pytest_sessionfinish(session):
    if _xdist_controller(session.config):
        from tests import db_template

        db_template.drop_template()
