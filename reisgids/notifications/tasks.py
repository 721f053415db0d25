"""Notification mail. ``send_notification_email`` mails one notification to a recipient who chose
"direct". ``send_daily_digests`` (Celery beat, daily) collects in ONE query the recipients who chose
"daily" and have something new, and asks (through the outbox) for ``send_digest_batch`` tasks of at
most ``DIGEST_BATCH_SIZE`` recipient ids each. Every task is safe to run twice: a mailed notification
has ``emailed_at``, and a digest is a unique (recipient, day) row. Both are written in the transaction
that sends the mail, and committed only after the mail server accepted it: when sending fails the
transaction rolls back, nothing is marked, and the outbox tries again (``reisgids.outbox.tasks``)."""

import datetime

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from reisgids.models import User
from reisgids.notifications.models import Digest, Notification
from reisgids.outbox.services import enqueue_many

DIGEST_BATCH_SIZE = 100
# A digest lists at most this many notifications; the rest are counted and linked.
DIGEST_MAX_LISTED = 50
SUBJECT_PREFIX = "[Reisgids] "


def absolute_url(path):
    return f"{settings.SITE_URL}{path}" if path else ""


def _send_mail(*, recipient, subject, template, context):
    """Render ``template``.txt and .html in ``recipient``'s language and send them one mail."""
    with translation.override(recipient.language):
        context = {
            "site_name": settings.WAGTAIL_SITE_NAME,
            "site_url": settings.SITE_URL,
            "notifications_url": absolute_url(reverse("notification_list")),
            "preferences_url": absolute_url(reverse("profile")),
            **context,
        }
        text = render_to_string(f"notifications/email/{template}.txt", context)
        html = render_to_string(f"notifications/email/{template}.html", context)
    message = EmailMultiAlternatives(
        subject=SUBJECT_PREFIX + subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[recipient.email],
    )
    message.attach_alternative(html, "text/html")
    message.send()


def _recipient_can_receive(user):
    return user.is_active and user.anonymised_at is None and bool(user.email)


@shared_task(name="notifications.send_notification_email")
def send_notification_email(notification_id):
    """Mail one notification to its recipient (preference "direct"). Nothing happens when it was
    already mailed, already read, or the recipient can no longer receive mail."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("recipient", "actor")
            .filter(pk=notification_id, emailed_at__isnull=True, read_at__isnull=True)
            .first()
        )
        if notification is None or not _recipient_can_receive(notification.recipient):
            return False
        recipient = notification.recipient
        context = {
            "recipient": recipient,
            "notification": notification,
            "link": absolute_url(notification.url),
        }
        # Raises when the mail server refuses; then nothing is marked and the outbox retries.
        _send_mail(
            recipient=recipient, subject=notification.subject, template="notification", context=context
        )
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return True


def digest_pending(*, until):
    """Notifications that still belong in a daily digest: unread, never mailed, in no digest,
    created before ``until``, for an active recipient who chose "daily"."""
    return Notification.objects.filter(
        created_at__lt=until,
        read_at__isnull=True,
        emailed_at__isnull=True,
        digest__isnull=True,
        recipient__notification_preference=User.NotificationPreference.DAILY,
        recipient__is_active=True,
        recipient__anonymised_at__isnull=True,
    )


@shared_task(name="notifications.send_daily_digests")
def send_daily_digests(now_iso=None):
    """Beat task: one query for the recipients with something to tell who had no digest today yet,
    then one ``send_digest_batch`` task per batch of ``DIGEST_BATCH_SIZE`` recipient ids, asked for
    through the outbox. ``now_iso`` (an ISO date-time) replays the run of another moment, e.g. after
    an outage. Returns the number of batches asked for."""
    now = datetime.datetime.fromisoformat(now_iso) if now_iso else timezone.now()
    day = timezone.localdate(now)
    had_digest_today = Digest.objects.filter(recipient_id=OuterRef("recipient_id"), day=day)
    recipient_ids = list(
        digest_pending(until=now)
        .filter(~Exists(had_digest_today))
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    batches = [
        recipient_ids[start : start + DIGEST_BATCH_SIZE]
        for start in range(0, len(recipient_ids), DIGEST_BATCH_SIZE)
    ]
    enqueue_many(send_digest_batch, [(batch, day.isoformat(), now.isoformat()) for batch in batches])
    return len(batches)


@shared_task(name="notifications.send_digest_batch")
def send_digest_batch(recipient_ids, day_iso, until_iso=None):
    """Send the digest of ``day_iso`` to each recipient in ``recipient_ids``; returns how many
    mails were sent. A recipient who already has that day's digest, or has nothing new, gets none."""
    day = datetime.date.fromisoformat(day_iso)
    until = datetime.datetime.fromisoformat(until_iso) if until_iso else timezone.now()
    sent = 0
    for recipient_id in recipient_ids:
        if _send_digest(recipient_id=recipient_id, day=day, until=until):
            sent += 1
    return sent


@transaction.atomic
def _send_digest(*, recipient_id, day, until):
    # Lock the recipient so two runs for the same person and day take turns.
    recipient = User.objects.select_for_update().filter(pk=recipient_id).first()
    if recipient is None or not _recipient_can_receive(recipient):
        return False
    if Digest.objects.filter(recipient=recipient, day=day).exists():
        return False
    pending = digest_pending(until=until).filter(recipient=recipient)
    ids = list(
        pending.select_for_update(of=("self",)).order_by("-created_at", "-id").values_list("pk", flat=True)
    )
    if not ids:
        return False
    digest, created = Digest.objects.get_or_create(recipient=recipient, day=day)
    if not created:
        return False
    Notification.objects.filter(pk__in=ids).update(digest=digest)
    listed = list(
        Notification.objects.filter(pk__in=ids[:DIGEST_MAX_LISTED])
        .select_related("actor")
        .order_by("-created_at", "-id")
    )
    for notification in listed:
        notification.link = absolute_url(notification.url)
    count = len(ids)
    with translation.override(recipient.language):
        subject = ngettext(
            "You have %(count)s new notification", "You have %(count)s new notifications", count
        ) % {"count": count}
    context = {
        "recipient": recipient,
        "notifications": listed,
        "count": count,
        "more": count - len(listed),
        "day": day,
    }
    # Raises when the mail server refuses: the digest row and the notifications' link to it roll back.
    _send_mail(recipient=recipient, subject=subject, template="digest", context=context)
    return True
