"""Reads of the core, permission-aware where a user is involved. Views never call
``Model.objects.get`` on user input; they call these."""

from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Exists, OuterRef, Prefetch, Subquery, Value
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from reisgids.models import (
    Area,
    ContactPoint,
    Instrument,
    JoinRequest,
    Membership,
    Neighbourhood,
    Organisation,
    Theme,
)
from reisgids.roles import organisations_of

# An organisation's page shows this many of its aanspreekpunten and links to the rest.
CONTACT_POINTS_SHOWN = 10


def _themes():
    return Prefetch("themes", queryset=Theme.objects.only("id", "name", "name_en", "slug"))


def _areas():
    return Prefetch("areas", queryset=Area.objects.only("id", "name", "name_en", "slug"))


def organisation_list():
    """Public list of organisations, with what the cards show, in a fixed number of queries."""
    return Organisation.objects.prefetch_related(_themes(), _areas()).only(
        "id", "name", "slug", "kind", "summary"
    )


def organisation_viewer(*, user, pk):
    """What a signed-in ``user``'s buttons on organisation ``pk``'s page depend on, in one query:
    a dict with its ``slug``, ``viewer_role`` (their role, or None) and ``viewer_pending`` (whether
    they have asked to join); None when the organisation is gone."""
    return (
        Organisation.objects.filter(pk=pk)
        .annotate(viewer_role=_viewer_role(user), viewer_pending=_viewer_pending(user))
        .values("slug", "viewer_role", "viewer_pending")
        .first()
    )


def _viewer_role(user):
    return Subquery(Membership.objects.filter(organisation=OuterRef("pk"), user=user).values("role")[:1])


def _viewer_pending(user):
    return Exists(
        JoinRequest.objects.filter(organisation=OuterRef("pk"), user=user, status=JoinRequest.Status.PENDING)
    )


def organisation_get_public(*, slug, user=None):
    """One organisation with everything its public page shows (a fixed number of queries).
    With a signed-in ``user`` it also carries ``viewer_role`` (their role, or None) and
    ``viewer_pending`` (whether they have asked to join), in the same query."""
    queryset = Organisation.objects.all()
    if user is not None and user.is_authenticated:
        queryset = queryset.annotate(viewer_role=_viewer_role(user), viewer_pending=_viewer_pending(user))
    else:
        queryset = queryset.annotate(viewer_role=Value(None, CharField()), viewer_pending=Value(False))
    organisation = get_object_or_404(
        queryset.select_related("parent").prefetch_related(
            _themes(),
            _areas(),
            Prefetch("neighbourhoods", queryset=Neighbourhood.objects.only("id", "name", "slug")),
            Prefetch("children", queryset=Organisation.objects.only("id", "name", "slug", "parent_id")),
            Prefetch(
                "contact_points",
                queryset=ContactPoint.objects.prefetch_related(_themes(), _areas())[
                    : CONTACT_POINTS_SHOWN + 1
                ],
                to_attr="contact_points_shown",
            ),
            Prefetch(
                "instruments",
                queryset=Instrument.objects.only(
                    "id",
                    "name",
                    "slug",
                    "summary",
                    "owner_id",
                    "offers_money",
                    "offers_knowledge",
                    "offers_space",
                    "offers_procedure",
                ),
            ),
        ),
        slug=slug,
    )
    organisation.has_more_contact_points = len(organisation.contact_points_shown) > CONTACT_POINTS_SHOWN
    del organisation.contact_points_shown[CONTACT_POINTS_SHOWN:]
    return organisation


def membership_for(*, user, organisation):
    """The user's membership of the organisation, or None (also for anonymous visitors)."""
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, organisation=organisation).first()


def organisation_get(*, slug):
    """A public organisation by slug, without its related lists (404 when it does not exist)."""
    return get_object_or_404(Organisation, slug=slug)


def organisation_get_for_member(*, user, slug):
    """The organisation when ``user`` is a member of it (any role): 404 when it does not exist,
    PermissionDenied when the user is not a member. Returns (organisation, membership)."""
    organisation = get_object_or_404(Organisation, slug=slug)
    membership = membership_for(user=user, organisation=organisation)
    if membership is None:
        raise PermissionDenied(_("Only members of this organisation can do this."))
    return organisation, membership


def organisation_get_for_manager(*, user, slug):
    """Like ``organisation_get_for_member`` but only for beheerders."""
    organisation, membership = organisation_get_for_member(user=user, slug=slug)
    if membership.role != Membership.Role.BEHEERDER:
        raise PermissionDenied(_("Only managers of this organisation can manage its members."))
    return organisation


def organisation_members(*, organisation):
    return organisation.memberships.select_related("user").order_by("user__first_name", "user__email")


def join_requests_pending(*, organisation):
    return organisation.join_requests.filter(status=JoinRequest.Status.PENDING).select_related("user")


def membership_get_for_manager(*, user, slug, pk):
    """A membership of an organisation the user manages (404 for anything else)."""
    organisation = organisation_get_for_manager(user=user, slug=slug)
    return get_object_or_404(
        Membership.objects.select_related("organisation", "user"), organisation=organisation, pk=pk
    )


def join_request_get_for_manager(*, user, slug, pk):
    organisation = organisation_get_for_manager(user=user, slug=slug)
    return get_object_or_404(
        JoinRequest.objects.select_related("organisation", "user"), organisation=organisation, pk=pk
    )


def organisations_parent_choices(*, user, exclude=None):
    """Organisations a user may name as 'part of': those they are a member of."""
    queryset = organisations_of(user).only("id", "name")
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude.pk)
    return queryset


def contactpoint_list():
    return ContactPoint.objects.select_related("organisation").prefetch_related(_themes(), _areas())


def instrument_list():
    return Instrument.objects.select_related("owner").prefetch_related(_themes())


def instrument_get_public(*, slug):
    return get_object_or_404(
        Instrument.objects.select_related("owner").prefetch_related(_themes()), slug=slug
    )
