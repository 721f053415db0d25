"""Periodic work of the intake (scheduled in settings.CELERY_BEAT_SCHEDULE): a reminder to whoever
holds a step that went past its due date (triage within INTAKE_TRIAGE_WORKING_DAYS working days, the
other steps within INTAKE_STEP_WORKING_DAYS). The beat task collects the steps and fans out one task
per step; each writes its unique OverdueReminder row in the transaction that asks for the mails, so a
second run, a retry, or a task run again after its worker died sends nothing more for that step."""

from celery import shared_task
from django.db import transaction

from intake import services
from reisgids.outbox.services import enqueue_many


@shared_task(name="intake.send_overdue_reminders")
def send_overdue_reminders():
    ids = services.overdue_steps_to_remind()
    # Handed to Celery through the outbox (after commit; kept when the broker is down).
    with transaction.atomic():
        enqueue_many(remind_overdue, [(period_id,) for period_id in ids])
    return {"steps": len(ids)}


@shared_task(name="intake.remind_overdue")
def remind_overdue(period_id):
    return services.intake_remind_overdue(period_id=period_id)


@shared_task(name="intake.send_request_reminders")
def send_request_reminders():
    """Weekly: whoever answers an overdue request of the initiators is reminded, once per request per
    week (a unique RequestReminder row per request and week)."""
    ids = services.overdue_requests_to_remind()
    with transaction.atomic():
        enqueue_many(remind_request, [(request_id,) for request_id in ids])
    return {"requests": len(ids)}


@shared_task(name="intake.remind_request")
def remind_request(request_id):
    return services.request_remind_overdue(request_id=request_id)
