"""Background work of the core."""

from celery import shared_task
from django.core.mail import send_mail


@shared_task(name="reisgids.send_mail")
def send_plain_mail(to, subject, body):
    """One plain-text mail to one address (membership requests and decisions, asked for through the
    outbox by ``reisgids.services``). Raises when the mail server refuses, so the outbox retries; the
    outbox row is marked done only after the server accepted the mail."""
    send_mail(subject, body, None, [to])
