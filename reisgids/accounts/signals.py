"""A person's shown name (first and last name, or the e-mail address when they have none) is part of
cached pages: story authors, commenters, a listing's contact person. Any save of a user that changes
it (the profile form, an account deletion, an edit in /beheer/) and any deletion of a user bumps the
cache namespaces registered as showing names (``reisgids.caching.bump_user_names``), now and
again on commit.

The signed-in user is cached (``reisgids.accounts.backends``): any save or deletion of a user, a
change of a user's groups or permissions (from either side, and a group's deletion) and signing
out outdate that user's entry, and so does a membership added or removed (the entry carries the ids
of their organisations, ``reisgids.roles.remember``) and an authenticator added or removed (their
kept profile page says whether two-step verification is on)."""

from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_out
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from reisgids.accounts.backends import forget_user
from reisgids.caching import bump_user_names

NAME_FIELDS = ("first_name", "last_name", "email")


def _note_name_change(sender, instance, update_fields=None, **_signal_kwargs):
    instance._shown_name_changed = False
    if instance.pk is None or (update_fields is not None and not set(NAME_FIELDS) & set(update_fields)):
        return
    before = sender.objects.filter(pk=instance.pk).values_list(*NAME_FIELDS).first()
    instance._shown_name_changed = before is not None and before != tuple(
        getattr(instance, field) for field in NAME_FIELDS
    )


def _bump_when_renamed(sender, instance, **_signal_kwargs):
    if getattr(instance, "_shown_name_changed", False):
        bump_user_names()


def _bump_when_deleted(**_signal_kwargs):
    bump_user_names()


def _forget_saved_user(sender, instance, **_signal_kwargs):
    forget_user(instance.pk)


def _forget_signed_out_user(sender, user=None, **_signal_kwargs):
    if user is not None and user.pk is not None:
        forget_user(user.pk)


def _forget_users_of_changed_links(sender, instance, action, reverse, model, pk_set, **_signal_kwargs):
    """``user.groups``/``user.user_permissions`` changed, or from the other side ``group.user_set``
    and ``permission.user_set`` (a clear from that side: its users, looked up before it happens)."""
    if not reverse:
        if action.startswith("post_"):
            forget_user(instance.pk)
    elif action == "pre_clear":
        forget_user(*instance.user_set.values_list("pk", flat=True))
    elif action in ("post_add", "post_remove"):
        forget_user(*pk_set)


def _forget_users_of_deleted_group(sender, instance, **_signal_kwargs):
    forget_user(*instance.user_set.values_list("pk", flat=True))


def _forget_member(sender, instance, **_signal_kwargs):
    forget_user(instance.user_id)  # the cached user carries the ids of their organisations


def _forget_owner(sender, instance, **_signal_kwargs):
    forget_user(instance.user_id)  # the kept profile says whether two-step verification is on


def _forget_users_of_saved_group(sender, instance, created=False, **_signal_kwargs):
    if not created:  # a renamed group may become, or stop being, the network managers' group
        forget_user(*instance.user_set.values_list("pk", flat=True))


def connect_signals():
    from reisgids.models import Membership, User

    post_save.connect(_forget_saved_user, sender=User, dispatch_uid="accounts-user-cache-save")
    post_delete.connect(_forget_saved_user, sender=User, dispatch_uid="accounts-user-cache-delete")
    user_logged_out.connect(_forget_signed_out_user, dispatch_uid="accounts-user-cache-logout")
    for through in (User.groups.through, User.user_permissions.through):
        uid = f"accounts-user-cache-{through._meta.label}"
        m2m_changed.connect(_forget_users_of_changed_links, sender=through, dispatch_uid=uid)
    pre_delete.connect(_forget_users_of_deleted_group, sender=Group, dispatch_uid="accounts-user-cache-group")
    post_save.connect(_forget_users_of_saved_group, sender=Group, dispatch_uid="accounts-user-cache-group-2")
    post_save.connect(_forget_member, sender=Membership, dispatch_uid="accounts-user-cache-member-save")
    post_delete.connect(_forget_member, sender=Membership, dispatch_uid="accounts-user-cache-member-delete")
    post_save.connect(_forget_owner, sender=Authenticator, dispatch_uid="accounts-user-cache-mfa-save")
    post_delete.connect(_forget_owner, sender=Authenticator, dispatch_uid="accounts-user-cache-mfa-delete")

    pre_save.connect(_note_name_change, sender=User, dispatch_uid="accounts-user-name-before")
    post_save.connect(_bump_when_renamed, sender=User, dispatch_uid="accounts-user-name-after")
    post_delete.connect(_bump_when_deleted, sender=User, dispatch_uid="accounts-user-deleted")
