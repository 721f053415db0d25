"""Writes for notifications. ``notify`` is the one way to tell someone something: every app calls
it for in-app notifications, direct mails and the daily digest. The page /meldingen/ calls the two
mark-read services.

Marking notifications read is private bookkeeping of one user, so it writes no audit row; the
action that caused a notification (e.g. inviting a partner to a deal) is audited by its own service.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import Promise

from reisgids.models import User
from reisgids.notifications.models import Notification
from reisgids.notifications.selectors import forget_unread_counts
from reisgids.notifications.tasks import SUBJECT_PREFIX, send_notification_email
from reisgids.outbox.services import enqueue, enqueue_many
from reisgids.tasks import send_email

SUBJECT_MAX = Notification._meta.get_field("subject").max_length
URL_MAX = Notification._meta.get_field("url").max_length


def _deliverable(recipients, actor):
    """Unique, active, not anonymised recipients other than the actor, in the given order."""
    seen = set()
    result = []
    actor_id = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None
    for user in recipients:
        if user is None or user.pk is None or user.pk in seen or user.pk == actor_id:
            continue
        seen.add(user.pk)
        if not user.is_active or user.anonymised_at is not None:
            continue
        result.append(user)
    return result


def _text(message, params):
    """``message`` in the active language: a message id (``gettext_lazy``) is translated and filled
    in with ``params`` (lazy values translated too); text a person wrote (a plain ``str``) stays as
    it is."""
    if not isinstance(message, Promise):
        return str(message or "")
    values = {key: str(value) if isinstance(value, Promise) else value for key, value in params.items()}
    return str(message) % values if values else str(message)


def _subject(message, params):
    subject = _text(message, params).strip()
    return subject[: SUBJECT_MAX - 1] + "…" if len(subject) > SUBJECT_MAX else subject


@transaction.atomic
def notify(
    *,
    recipients,
    subject,
    body="",
    params=None,
    url="",
    actor=None,
    kind="general",
    target=None,
    urgent=False,
):
    """Tell ``recipients`` about something: one in-app notification each, and an email according to
    each recipient's preference (direct: one mail through the outbox after commit; daily: in the
    next digest; off: none). ``urgent``: what stops everyone's work (a handrem) is mailed to every
    recipient at once, whatever their preference, and so stays out of their digest. ``subject``
    and ``body`` are message ids (``gettext_lazy``) filled in with ``params``, written in each
    recipient's own language (``User.language``); a ``body`` that a person wrote (a plain ``str``)
    is passed on as it is. ``url`` is a site path such as "/deals/x/". Duplicates, the actor
    himself and inactive or anonymised users are skipped. Returns the created notifications."""
    params = params or {}
    if not _text(subject, params).strip():
        raise ValueError("A notification needs a subject")
    url = str(url or "")
    if url and not url.startswith("/"):
        raise ValueError("A notification url is a path on this site, starting with '/'")
    if len(url) > URL_MAX:
        raise ValueError(f"A notification url is at most {URL_MAX} characters")
    users = _deliverable(recipients, actor)
    if not users:
        return []
    texts = {}
    for language in {user.language for user in users}:
        with translation.override(language):
            texts[language] = (_subject(subject, params), _text(body, params))
    target_type = ContentType.objects.get_for_model(target) if target is not None else None
    now = timezone.now()
    actor_user = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    notifications = Notification.objects.bulk_create(
        [
            Notification(
                recipient=user,
                actor=actor_user,
                kind=kind,
                subject=texts[user.language][0],
                body=texts[user.language][1],
                url=url,
                target_content_type=target_type,
                target_object_id=target.pk if target is not None else None,
                created_at=now,
            )
            for user in users
        ]
    )
    direct_ids = [
        notification.pk
        for notification, user in zip(notifications, users, strict=True)
        if urgent or user.notification_preference == User.NotificationPreference.DIRECT
    ]
    forget_unread_counts(*(user.pk for user in users))
    # The mails are asked for in this transaction (reisgids.outbox) and sent after it commits.
    enqueue_many(send_notification_email, [(notification_id,) for notification_id in direct_ids])
    return notifications


@transaction.atomic
def notify_address(*, email, subject, body="", params=None, link="", name="", language=None):
    """Tell someone who has no account (only a verified ``email`` address) about something: one mail,
    asked for through the outbox in the caller's transaction (sent after commit, retried while the
    mail server is down), written in ``language`` (default: the site's). ``subject`` and ``body`` as
    for ``notify``; ``link`` is an absolute URL the mail points to (e.g. a signed status page), ``name``
    the greeting. Returns the outbox row, or None when there is no address."""
    email = (email or "").strip()
    if not email:
        return None
    params = params or {}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject_text = _subject(subject, params)
        if not subject_text:
            raise ValueError("A notification needs a subject")
        text = render_to_string(
            "notifications/email/address.txt",
            {
                "name": name,
                "subject": subject_text,
                "body": _text(body, params),
                "link": link,
                "site_name": settings.WAGTAIL_SITE_NAME,
            },
        )
    return enqueue(send_email, email, SUBJECT_PREFIX + subject_text, text)


@transaction.atomic
def notification_mark_read(*, user, notification_id):
    """Mark one of ``user``'s own notifications read. Another user's id raises Http404."""
    notification = get_object_or_404(
        Notification.objects.select_for_update(), pk=notification_id, recipient_id=user.pk
    )
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
        forget_unread_counts(user.pk)
    return notification


@transaction.atomic
def notifications_mark_all_read(*, user):
    """Mark all of ``user``'s unread notifications read; returns how many changed."""
    changed = Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if changed:
        forget_unread_counts(user.pk)
    return changed
