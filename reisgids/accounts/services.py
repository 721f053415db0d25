"""Writes for accounts: profile edits and the AVG (GDPR) rights, download my data and delete
my account. Each is one transaction with an audit row."""

import uuid

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import ModelLogEntry

from reisgids.accounts.exports import EXPORT_SECTIONS
from reisgids.audit import record
from reisgids.models import ContactPoint, JoinRequest, Membership, User

ANONYMOUS_EMAIL_DOMAIN = "anoniem.invalid"


# --- Profile -------------------------------------------------------------------------------


@transaction.atomic
def profile_update(*, user, actor, first_name, last_name, notification_preference):
    """Change the name and the email notification preference of ``user``."""
    if actor != user:
        raise PermissionError("Only the person themselves edits their profile.")
    if notification_preference not in User.NotificationPreference.values:
        raise ValidationError({"notification_preference": _("Choose one of the options.")})
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.notification_preference = notification_preference
    user.full_clean(exclude=["password", "email"])
    user.save(update_fields=["first_name", "last_name", "notification_preference"])
    record(user, "reisgids.account.profile", actor=actor)
    return user


# --- Download my data ------------------------------------------------------------------------


@transaction.atomic
def account_export(*, user, actor):
    """Everything the platform holds about ``user``, one section per registered exporter
    (``reisgids.accounts.exports``)."""
    if actor != user:
        raise PermissionError("Only the person themselves downloads their data.")
    record(user, "reisgids.account.export", actor=actor)
    data = {"exported_at": timezone.now().isoformat()}
    for name, exporter in EXPORT_SECTIONS.items():
        data[name] = exporter(user)
    return data


# --- Delete my account -----------------------------------------------------------------------


def _hand_over_management(*, user, actor):
    """For every organisation where ``user`` is the last beheerder, the oldest other member
    becomes beheerder. Organisations without other members keep their content."""
    managed = Membership.objects.filter(user=user, role=Membership.Role.BEHEERDER).values_list(
        "organisation_id", flat=True
    )
    for organisation_id in managed:
        others = Membership.objects.filter(organisation_id=organisation_id).exclude(user=user)
        if others.filter(role=Membership.Role.BEHEERDER).exists():
            continue
        successor = others.select_for_update().order_by("created_at", "pk").first()
        if successor is None:
            continue
        successor.role = Membership.Role.BEHEERDER
        successor.save(update_fields=["role"])
        record(successor, "reisgids.membership.role", actor=actor, data={"reason": "last manager left"})


@transaction.atomic
def account_delete(*, user, actor):
    """Anonymise ``user``: the person disappears, what they made for organisations stays."""
    if actor != user:
        raise PermissionError("Only the person themselves deletes their account.")
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.anonymised_at is not None:
        raise ValidationError(_("This account has already been deleted."))

    _hand_over_management(user=user, actor=actor)
    memberships_removed, _details = Membership.objects.filter(user=user).delete()
    join_requests_removed, _details = JoinRequest.objects.filter(
        user=user, status=JoinRequest.Status.PENDING
    ).delete()
    contact_points_unlinked = ContactPoint.objects.filter(user=user).update(user=None)
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()

    user.email = f"verwijderd-{uuid.uuid4().hex}@{ANONYMOUS_EMAIL_DOMAIN}"
    user.first_name = ""
    user.last_name = ""
    user.set_unusable_password()  # also changes the session hash: every session is logged out
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.anonymised_at = timezone.now()
    user.save(
        update_fields=[
            "email",
            "first_name",
            "last_name",
            "password",
            "is_active",
            "is_staff",
            "is_superuser",
            "anonymised_at",
        ]
    )
    user.groups.clear()
    user.user_permissions.clear()
    # Audit rows about the person showed their name or email as label.
    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    ).update(label=str(user))
    record(
        user,
        "reisgids.account.delete",
        actor=None,
        data={
            "memberships_removed": memberships_removed,
            "join_requests_removed": join_requests_removed,
            "contact_points_unlinked": contact_points_unlinked,
        },
    )
    return user
