"""Retention: personal data is kept no longer than the privacy statement (/privacy/) says.

``apply_retention`` (Celery beat, nightly: ``reisgids.apply_retention`` in reisgids/tasks.py) removes
- expired sessions (what ``manage.py clearsessions`` does);
- read notifications older than ``RETENTION_READ_NOTIFICATIONS_DAYS``, every notification and daily
  digest record older than ``RETENTION_NOTIFICATIONS_DAYS``;
- audit rows (Wagtail's log of every change, page and model entries) older than ``RETENTION_AUDIT_DAYS``.

Rows go in batches of ``batch_size`` ids, each batch its own short transaction, so memory and lock
time stay bounded however much has piled up. Running it again deletes nothing more: it is idempotent."""

import datetime
import logging
from importlib import import_module

from django.conf import settings
from django.utils import timezone
from wagtail.log_actions import registry as log_registry

from reisgids.notifications.models import Digest, Notification
from reisgids.notifications.selectors import forget_unread_counts

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000


def delete_in_batches(queryset, *, batch_size=BATCH_SIZE):
    """Delete every row of ``queryset``, ``batch_size`` at a time; returns how many went."""
    model = queryset.model
    ids = queryset.order_by().values_list("pk", flat=True)
    total = 0
    while batch := list(ids[:batch_size]):
        model._default_manager.filter(pk__in=batch).delete()
        total += len(batch)
    return total


def clear_expired_sessions(*, now, batch_size=BATCH_SIZE):
    """Expired sessions of the database backend in batches; other backends clear their own (cache
    sessions expire by themselves, like ``clearsessions`` they answer NotImplementedError)."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    if hasattr(store, "get_model_class"):
        return delete_in_batches(
            store.get_model_class().objects.filter(expire_date__lt=now), batch_size=batch_size
        )
    try:
        store.clear_expired()
    except NotImplementedError:
        pass
    return 0


def apply_retention(*, batch_size=BATCH_SIZE, now=None):
    """Apply every retention period; returns the number of rows deleted per kind."""
    now = now or timezone.now()

    def before(days):
        return now - datetime.timedelta(days=days)

    read_limit = before(settings.RETENTION_READ_NOTIFICATIONS_DAYS)
    notification_limit = before(settings.RETENTION_NOTIFICATIONS_DAYS)
    audit_limit = before(settings.RETENTION_AUDIT_DAYS)
    expired = Notification.objects.filter(created_at__lt=notification_limit)
    unread_of = set(expired.filter(read_at__isnull=True).values_list("recipient_id", flat=True).distinct())
    deleted = {
        "sessions": clear_expired_sessions(now=now, batch_size=batch_size),
        "read_notifications": delete_in_batches(
            Notification.objects.filter(read_at__isnull=False, created_at__lt=read_limit),
            batch_size=batch_size,
        ),
        "notifications": delete_in_batches(expired, batch_size=batch_size),
        "digests": delete_in_batches(
            Digest.objects.filter(day__lt=timezone.localdate(notification_limit)), batch_size=batch_size
        ),
        "audit": sum(
            delete_in_batches(model.objects.filter(timestamp__lt=audit_limit), batch_size=batch_size)
            for model in log_registry.get_log_entry_models()
        ),
    }
    forget_unread_counts(*unread_of)  # their unread notifications went
    logger.info("Retention applied: %s", deleted)
    return deleted
