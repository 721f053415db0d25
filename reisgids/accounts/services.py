"""Writes for accounts: profile edits and the AVG (GDPR) rights, download my data and delete
my account. Each is one transaction with an audit row."""

import uuid

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import ModelLogEntry

from reisgids.accounts.exports import EXPORT_SECTIONS
from reisgids.accounts.selectors import organisations_managed_only_by
from reisgids.audit import anonymise_mentions, record
from reisgids.models import ContactPoint, JoinRequest, Membership, User
from reisgids.notifications.services import notify
from reisgids.roles import network_managers

ANONYMOUS_EMAIL_DOMAIN = "anoniem.invalid"


def anonymous_email():
    """A unique address that names nobody, for an anonymised account."""
    return f"verwijderd-{uuid.uuid4().hex}@{ANONYMOUS_EMAIL_DOMAIN}"


# --- Profile -------------------------------------------------------------------------------


@transaction.atomic
def profile_update(*, user, actor, first_name, last_name, notification_preference, language=None):
    """Change the name, the email notification preference and (unless ``language`` is None) the
    language of the notifications of ``user``."""
    if actor != user:
        raise PermissionError("Only the person themselves edits their profile.")
    if notification_preference not in User.NotificationPreference.values:
        raise ValidationError({"notification_preference": _("Choose one of the options.")})
    if language is not None and language not in User.Language.values:
        raise ValidationError({"language": _("Choose one of the options.")})
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.notification_preference = notification_preference
    if language is not None:
        user.language = language
    user.full_clean(exclude=["password", "email"])
    user.save(update_fields=["first_name", "last_name", "notification_preference", "language"])
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
    """For every organisation where ``user`` is the last beheerder, the oldest other member becomes
    beheerder and is told so. An organisation without other members becomes the netwerkmanagers'
    responsibility: they are told, and an audit row on the organisation says so. Account deletion
    cannot be refused for this (AVG), unlike a beheerder leaving or being demoted."""
    beheerder = Membership.Role.BEHEERDER
    managed = Membership.objects.filter(user=user, role=beheerder).values("organisation_id")
    # Lock the beheerders of those organisations first (as ``membership_set_role`` does): two of them
    # deleting their accounts at once must not each leave it to the other.
    list(Membership.objects.select_for_update().filter(organisation_id__in=managed, role=beheerder))
    for organisation in organisations_managed_only_by(user=user):
        others = Membership.objects.filter(organisation=organisation).exclude(user=user)
        successor = others.select_for_update().select_related("user").order_by("created_at", "pk").first()
        if successor is not None:
            successor.role = Membership.Role.BEHEERDER
            successor.save(update_fields=["role"])
            record(successor, "reisgids.membership.role", actor=actor, data={"reason": "last manager left"})
            notify(
                recipients=[successor.user],
                subject=_("You now manage %(organisation)s"),
                body=_(
                    "The last manager of %(organisation)s deleted their account. As its longest-standing "
                    "member you are now its manager: you approve new members and manage its profile."
                ),
                params={"organisation": organisation.name},
                url=reverse("organisation_members", kwargs={"slug": organisation.slug}),
                kind="membership",
                target=organisation,
            )
            continue
        record(organisation, "reisgids.organisation.unmanaged", actor=actor)
        notify(
            recipients=list(network_managers()),
            subject=_("%(organisation)s has no manager any more"),
            body=_(
                "The only manager of %(organisation)s deleted their account and the organisation has no "
                "other members. As netwerkmanager you are responsible for it now: keep its profile up to "
                "date in /beheer/ until someone joins and can manage it."
            ),
            params={"organisation": organisation.name},
            url=organisation.get_absolute_url(),
            kind="membership",
            target=organisation,
        )


def _anonymise_audit(*, user, emails, name):
    """The person's e-mail addresses and name leave the audit (``reisgids.audit.anonymise_mentions``);
    rows about the person show the anonymous account."""
    anonymise_mentions(user_id=user.pk, emails=emails, name=name, replacement=str(user))
    ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    ).update(label=str(user))


@transaction.atomic
def account_delete(*, user, actor):
    """Anonymise ``user``: the person disappears, what they made for organisations stays."""
    if actor != user:
        raise PermissionError("Only the person themselves deletes their account.")
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.anonymised_at is not None:
        raise ValidationError(_("This account has already been deleted."))

    emails = [user.email, *EmailAddress.objects.filter(user=user).values_list("email", flat=True)]
    name = user.get_full_name()
    _hand_over_management(user=user, actor=actor)
    memberships_removed, _details = Membership.objects.filter(user=user).delete()
    join_requests_removed, _details = JoinRequest.objects.filter(
        user=user, status=JoinRequest.Status.PENDING
    ).delete()
    contact_points_unlinked = ContactPoint.objects.filter(user=user).update(user=None)
    EmailAddress.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()

    user.email = anonymous_email()
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
    _anonymise_audit(user=user, emails=emails, name=name)
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
