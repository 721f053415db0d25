"""Background and periodic work of the kernel (Celery; beat: CELERY_BEAT_SCHEDULE in the settings)."""

from celery import shared_task
from django.core.mail import EmailMultiAlternatives

from reisgids import retention


@shared_task(name="reisgids.apply_retention")
def apply_retention(batch_size=retention.BATCH_SIZE):
    """Nightly: expired sessions, old notifications and old audit rows (reisgids/retention.py)."""
    return retention.apply_retention(batch_size=batch_size)


@shared_task(name="reisgids.send_mail")
def send_email(to, subject, body, html=""):
    """One mail to one address, already rendered (allauth's account mails through
    ``reisgids.accounts.mail``; every other message goes through ``reisgids.notifications``), asked for
    through the outbox. Raises when the mail
    server refuses, so the outbox retries; its row is marked done only after the server accepted."""
    message = EmailMultiAlternatives(subject=subject, body=body, to=[to])
    if html:
        message.attach_alternative(html, "text/html")
    message.send()
