"""Periodic work of the kernel (Celery beat, see CELERY_BEAT_SCHEDULE in the settings)."""

from celery import shared_task

from reisgids import retention


@shared_task(name="reisgids.apply_retention")
def apply_retention(batch_size=retention.BATCH_SIZE):
    """Nightly: expired sessions, old notifications and old audit rows (reisgids/retention.py)."""
    return retention.apply_retention(batch_size=batch_size)
