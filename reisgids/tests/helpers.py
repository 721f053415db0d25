"""Request helpers for the apps' page tests."""

from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext


def client_for(user=None):
    """A test client, signed in as ``user`` when one is given."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def warm_queries(client, url):
    """The SQL of a second request to ``url`` (the first one warms the caches); it must answer 200."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in queries]


def assert_one_audit_row(instance, action, actor):
    """Exactly one audit row (``reisgids.audit``) for ``action`` on ``instance``, by ``actor`` (None:
    by nobody, e.g. a beat task)."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ModelLogEntry

    rows = ModelLogEntry.objects.filter(
        action=action, content_type=ContentType.objects.get_for_model(instance), object_id=str(instance.pk)
    )
    assert rows.count() == 1, (action, rows.count())
    assert rows.get().user_id == (actor.pk if actor else None)


def large_table_plan(sql, params=None, *, disable=("seqscan",), drop_indexes=()):
    """PostgreSQL's plan for ``sql`` when a table is too large to read whole (each of ``disable``, e.g.
    ``seqscan``, ``bitmapscan``, ``sort``, is turned off) and without ``drop_indexes`` (a key's index
    with its constraint), in a transaction
    that is rolled back, settings, drops and statistics with it.

    The plan is asked for as on a database that was never analysed: a test database holds a handful
    of rows, on which the planner's statistics (an ANALYZE of another test, whose counts of rows and
    pages PostgreSQL writes in place, not rolled back; autovacuum's visibility map) make two access
    paths cost alike, and CI runs took either. Without them every table is estimated from its width
    alone, so the plan is the same on every run."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE pg_class SET reltuples = -1, relpages = 0, relallvisible = 0 "
            "WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'i')"
        )
        cursor.execute(
            "DELETE FROM pg_statistic WHERE starelid IN "
            "(SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace)"
        )
        for name in drop_indexes:
            cursor.execute(
                "SELECT conrelid::regclass::text, conname FROM pg_constraint WHERE conindid = %s::regclass",
                [f'"{name}"'],
            )
            constraint = cursor.fetchone()
            if constraint:  # a primary key or unique index: its constraint goes, and what refers to it
                cursor.execute(f'ALTER TABLE {constraint[0]} DROP CONSTRAINT "{constraint[1]}" CASCADE')
            else:
                cursor.execute(f'DROP INDEX "{name}"')
        for setting in disable:
            cursor.execute(f"SET LOCAL enable_{setting} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        transaction.set_rollback(True)
    return plan
