"""Periodic work of the schouw (Celery beat, CELERY_BEAT_SCHEDULE in the settings)."""

from celery import shared_task

from schouw import services


@shared_task(name="schouw.send_reminders")
def send_reminders():
    """Daily: remind the partners of every schouw planned within SCHOUW_REMINDER_DAYS, once."""
    return services.send_reminders()
