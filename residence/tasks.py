"""Periodic work of the residencies (scheduled in settings.CELERY_BEAT_SCHEDULE): the weekly reminder
about concerns open longer than RESIDENCE_REMINDER_AFTER_DAYS. The beat task collects the ids and fans
out one task per concern; each writes its unique (concern, ISO week) row in the transaction that asks
for the mails, so a second run of the beat task, a retry, or a task run again after its worker died,
sends nothing more that week."""

from celery import shared_task
from django.db import transaction

from reisgids.outbox.services import enqueue_many
from residence import services


@shared_task(name="residence.send_concern_reminders")
def send_concern_reminders():
    week, ids = services.concerns_to_remind()
    # Handed to Celery through the outbox (after commit; kept when the broker is down).
    with transaction.atomic():
        enqueue_many(remind_concern, [(concern_id, week) for concern_id in ids])
    return {"week": week, "concerns": len(ids)}


@shared_task(name="residence.remind_concern")
def remind_concern(concern_id, week):
    return services.concern_remind(concern_id=concern_id, week=week)
