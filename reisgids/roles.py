"""Roles: the one place every app asks who someone is.

- The staff groups (created by ``reisgids/migrations/0003_role_groups.py``) and who holds them.
- Membership of organisations: "is member of", "is beheerder of", "the organisations of this user".

For pages, ``organisation_ids`` and ``is_network_manager`` keep their answer on the user object for the
rest of the request (one query however often a page asks); ``forget`` drops it after a service changed
the user's memberships. ``is_member`` and ``is_beheerder`` guard writes and always ask the database.
A page that loads a row anyway can load both answers with it: ``role_annotations`` and
``remember_roles`` (no round trip of their own)."""

from django.contrib.postgres.expressions import ArraySubquery
from django.db import connection
from django.db.models import Exists, Model, OuterRef

from reisgids.models import Membership, Organisation, User

CONTENT_MANAGERS_GROUP = "Contentbeheerders"
NETWORK_MANAGERS_GROUP = "Netwerkmanagers"
CIVIL_SERVANTS_GROUP = "Ambtenaren"
STAFF_GROUPS = (CONTENT_MANAGERS_GROUP, NETWORK_MANAGERS_GROUP, CIVIL_SERVANTS_GROUP)
# Roles given per person, whatever their organisation (a partner in residence can be a kompas editor):
# kompas editors bundle lessons into proposals, put them on an agenda, monitor measures and set the
# priorities; the bestuur records decisions and receives the kompas report. Created on first use
# (``ensure_group``), given to a person in /beheer/ (Users) or by ``grant``.
KOMPAS_EDITORS_GROUP = "Kompasredactie"
BOARD_GROUP = "Bestuur"

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
        names = getattr(user, _GROUP_NAMES, None)
        if names is not None:
            cached = NETWORK_MANAGERS_GROUP in names
        else:
            cached = user.groups.filter(name=NETWORK_MANAGERS_GROUP).exists()
        setattr(user, _NETWORK_MANAGER, cached)
    return cached


def _in_group(user, name):
    """Whether ``user`` holds the role ``name`` (a superuser holds every role)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or name in group_names(user)


def is_kompas_editor(user):
    """Whether ``user`` holds the kompas editor role (a superuser counts as one)."""
    return _in_group(user, KOMPAS_EDITORS_GROUP)


def is_board_member(user):
    """Whether ``user`` is in the bestuur (records kompas decisions; a superuser counts as one)."""
    return _in_group(user, BOARD_GROUP)


def kompas_editors():
    return group_members(KOMPAS_EDITORS_GROUP)


def board_members():
    return group_members(BOARD_GROUP)


def ensure_group(name):
    from django.contrib.auth.models import Group

    return Group.objects.get_or_create(name=name)[0]


def grant(user, name):
    """Give ``user`` the role ``name`` (a group, created when missing)."""
    user.groups.add(ensure_group(name))
    forget(user)


def is_civil_servant(user):
    """Whether ``user`` is an ambtenaar (group Ambtenaren), who runs schouwen; network managers and
    superusers count as one."""
    return is_network_manager(user) or _in_group(user, CIVIL_SERVANTS_GROUP)


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


_ANNOTATIONS = {_ORGANISATION_IDS: "roles_organisation_ids", _NETWORK_MANAGER: "roles_network_manager"}


def role_annotations(user):
    """Expressions that load what ``organisation_ids`` and ``is_network_manager`` answer for ``user``
    as part of another query: ``queryset.annotate(**role_annotations(user))``, then
    ``remember_roles(user, row)``. Empty when there is nothing to load (not signed in, or already
    known for this request); on SQLite (demo installations) the organisations load on their own."""
    if not user.is_authenticated:
        return {}
    annotations = {}
    if getattr(user, _ORGANISATION_IDS, None) is None and connection.vendor == "postgresql":
        annotations[_ANNOTATIONS[_ORGANISATION_IDS]] = ArraySubquery(
            Membership.objects.filter(user_id=user.pk).values("organisation_id")
        )
    if getattr(user, _NETWORK_MANAGER, None) is None and not user.is_superuser:
        annotations[_ANNOTATIONS[_NETWORK_MANAGER]] = Exists(
            User.groups.through.objects.filter(user_id=user.pk, group__name=NETWORK_MANAGERS_GROUP)
        )
    return annotations


def remember_roles(user, row):
    """Keep on ``user``, for the rest of the request, the answers ``row`` (annotated with
    ``role_annotations(user)``) loaded."""
    ids = getattr(row, _ANNOTATIONS[_ORGANISATION_IDS], None)
    if ids is not None:
        setattr(user, _ORGANISATION_IDS, set(ids))
    network_manager = getattr(row, _ANNOTATIONS[_NETWORK_MANAGER], None)
    if network_manager is not None:
        setattr(user, _NETWORK_MANAGER, network_manager)


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


def load(user_id):
    """The user ``user_id`` with what ``remember`` keeps on them, or None when gone. On PostgreSQL one
    query: the user's row with their organisations' ids and their groups' names as arrays (a cold
    signed-in request pays one round trip instead of three)."""
    queryset = User._default_manager.filter(pk=user_id)
    if connection.vendor != "postgresql":
        user = queryset.first()
        return None if user is None else remember(user)
    user = queryset.annotate(
        roles_loaded_organisation_ids=ArraySubquery(
            Membership.objects.filter(user_id=OuterRef("pk")).values("organisation_id")
        ),
        roles_loaded_group_names=ArraySubquery(
            User.groups.through.objects.filter(user_id=OuterRef("pk")).values("group__name")
        ),
    ).first()
    if user is None:
        return None
    setattr(user, _ORGANISATION_IDS, set(user.__dict__.pop("roles_loaded_organisation_ids")))
    setattr(user, _GROUP_NAMES, set(user.__dict__.pop("roles_loaded_group_names")))
    return remember(user)


def remember(user):
    """Load what this module asks about ``user`` onto the instance, so the cached signed-in user
    (``reisgids.accounts.backends``) carries it: their organisations and the names of their groups
    (every role check of a page, ``is_civil_servant``, ``is_kompas_editor`` …, then runs no query);
    a change of their memberships or groups outdates that entry."""
    organisation_ids(user)
    group_names(user)
    is_network_manager(user)
    return user


def forget(user):
    """Drop what this module remembered about ``user`` (after their memberships or groups changed)."""
    for name in (_NETWORK_MANAGER, _ORGANISATION_IDS, _GROUP_NAMES):
        user.__dict__.pop(name, None)
