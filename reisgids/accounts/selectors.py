"""Reads for the account pages. Every function answers for ``user`` only: nobody reads another
person's profile through these."""

from django.db.models import Exists, OuterRef
from django.utils import translation

from reisgids.accounts.backends import KIND as USER_ENTRY
from reisgids.caching import DIRECTORY, entry, version
from reisgids.models import Membership, Organisation


def membership_list_for_user(*, user):
    """The organisations ``user`` belongs to, with their role, in one query."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .only("id", "role", "created_at", "organisation__name", "organisation__slug")
        .order_by("organisation__name")
    )


def organisations_managed_only_by(*, user):
    """The organisations whose only beheerder is ``user``."""
    beheerder = Membership.Role.BEHEERDER
    other_managers = Membership.objects.filter(organisation=OuterRef("pk"), role=beheerder).exclude(user=user)
    return (
        Organisation.objects.filter(memberships__user=user, memberships__role=beheerder)
        .exclude(Exists(other_managers))
        .order_by("name")
    )


def kept_profile(*, user, load):
    """What ``load()`` makes of the user's profile (the rendered page body: their name, settings,
    organisations and whether two-step verification is on), kept per language until the user, their
    memberships or their authenticators change (``forget_user``) or an organisation is renamed (the
    directory's version is part of the key)."""
    part = f"profile-{translation.get_language()}-{version(DIRECTORY)}"
    return entry(USER_ENTRY, user.pk, load, part=part)
