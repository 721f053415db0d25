"""Deleting a user in /beheer/ (Wagtail's user admin) instead of the person deleting their own
account: refused while they are an organisation's only beheerder (someone else must be able to
manage it), and afterwards their e-mail address and name leave the audit, as with an account
deletion.

Wagtail's bulk actions on users (deactivate, assign a role, delete) may write without a signal
(``update()``): the cached users they touched are forgotten afterwards (``reisgids.accounts.backends``)."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks

from reisgids.accounts.backends import forget_user
from reisgids.accounts.selectors import organisations_managed_only_by
from reisgids.accounts.services import anonymous_email
from reisgids.audit import anonymise_mentions


@hooks.register("before_delete_user")
def refuse_deleting_the_last_beheerder(request, user):
    names = [organisation.name for organisation in organisations_managed_only_by(user=user)]
    if not names:
        return None
    messages.error(
        request,
        _(
            "%(user)s is the only manager of %(organisations)s. Ask them to make another member a manager "
            "on the organisation's member page first, or let them delete their own account from their "
            "profile: the organisation is then handed over."
        )
        % {"user": user, "organisations": ", ".join(names)},
    )
    return redirect("wagtailusers_users:edit", user.pk)


@hooks.register("after_delete_user")
def forget_the_deleted_user_in_the_audit(request, user):
    anonymise_mentions(
        user_id=user.pk, emails=[user.email], name=user.get_full_name(), replacement=anonymous_email()
    )


@hooks.register("after_bulk_action")
def forget_users_changed_in_bulk(request, action_type, objects, action_class_instance):
    if issubclass(action_class_instance.model, get_user_model()):
        forget_user(*(user.pk for user in objects))
