"""Reads for the account pages. Every function answers for ``user`` only: nobody reads another
person's profile through these."""

from reisgids.models import Membership


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
