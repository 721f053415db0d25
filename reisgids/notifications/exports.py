"""The notifications' sections of "download my data" (``reisgids.accounts.exports``), registered from
``NotificationsConfig.ready()``: every notification the person received and the digests mailed."""

from reisgids.accounts.exports import iso, register_export_section
from reisgids.notifications.models import Digest, Notification


@register_export_section("notifications", models=["notifications.Notification"])
def export_notifications(user):
    return [
        {
            "kind": notification.kind,
            "subject": notification.subject,
            "text": notification.body,
            "link": notification.url,
            "created_at": iso(notification.created_at),
            "read_at": iso(notification.read_at),
            "emailed_at": iso(notification.emailed_at),
        }
        for notification in Notification.objects.filter(recipient=user).order_by("created_at", "pk")
    ]


@register_export_section("notification_digests", models=["notifications.Digest"])
def export_digests(user):
    return [
        {"day": iso(digest.day), "sent_at": iso(digest.sent_at)}
        for digest in Digest.objects.filter(recipient=user).order_by("day")
    ]
