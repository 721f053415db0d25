"""A person's shown name (first and last name, or the e-mail address when they have none) is part of
cached pages: story authors, commenters, a listing's contact person. Any save of a user that changes
it (the profile form, an account deletion, an edit in /beheer/) and any deletion of a user bumps the
cache namespaces registered as showing names (``reisgids.caching.bump_user_names``), now and
again on commit."""

from django.db.models.signals import post_delete, post_save, pre_save

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


def connect_signals():
    from reisgids.models import User

    pre_save.connect(_note_name_change, sender=User, dispatch_uid="accounts-user-name-before")
    post_save.connect(_bump_when_renamed, sender=User, dispatch_uid="accounts-user-name-after")
    post_delete.connect(_bump_when_deleted, sender=User, dispatch_uid="accounts-user-deleted")
