"""Request helpers for the apps' page tests."""

from django.db import connection
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
