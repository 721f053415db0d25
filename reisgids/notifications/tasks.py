"""Notification mail. ``send_notification_email`` mails one notification to a recipient who chose
"direct". ``send_daily_digests`` and ``send_weekly_digests`` (Celery beat) start a digest round on the
paged fan-out of ``reisgids.notifications.once``: pages of ONE query for the recipients who chose
"daily" (or "weekly") and have something new, each asking (through the outbox) for batch tasks of at
most ``DIGEST_BATCH_SIZE`` recipient ids. Every task is safe to run twice: a mailed notification has
``emailed_at``, written in the transaction that sends the mail (committed only after the mail server
accepted it); a digest is a unique (recipient, kind, day) row (day: the period's first day), claimed
for a whole batch at once and marked sent mail by mail (``send_digest_batch``). When sending fails the
outbox runs the task again (``reisgids.outbox.tasks``) and only what was not sent goes out."""

import datetime
from collections import defaultdict

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import DatabaseError, connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Subquery, Window
from django.db.models.functions import RowNumber
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
    had_digest = Digest.objects.filter(
        recipient_id=OuterRef("recipient_id"), kind=kind, day=day, sent_at__isnull=False
    )
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
    ``recipient_ids`` who has something new and no sent digest of that period; returns how many
    mails were sent. One connection to the mail server for the whole batch, and a fixed number of
    queries whatever its size, plus one single-row update per accepted mail:

    1. who of the batch has pending notifications (one query);
    2. claim: one insert of a digest row (``sent_at`` empty) per such recipient, leaving existing
       rows of the period alone;
    3. lock the batch's unsent digests (PostgreSQL advisory locks of this session, one query) and
       read again which are still unsent (one query): a batch running at the same time, e.g. a second
       run of the round, skips what this one holds, and what another one sent is not sent again;
    4. link the pending notifications to their digest (one update) and load the recipients and the
       notifications to list (two queries);
    5. send each mail and mark its digest sent as soon as the mail server accepted it.

    A worker killed mid-batch leaves its remaining digests claimed but unsent, and its locks go
    with its database connection; the outbox runs the batch again, which sends exactly those. A mail
    server failing mid-batch raises after the last accepted mail was marked: the same."""
    day = datetime.date.fromisoformat(day_iso)
    until = datetime.datetime.fromisoformat(until_iso) if until_iso else timezone.now()
    preference, _start = DIGEST_KINDS[kind]
    pending = digest_pending(until=until, preference=preference).exclude(recipient__email="")
    with_news = list(
        pending.filter(recipient_id__in=recipient_ids).values_list("recipient_id", flat=True).distinct()
    )
    Digest.objects.bulk_create(
        [Digest(recipient_id=recipient_id, kind=kind, day=day) for recipient_id in with_news],
        ignore_conflicts=True,
    )
    locked = _lock_unsent_digests(recipient_ids, kind=kind, day=day)
    try:
        return _send_claimed(locked, pending=pending, kind=kind, day=day)
    finally:
        _unlock_digests(locked)


# The first half of the advisory-lock key of a digest being sent (the outbox uses 0x6F62).
DIGEST_LOCK_NAMESPACE = 0x6467


def _lock_key_sql(column):
    return f"(({DIGEST_LOCK_NAMESPACE}::bigint << 32) | ({column} & 4294967295))"


def _lock_unsent_digests(recipient_ids, *, kind, day):
    """The ids of the unsent digests of ``recipient_ids`` for the period that this database
    session could lock (other sessions hold the rest)."""
    if connection.vendor != "postgresql":  # the zero-setup SQLite runs tasks eagerly, one at a time
        return list(
            Digest.objects.filter(recipient_id__in=recipient_ids, kind=kind, day=day, sent_at__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    table = Digest._meta.db_table
    with connection.cursor() as cursor:
        # MATERIALIZED: the lock function runs only on the rows the filter kept.
        cursor.execute(
            f"""WITH unsent AS MATERIALIZED (
                    SELECT id FROM {table}
                    WHERE recipient_id = ANY(%s) AND kind = %s AND day = %s AND sent_at IS NULL
                    ORDER BY id)
                SELECT id FROM unsent WHERE pg_try_advisory_lock({_lock_key_sql("id")})""",
            [list(recipient_ids), kind, day],
        )
        return [row[0] for row in cursor.fetchall()]


def _unlock_digests(digest_ids):
    if not digest_ids or connection.vendor != "postgresql":
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT pg_advisory_unlock({_lock_key_sql('id')}) FROM unnest(%s::bigint[]) AS id",
                [list(digest_ids)],
            )
    except DatabaseError:  # the connection is gone, and the locks with it
        pass


def _send_claimed(locked, *, pending, kind, day):
    # Read again after locking: a batch that held the lock before may have sent the digest since.
    claimed = dict(
        Digest.objects.filter(pk__in=locked, sent_at__isnull=True).values_list("pk", "recipient_id")
    )
    if not claimed:
        return 0
    pending.filter(recipient_id__in=claimed.values()).update(
        digest_id=Subquery(
            Digest.objects.filter(recipient_id=OuterRef("recipient_id"), kind=kind, day=day).values("pk")[:1]
        )
    )
    recipients = User.objects.in_bulk(list(claimed.values()))
    listed = defaultdict(list)
    counts = {}
    newest_first = [F("created_at").desc(), F("id").desc()]
    rows = (
        Notification.objects.filter(digest_id__in=list(claimed))
        .select_related("actor")
        .annotate(
            position=Window(RowNumber(), partition_by=F("digest_id"), order_by=newest_first),
            total=Window(Count("id"), partition_by=F("digest_id")),
        )
        .filter(position__lte=DIGEST_MAX_LISTED)
        .order_by("digest_id", "position")
    )
    for notification in rows:
        notification.link = absolute_url(notification.url)
        listed[notification.digest_id].append(notification)
        counts[notification.digest_id] = notification.total
    # Claimed while the recipient still had something new, which was read (or removed) since.
    empty = [digest_id for digest_id in claimed if digest_id not in counts]
    if empty:
        Digest.objects.filter(pk__in=empty, sent_at__isnull=True).delete()
    sent = 0
    with get_connection() as mail_connection:
        for digest_id in sorted(counts):
            recipient = recipients.get(claimed[digest_id])
            if recipient is None or not _recipient_can_receive(recipient):
                continue
            _send_digest_mail(
                recipient=recipient,
                notifications=listed[digest_id],
                count=counts[digest_id],
                day=day,
                kind=kind,
                connection=mail_connection,
            )
            # Accepted by the mail server (it raises otherwise): sent, at once, so that a worker
            # dying after this mail never sends it again.
            Digest.objects.filter(pk=digest_id).update(sent_at=timezone.now())
            sent += 1
    return sent


def _send_digest_mail(*, recipient, notifications, count, day, kind, connection):
    with translation.override(recipient.language):
        subject = ngettext(
            "You have %(count)s new notification", "You have %(count)s new notifications", count
        ) % {"count": count}
    context = {
        "recipient": recipient,
        "notifications": notifications,
        "count": count,
        "more": count - len(notifications),
        "day": day,
        "weekly": kind == Digest.Kind.WEEKLY,
    }
    _send_mail(
        recipient=recipient, subject=subject, template="digest", context=context, connection=connection
    )


DIGEST_FAN_OUT = "notifications.digest"
once.register_fan_out(DIGEST_FAN_OUT, recipients=_digest_recipients, task=send_digest_round_batch.name)
