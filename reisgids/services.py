"""Every write of the core goes through one of these functions: keyword-only arguments, one
transaction, validation, an audit row, and notifications through ``reisgids.notifications`` (their
mails go through the outbox after commit)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from reisgids.audit import record
from reisgids.models import JoinRequest, Membership, Organisation
from reisgids.notifications.services import notify
from reisgids.roles import beheerders_of, forget, is_beheerder, is_member

# Paths under /partijen/ that are pages, never an organisation's slug.
RESERVED_SLUGS = {"registreren"}

PROFILE_FIELDS = (
    "name",
    "kind",
    "summary",
    "description",
    "website",
    "logo",
    "parent",
    "contact_email",
    "contact_phone",
    "show_contact",
)


def _unique_slug(name, *, exclude_pk=None):
    base = slugify(name)[:180] or "organisatie"
    taken = set(
        Organisation.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    taken |= RESERVED_SLUGS
    slug, n = base, 2
    while slug in taken:
        slug = f"{base}-{n}"
        n += 1
    return slug


def _require_manager(user, organisation):
    if not is_beheerder(user, organisation):
        raise PermissionDenied(_("Only managers of this organisation can manage its members."))


def _validate_parent(organisation, parent):
    node = parent
    while node is not None:
        if organisation.pk and node.pk == organisation.pk:
            raise ValidationError({"parent": _("An organisation cannot be part of itself.")})
        node = node.parent


@transaction.atomic
def organisation_create(
    *,
    actor,
    name,
    kind,
    summary="",
    description="",
    website="",
    logo=None,
    parent=None,
    areas=(),
    neighbourhoods=(),
    themes=(),
    contact_email="",
    contact_phone="",
    show_contact=False,
    first_beheerder=True,
):
    """Register an organisation; the actor becomes its first beheerder. Staff who may add
    organisations (netwerkmanagers, in /beheer/) register one without becoming its beheerder
    (``first_beheerder=False``)."""
    if not actor.is_authenticated:
        raise PermissionDenied(_("Log in to register an organisation."))
    if not first_beheerder and not actor.has_perm("reisgids.add_organisation"):
        raise PermissionDenied
    organisation = Organisation(
        name=name.strip(),
        slug=_unique_slug(name),
        kind=kind,
        summary=summary,
        description=description,
        website=website,
        parent=parent,
        contact_email=contact_email,
        contact_phone=contact_phone,
        show_contact=show_contact,
    )
    if logo:
        organisation.logo = logo
    organisation.full_clean(exclude=["logo"])
    organisation.save()
    organisation.areas.set(areas)
    organisation.neighbourhoods.set(neighbourhoods)
    organisation.themes.set(themes)
    if first_beheerder:
        Membership.objects.create(user=actor, organisation=organisation, role=Membership.Role.BEHEERDER)
        forget(actor)
    record(organisation, "reisgids.organisation.create", actor=actor)
    return organisation


@transaction.atomic
def organisation_update(*, organisation, actor, areas=None, neighbourhoods=None, themes=None, **fields):
    """Edit the profile. Any member (lid or beheerder) may do this, and staff who may change
    organisations (netwerkmanagers, in /beheer/)."""
    if not is_member(actor, organisation) and not actor.has_perm("reisgids.change_organisation"):
        raise PermissionDenied(_("Only members of this organisation can edit its profile."))
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown profile fields: {sorted(unknown)}")
    # Compare with the stored row: a bound ModelForm may already have copied the new values
    # onto the instance the caller holds.
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if "parent" in fields:
        _validate_parent(organisation, fields["parent"])
    logo = fields.pop("logo", None)
    changed = []
    for field, value in fields.items():
        if getattr(organisation, field) != value:
            setattr(organisation, field, value)
            changed.append(field)
    if logo is False:  # the form's "clear" checkbox
        organisation.logo = ""
        changed.append("logo")
    elif logo and logo != organisation.logo:
        organisation.logo = logo
        changed.append("logo")
    organisation.full_clean(exclude=["logo", "slug"])
    organisation.save(update_fields=[*changed, "updated_at"])
    for relation, values in (("areas", areas), ("neighbourhoods", neighbourhoods), ("themes", themes)):
        if values is not None:
            getattr(organisation, relation).set(values)
            changed.append(relation)
    record(organisation, "reisgids.organisation.update", actor=actor, data={"fields": changed})
    return organisation


@transaction.atomic
def membership_request(*, organisation, user, motivation=""):
    """Ask to join; the beheerders get an email. One pending request per person and organisation."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Log in to ask to join."))
    if is_member(user, organisation):
        raise ValidationError(_("You are already a member of this organisation."))
    if JoinRequest.objects.filter(
        user=user, organisation=organisation, status=JoinRequest.Status.PENDING
    ).exists():
        raise ValidationError(_("You have already asked to join; the managers have not decided yet."))
    try:
        with transaction.atomic():
            join_request = JoinRequest.objects.create(
                user=user, organisation=organisation, motivation=motivation.strip()
            )
    except IntegrityError as error:  # a double submit racing the check above
        raise ValidationError(
            _("You have already asked to join; the managers have not decided yet.")
        ) from error
    record(join_request, "reisgids.membership.request", actor=user)
    notify(
        recipients=list(beheerders_of(organisation)),
        subject=_("New request to join %(organisation)s"),
        body=_(
            "%(requester)s asks to become a member of %(organisation)s in the Reisgids zorg en welzijn. "
            "Approve or refuse the request on the page with the members. Their message: %(motivation)s"
        )
        if join_request.motivation
        else _(
            "%(requester)s asks to become a member of %(organisation)s in the Reisgids zorg en welzijn. "
            "Approve or refuse the request on the page with the members."
        ),
        params={
            "organisation": organisation.name,
            "requester": str(user),
            "motivation": join_request.motivation,
        },
        url=reverse("organisation_members", kwargs={"slug": organisation.slug}),
        actor=user,
        kind="membership",
        target=join_request,
    )
    return join_request


def _decide(*, join_request, actor, status, action):
    join_request = (
        JoinRequest.objects.select_for_update().select_related("organisation", "user").get(pk=join_request.pk)
    )
    _require_manager(actor, join_request.organisation)
    if join_request.status != JoinRequest.Status.PENDING:
        raise ValidationError(_("This request has already been decided."))
    join_request.status = status
    join_request.decided_by = actor
    join_request.decided_at = timezone.now()
    join_request.save(update_fields=["status", "decided_by", "decided_at"])
    record(join_request, action, actor=actor)
    organisation = join_request.organisation
    approved = status == JoinRequest.Status.APPROVED
    notify(
        recipients=[join_request.user],
        subject=_("You are now a member of %(organisation)s")
        if approved
        else _("Your request to join %(organisation)s"),
        body=_(
            "Your request has been approved: you are now a member of %(organisation)s in the Reisgids "
            "zorg en welzijn."
        )
        if approved
        else _("The managers of %(organisation)s have refused your request to become a member."),
        params={"organisation": organisation.name},
        url=organisation.get_absolute_url(),
        actor=actor,
        kind="membership",
        target=join_request,
    )
    return join_request


@transaction.atomic
def join_request_approve(*, join_request, actor):
    """A beheerder approves: the requester becomes a lid."""
    join_request = _decide(
        join_request=join_request,
        actor=actor,
        status=JoinRequest.Status.APPROVED,
        action="reisgids.membership.approve",
    )
    membership, _created = Membership.objects.get_or_create(
        user=join_request.user,
        organisation=join_request.organisation,
        defaults={"role": Membership.Role.LID},
    )
    forget(join_request.user)
    return membership


@transaction.atomic
def join_request_refuse(*, join_request, actor):
    return _decide(
        join_request=join_request,
        actor=actor,
        status=JoinRequest.Status.REFUSED,
        action="reisgids.membership.refuse",
    )


def _lock_managers(organisation):
    """Lock the organisation's beheerder rows so two managers cannot demote each other at once."""
    return list(
        Membership.objects.select_for_update()
        .filter(organisation=organisation, role=Membership.Role.BEHEERDER)
        .values_list("pk", flat=True)
    )


@transaction.atomic
def membership_set_role(*, membership, role, actor):
    """Make a member lid or beheerder. The last beheerder cannot be demoted."""
    _require_manager(actor, membership.organisation)
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Choose a valid role.")})
    managers = _lock_managers(membership.organisation)
    membership.refresh_from_db(fields=["role"])
    if membership.role == role:
        return membership
    if membership.role == Membership.Role.BEHEERDER and managers == [membership.pk]:
        raise ValidationError(
            _("An organisation needs at least one manager. Make someone else a manager first.")
        )
    previous = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    record(
        membership.organisation,
        "reisgids.membership.role",
        actor=actor,
        data={"user": membership.user_id, "from": previous, "to": role},
    )
    return membership


@transaction.atomic
def membership_remove(*, membership, actor):
    """Remove a member. The last beheerder cannot be removed."""
    _require_manager(actor, membership.organisation)
    managers = _lock_managers(membership.organisation)
    if managers == [membership.pk]:
        raise ValidationError(
            _("An organisation needs at least one manager. Make someone else a manager first.")
        )
    organisation = membership.organisation
    record(organisation, "reisgids.membership.remove", actor=actor, data={"user": membership.user_id})
    membership.delete()
    forget(membership.user)
