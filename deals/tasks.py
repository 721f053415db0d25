"""Periodic work of the deals (scheduled in settings.CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from deals import services


@shared_task(name="deals.lapse_invitations")
def lapse_invitations():
    """Let invitations that nobody answered for ``DEAL_INVITATION_LAPSE_DAYS`` lapse, with a line on
    the deal's timeline, an audit row and a notification to the trekker and the invited
    organisation. Safe to run again: an invitation that lapsed is no longer open."""
    return {"lapsed": services.lapse_invitations()}
