"""Retention (reisgids/retention.py), run by the nightly task on a real Celery worker: exactly the old
rows and the expired sessions go, the rest stays, and a second run deletes nothing more."""

import datetime
from importlib import import_module

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry, Page, PageLogEntry

from reisgids import audit, retention
from reisgids.notifications.models import Digest, Notification
from reisgids.notifications.tests.factories import NotificationFactory
from reisgids.tasks import apply_retention
from reisgids.tests.factories import OrganisationFactory, UserFactory
from tests.celery_worker import wait_for_tasks


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def old_and_new_rows():
    """Rows on both sides of every limit (defaults: read notifications 90 days, all notifications
    365 days, audit rows 730 days). Returns (the ids that must go, the ids that must stay) per model."""
    user = UserFactory()
    go, stay = {}, {}

    def session(key, expires):
        return Session.objects.create(session_key=key, session_data="e30:", expire_date=expires).pk

    go[Session] = {session("expired1", days_ago(1)), session("expired2", days_ago(30))}
    stay[Session] = {session("current", timezone.now() + datetime.timedelta(days=14))}

    def notification(age, **kwargs):
        return NotificationFactory(recipient=user, created_at=days_ago(age), **kwargs).pk

    read = {"read_at": days_ago(1)}
    go[Notification] = {notification(100, **read), notification(91, **read), notification(400, **read)}
    go[Notification] |= {notification(366), notification(500)}
    stay[Notification] = {notification(89, **read), notification(100), notification(364), notification(0)}

    go[Digest] = {Digest.objects.create(recipient=user, day=days_ago(400).date()).pk}
    stay[Digest] = {Digest.objects.create(recipient=user, day=days_ago(10).date()).pk}

    organisation = OrganisationFactory()
    page = Page.objects.get(slug="privacy")
    entries = {}
    for name, instance, action, age in [
        ("old model", organisation, "reisgids.organisation.create", 800),
        ("old model 2", organisation, "reisgids.organisation.update", 731),
        ("new model", organisation, "reisgids.organisation.update", 700),
        ("old page", page, "wagtail.edit", 900),
        ("new page", page, "wagtail.publish", 10),
    ]:
        if isinstance(instance, Page):
            entry = log(instance, action, user=user)
        else:
            entry = audit.record(instance, action, actor=user)
        type(entry).objects.filter(pk=entry.pk).update(timestamp=days_ago(age))
        entries[name] = entry.pk
    go[ModelLogEntry] = {entries["old model"], entries["old model 2"]}
    stay[ModelLogEntry] = {entries["new model"]}
    go[PageLogEntry] = {entries["old page"]}
    stay[PageLogEntry] = {entries["new page"]}
    return go, stay


def remaining(model, ids):
    return set(model.objects.filter(pk__in=ids).values_list("pk", flat=True))


@pytest.mark.django_db(transaction=True)
def test_the_nightly_task_deletes_exactly_the_old_rows(celery_worker_real):
    go, stay = old_and_new_rows()

    apply_retention.delay(batch_size=2)  # several batches per kind
    wait_for_tasks(celery_worker_real)

    for model in go:
        assert remaining(model, go[model]) == set(), model.__name__
        assert remaining(model, stay[model]) == stay[model], model.__name__

    apply_retention.delay(batch_size=2)  # a second night: nothing more goes
    wait_for_tasks(celery_worker_real)
    for model in stay:
        assert remaining(model, stay[model]) == stay[model], model.__name__


@pytest.mark.django_db
def test_retention_periods_come_from_the_settings_and_deletes_in_bounded_batches(settings):
    settings.RETENTION_NOTIFICATIONS_DAYS = 30
    settings.RETENTION_READ_NOTIFICATIONS_DAYS = 7
    user = UserFactory()
    for age in (31, 40, 50, 60, 70):
        NotificationFactory(recipient=user, created_at=days_ago(age))
    kept_unread = NotificationFactory(recipient=user, created_at=days_ago(20))
    NotificationFactory(recipient=user, created_at=days_ago(8), read_at=days_ago(8))

    with CaptureQueriesContext(connection) as queries:
        deleted = retention.apply_retention(batch_size=2)

    assert deleted["notifications"] == 5
    assert deleted["read_notifications"] == 1
    assert list(Notification.objects.values_list("pk", flat=True)) == [kept_unread.pk]
    deletes = [
        q["sql"] for q in queries.captured_queries if q["sql"].startswith('DELETE FROM "notifications')
    ]
    assert len(deletes) >= 3  # 5 old notifications in batches of at most 2
    assert retention.apply_retention(batch_size=2)["notifications"] == 0


def test_the_task_runs_nightly():
    from django.conf import settings

    schedule = {entry["task"]: entry["schedule"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert schedule["reisgids.apply_retention"].hour == {3}


@pytest.mark.django_db
def test_the_privacy_statement_states_the_retention_periods(client):
    html = client.get("/privacy/").content.decode()
    assert "een gelezen melding na 90 dagen, elke andere melding na een jaar" in html
    assert "<b>Logboek van wijzigingen</b>: na twee jaar." in html


@pytest.mark.django_db
def test_the_data_migration_updates_an_unchanged_privacy_statement_only():
    from django.apps import apps

    from atlas.content import PRIVACY
    from atlas.models import StandardPage

    migration = import_module("atlas.migrations.0005_privacy_retention")
    later = import_module("atlas.migrations.0007_english")  # the statement as 0005 left it
    before_0006 = [
        {**block, "value": block["value"].replace(later.NEW, later.OLD)} for block in PRIVACY["body"]
    ]
    old_values = {new: old for old, new in migration.REPLACEMENTS.items()}
    old_default = [(block["type"], old_values.get(block["value"], block["value"])) for block in before_0006]
    new_default = [(block["type"], block["value"]) for block in before_0006]

    def body_of(page):
        page.refresh_from_db()
        return [(block["type"], block["value"]) for block in page.body.raw_data]

    privacy = StandardPage.objects.get(slug="privacy")
    privacy.body = old_default
    privacy.save()
    migration.state_retention(apps, None)
    assert body_of(privacy) == new_default

    edited = [*old_default[:-1], ("paragraph", "<p>Eigen tekst van de redactie.</p>")]
    privacy.body = edited
    privacy.save()
    migration.state_retention(apps, None)
    assert body_of(privacy) == edited


@pytest.mark.django_db
def test_the_privacy_statement_names_no_language_cookie(client):
    """The address decides the language (issue 16): 0006 takes the cookie out of the statement."""
    from django.apps import apps

    from atlas.models import StandardPage

    later = import_module("atlas.migrations.0007_english")
    html = client.get("/privacy/").content.decode()
    assert "django_language" not in html and "/en/" in html
    privacy = StandardPage.objects.get(slug="privacy")
    privacy.body = [
        {"type": block["type"], "value": block["value"].replace(later.NEW, later.OLD)}
        for block in privacy.body.raw_data
    ]
    privacy.save()
    later.forwards(apps, None)
    privacy.refresh_from_db()
    assert not any("django_language" in block["value"] for block in privacy.body.raw_data)
