"""One row per piece of work a write asked for (see ``reisgids.outbox.services``)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone


class OutboxMessage(models.Model):
    """A Celery task to run once, by name, with JSON arguments. Pending while ``done_at`` and
    ``failed_at`` are empty; the sweep hands a pending row to Celery again from ``next_attempt_at``.
    ``attempts`` counts how often the row was handed to Celery; ``last_error`` is the latest failure
    of the task or of the broker."""

    task = models.CharField(max_length=200)
    args = models.JSONField(default=list, blank=True)
    kwargs = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    dispatched_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(done_at__isnull=True, failed_at__isnull=True),
                name="outbox_pending_due",
            ),
            models.Index(fields=["done_at"], condition=Q(done_at__isnull=False), name="outbox_done"),
        ]

    def __str__(self):
        return f"{self.task} #{self.pk}"

    @property
    def is_pending(self):
        return self.done_at is None and self.failed_at is None
