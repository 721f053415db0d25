"""Reads for notifications: always limited to the user's own."""

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils import translation

from reisgids.caching import entry, forget
from reisgids.notifications.models import Notification

UNREAD_COUNT = "notifications-unread"


def notifications_for_user(*, user):
    """The user's notifications, unread first, newest first. Empty for anonymous users."""
    if not user.is_authenticated:
        return Notification.objects.none()
    unread = ExpressionWrapper(Q(read_at__isnull=True), output_field=BooleanField())
    return Notification.objects.filter(recipient_id=user.pk).order_by(unread.desc(), "-created_at", "-id")


def notification_list_for_user(*, user, page=1, per_page=None):
    """One page (``django.core.paginator.Page``) of the user's notifications for /meldingen/.
    An out-of-range or malformed page number gives the nearest valid page."""
    paginator = Paginator(notifications_for_user(user=user), per_page or settings.PAGE_SIZE)
    return paginator.get_page(page)


def page_number(page):
    try:
        return max(1, int(page))
    except (TypeError, ValueError):
        return 1


def notification_page_for_user(*, user, page=1):
    """``notification_list_for_user`` from the cache: each page asked for is kept with the user's
    unread count and outdated with it (``forget_unread_counts``: a notification came, was read or
    went), so a warm /meldingen/ runs no query. Returns (page, unread count)."""
    number = page_number(page)

    def load():
        loaded = notification_list_for_user(user=user, page=number)
        unread = Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()
        return loaded.paginator.count, loaded.number, list(loaded.object_list), unread

    count, number, rows, unread = entry(UNREAD_COUNT, user.pk, load, part=f"page-{number}")
    paginator = Paginator((), settings.PAGE_SIZE)
    paginator.count = count  # what was counted when the page was kept (a cached property)
    return Page(rows, number, paginator), unread


def kept_for_user(*, user, name, load):
    """What ``load()`` makes of the user's own notifications (e.g. the rendered list of a page of
    /meldingen/), kept in this language until they change (``forget_unread_counts``), like the page
    and the count it is made from."""
    return entry(UNREAD_COUNT, user.pk, load, part=f"{name}-{translation.get_language()}")


def unread_count_for_user(*, user):
    """How many unread notifications the user has (0 for anonymous users): from the cache, which
    every service that changes it keeps right (``forget_unread_counts``), or one query on a miss."""
    if not user.is_authenticated:
        return 0
    return entry(
        UNREAD_COUNT,
        user.pk,
        lambda: Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count(),
    )


def forget_unread_counts(*user_ids):
    """The unread counts of ``user_ids`` changed (a notification came, was read or deleted)."""
    forget(UNREAD_COUNT, *user_ids)
