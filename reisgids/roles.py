"""Roles: the one place every app asks who someone is.

- The staff groups (created by ``reisgids/migrations/0003_role_groups.py``) and who holds them.
- Membership of organisations: "is member of", "is beheerder of", "the organisations of this user".

For pages, ``organisation_ids`` and ``is_network_manager`` keep their answer on the user object for the
rest of the request (one query however often a page asks); ``forget`` drops it after a service changed
the user's memberships. ``is_member`` and ``is_beheerder`` guard writes and always ask the database."""

from django.db.models import Model

from reisgids.models import Membership, Organisation, User

CONTENT_MANAGERS_GROUP = "Contentbeheerders"
NETWORK_MANAGERS_GROUP = "Netwerkmanagers"
CIVIL_SERVANTS_GROUP = "Ambtenaren"
STAFF_GROUPS = (CONTENT_MANAGERS_GROUP, NETWORK_MANAGERS_GROUP, CIVIL_SERVANTS_GROUP)

# The Right to Cooperate intake (the intake app; its migration 0002 creates the groups).
INITIATIVE_TEAM_GROUP = "Initiatieventeam"
PROCESS_GUIDES_GROUP = "Procesbegeleiders"
ADVISORY_PLATFORM_GROUP = "Adviesplatform Right to Challenge"
SECOND_OPINION_GROUP = "Second-opinionteam"
TEAM_LEADS_GROUP = "Teamleiders"
WETHOUDERS_GROUP = "Wethouders"
COLLEGE_GROUP = "College van B en W"
COUNCIL_GROUP = "Gemeenteraad"
INTAKE_GROUPS = (
    INITIATIVE_TEAM_GROUP,
    PROCESS_GUIDES_GROUP,
    ADVISORY_PLATFORM_GROUP,
    SECOND_OPINION_GROUP,
    TEAM_LEADS_GROUP,
    WETHOUDERS_GROUP,
    COLLEGE_GROUP,
    COUNCIL_GROUP,
)

_NETWORK_MANAGER = "_roles_is_network_manager"
_GROUP_NAMES = "_roles_group_names"
_ORGANISATION_IDS = "_roles_organisation_ids"


def _pk(organisation):
    return organisation.pk if isinstance(organisation, Model) else organisation


def network_managers():
    """The active netwerkmanagers, in a stable order."""
    return User.objects.filter(groups__name=NETWORK_MANAGERS_GROUP, is_active=True).order_by("pk")


def is_network_manager(user):
    """Whether ``user`` is a netwerkmanager (a superuser counts as one)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    cached = getattr(user, _NETWORK_MANAGER, None)
    if cached is None:
        cached = user.groups.filter(name=NETWORK_MANAGERS_GROUP).exists()
        setattr(user, _NETWORK_MANAGER, cached)
    return cached


def group_names(user):
    """The names of the groups ``user`` is in, as a set; kept on the user for the request (one query)."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, _GROUP_NAMES, None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        setattr(user, _GROUP_NAMES, cached)
    return cached


def in_group_now(user, name):
    """Whether ``user`` holds the role ``name``, asked of the database (for guards of writes)."""
    return user.is_authenticated and user.is_active and user.groups.filter(name=name).exists()


def group_members(name):
    """The active holders of the role ``name``, in a stable order."""
    return User.objects.filter(groups__name=name, is_active=True).order_by("pk")


def may_use_admin(user):
    """Whether ``user`` may enter /beheer/ (the staff groups have ``wagtailadmin.access_admin``)."""
    return user.is_active and (user.is_superuser or user.has_perm("wagtailadmin.access_admin"))


def organisation_ids(user):
    """The ids of the organisations ``user`` is a member of (lid or beheerder), as a set."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, _ORGANISATION_IDS, None)
    if cached is None:
        cached = set(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))
        setattr(user, _ORGANISATION_IDS, cached)
    return cached


def organisations_of(user):
    """The organisations ``user`` is a member of, by name."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(memberships__user=user).order_by("name")


def _is(user, organisation, **role):
    return (
        user.is_authenticated
        and Membership.objects.filter(user=user, organisation_id=_pk(organisation), **role).exists()
    )


def is_member(user, organisation):
    """Whether ``user`` is a member (lid or beheerder) of ``organisation`` (an instance or an id)."""
    return _is(user, organisation)


def is_beheerder(user, organisation):
    """Whether ``user`` is a beheerder of ``organisation`` (an instance or an id)."""
    return _is(user, organisation, role=Membership.Role.BEHEERDER)


def members_of(organisation):
    """The active members (lid or beheerder) of ``organisation`` (an instance or an id)."""
    return User.objects.filter(memberships__organisation_id=_pk(organisation), is_active=True)


def beheerders_of(organisation):
    """The active beheerders of ``organisation`` (an instance or an id)."""
    return User.objects.filter(
        memberships__organisation_id=_pk(organisation),
        memberships__role=Membership.Role.BEHEERDER,
        is_active=True,
    )


def forget(user):
    """Drop what this module remembered about ``user`` (after their memberships or groups changed)."""
    for name in (_NETWORK_MANAGER, _ORGANISATION_IDS, _GROUP_NAMES):
        user.__dict__.pop(name, None)
