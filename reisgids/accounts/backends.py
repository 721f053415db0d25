"""The authentication backends (``AUTHENTICATION_BACKENDS``): Django's and allauth's, except that the
signed-in user of a request comes from the cache (``reisgids.caching.entry``) instead of a query.

The cached user is the row as it was loaded, with the ids of their organisations and whether they
are a network manager (``reisgids.roles.remember``); every change that matters for a signed-in
request outdates it (``forget_user``, connected in ``reisgids.accounts.signals``): any save of the
user (a rename, ``is_active``, a new password), its deletion, a change of its groups or
permissions, a membership added or removed, and signing out. Django still checks the session's
password hash against the cached user, which a password change outdated, so the other sessions are
signed out at their next request."""

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth.backends import ModelBackend

from reisgids import roles
from reisgids.caching import entry, forget
from reisgids.notifications.selectors import UNREAD_COUNT

KIND = "auth-user"


def cached_user(user_id):
    """The user ``user_id`` as stored, from the cache while it has not changed; None when gone. Their
    unread count (the menu of every page shows it) is read in the same round trip."""
    return entry(KIND, user_id, lambda: roles.load(user_id), along=[(UNREAD_COUNT, user_id)])


def forget_user(*user_ids):
    forget(KIND, *user_ids)


class CachedUserMixin:
    def get_user(self, user_id):
        user = cached_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class CachedModelBackend(CachedUserMixin, ModelBackend):
    pass


class CachedAuthenticationBackend(CachedUserMixin, AuthenticationBackend):
    pass
