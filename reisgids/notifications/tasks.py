"""Notification mail. ``send_notification_email`` mails one notification to a recipient who chose
"direct". ``send_daily_digests`` and ``send_weekly_digests`` (Celery beat) start a digest round on the
exactly-once mechanism of ``reisgids.notifications.once``: pages of ONE query for the recipients who
chose "daily" (or "weekly") and have something new, each asking (through the outbox) for batch tasks of
at most ``DIGEST_BATCH_SIZE`` recipient ids. Every task is safe to run twice: a mailed notification
has ``emailed_at``, and a digest is a unique (recipient, kind, day) row (day: the period's first day).
Both are written in the transaction
that sends the mail, and committed only after the mail server accepted it: when sending fails the
transaction rolls back, nothing is marked, and the outbox tries again (``reisgids.outbox.tasks``)."""

import datetime

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import ngettext

from reisgids.models import User
from reisgids.notifications import once
from reisgids.notifications.models import Digest, Notification

DIGEST_BATCH_SIZE = once.BATCH_SIZE
# A digest lists at most this many notifications; the rest are counted and linked.
DIGEST_MAX_LISTED = 50
SUBJECT_PREFIX = "[Reisgids] "


def absolute_url(path):
    return f"{settings.SITE_URL}{path}" if path else ""


def _send_mail(*, recipient, subject, template, context, connection=None):
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
        connection=connection,
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


def digest_pending(*, until, preference=User.NotificationPreference.DAILY):
    """Notifications that still belong in a digest: unread, never mailed, in no digest, created
    before ``until``, for an active recipient who chose ``preference`` (daily or weekly)."""
    return Notification.objects.filter(
        created_at__lt=until,
        read_at__isnull=True,
        emailed_at__isnull=True,
        digest__isnull=True,
        recipient__notification_preference=preference,
        recipient__is_active=True,
        recipient__anonymised_at__isnull=True,
    )


# kind -> (preference, the first day of the period that contains ``day``)
DIGEST_KINDS = {
    Digest.Kind.DAILY: (User.NotificationPreference.DAILY, lambda day: day),
    Digest.Kind.WEEKLY: (
        User.NotificationPreference.WEEKLY,
        lambda day: day - datetime.timedelta(days=day.weekday()),
    ),
}


def _digest_recipients(params, after_id, limit):
    """The recipients of a digest round (``params``: kind, day, until) with something to tell and
    no digest of that period yet, by id after ``after_id``: one query."""
    kind, day = params["kind"], datetime.date.fromisoformat(params["day"])
    until = datetime.datetime.fromisoformat(params["until"])
    preference, _start = DIGEST_KINDS[kind]
    had_digest = Digest.objects.filter(recipient_id=OuterRef("recipient_id"), kind=kind, day=day)
    return (
        digest_pending(until=until, preference=preference)
        .filter(~Exists(had_digest), recipient_id__gt=after_id)
        .order_by("recipient_id")
        .values_list("recipient_id", flat=True)
        .distinct()[:limit]
    )


def _start_round(kind, now_iso):
    now = datetime.datetime.fromisoformat(now_iso) if now_iso else timezone.now()
    day = DIGEST_KINDS[kind][1](timezone.localdate(now))
    params = {"kind": kind, "day": day.isoformat(), "until": now.isoformat()}
    return once.fan_out_page(DIGEST_FAN_OUT, params)


@shared_task(name="notifications.send_daily_digests")
def send_daily_digests(now_iso=None):
    """Beat task (daily): the daily digest round, fanned out in pages of batches of recipient ids
    (``reisgids.notifications.once``). ``now_iso`` (an ISO date-time) replays the run of another
    moment, e.g. after an outage. Returns the number of batches of the first page."""
    return _start_round(Digest.Kind.DAILY, now_iso)


@shared_task(name="notifications.send_weekly_digests")
def send_weekly_digests(now_iso=None):
    """Beat task (Mondays): the weekly digest round, as the daily one; the period is the week."""
    return _start_round(Digest.Kind.WEEKLY, now_iso)


@shared_task(name="notifications.send_digest_round_batch")
def send_digest_round_batch(recipient_ids, params):
    """One batch of a digest round (the fan-out's batch task)."""
    return send_digest_batch(recipient_ids, params["day"], params["until"], params["kind"])


@shared_task(name="notifications.send_digest_batch")
def send_digest_batch(recipient_ids, day_iso, until_iso=None, kind=Digest.Kind.DAILY):
    """Send the ``kind`` digest of the period starting ``day_iso`` to each recipient in
    ``recipient_ids``; returns how many mails were sent. A recipient who already has that digest,
    or has nothing new, gets none."""
    day = datetime.date.fromisoformat(day_iso)
    until = datetime.datetime.fromisoformat(until_iso) if until_iso else timezone.now()
    recipients = User.objects.in_bulk(recipient_ids)
    sent = 0
    # One connection to the mail server for the whole batch (a mail server refusing midway raises:
    # the outbox runs the batch again, and who already has the digest gets nothing more).
    with get_connection() as connection:
        for recipient_id in recipient_ids:
            recipient = recipients.get(recipient_id)
            if recipient is None or not _recipient_can_receive(recipient):
                continue
            if _send_digest(recipient=recipient, day=day, until=until, kind=kind, connection=connection):
                sent += 1
    return sent


def _send_digest(*, recipient, day, until, kind=Digest.Kind.DAILY, connection=None):
    preference, _start = DIGEST_KINDS[kind]

    def claim():
        return Digest.objects.create(recipient=recipient, kind=kind, day=day)

    def send(digest):
        pending = digest_pending(until=until, preference=preference).filter(recipient=recipient)
        # One query for the pending notifications (locked), one to link them to the digest.
        rows = list(
            pending.select_for_update(of=("self",)).select_related("actor").order_by("-created_at", "-id")
        )
        if not rows:
            raise once.NothingToSend
        ids = [notification.pk for notification in rows]
        Notification.objects.filter(pk__in=ids).update(digest=digest)
        listed = rows[:DIGEST_MAX_LISTED]
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
            "weekly": kind == Digest.Kind.WEEKLY,
        }
        # Raises when the mail server refuses: the digest row and the notifications' link roll back.
        _send_mail(
            recipient=recipient, subject=subject, template="digest", context=context, connection=connection
        )

    return once.send_once(claim=claim, send=send)


DIGEST_FAN_OUT = "notifications.digest"
once.register_fan_out(DIGEST_FAN_OUT, recipients=_digest_recipients, task=send_digest_round_batch.name)
