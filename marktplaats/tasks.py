"""Periodic work of the marktplaats (scheduled in settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from marktplaats import services


@shared_task(name="marktplaats.expire_listings")
def expire_listings():
    """Expire listings past their end date and remind posters once, a week before. Safe to run
    again: expired listings are skipped and ``reminder_sent_at`` marks a reminder as sent."""
    expired, reminded = services.expire_and_remind()
    return {"expired": expired, "reminded": reminded}
