"""``notifications_unread``: the number of unread notifications of the signed-in user, for a nav
link such as "Meldingen (3)". Lazy: the one count query runs only when a template shows the value,
and never for anonymous visitors (they get 0)."""

from django.utils.functional import SimpleLazyObject

from reisgids.notifications.selectors import unread_count_for_user


def notifications(request):
    user = getattr(request, "user", None)

    def count():
        if user is None or not user.is_authenticated:
            return 0
        return unread_count_for_user(user=user)

    return {"notifications_unread": SimpleLazyObject(count)}
