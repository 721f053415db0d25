"""Every write of the residencies: one service per state change, in one transaction, with the
permission check first, ``save(update_fields=…)``, one audit row (``reisgids.audit.record`` or the
state machine's) and notifications through ``reisgids.notifications.notify`` (mail after commit).

Who may do what:
- propose a residency, raise a concern, respond to a log entry: a member of a partner that takes part
  in the deal (the resident too);
- confirm a residency, confirm the resolution of a concern: for the home and for the host partner, a
  beheerder of that organisation (a member when it has no beheerder);
- write, change the log and the side activities: the resident only;
- change a planned or active residency (period, time per week, functions, openness): whoever confirms for
  the home or the host partner;
- give or withdraw consent to show one's name and functions on the public deal page: the resident
  only;
- end a residency: a member of the home or the host partner, or the resident."""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deals.models import Deal, DealPartner
from reisgids.audit import record
from reisgids.caching import bump_for
from reisgids.models import Membership, User
from reisgids.notifications.services import notify
from reisgids.roles import is_member
from residence import attachments
from residence.models import (
    CONCERN_STATES,
    RESIDENCY_STATES,
    Activity,
    Concern,
    ConcernReminder,
    Function,
    LogEntry,
    Residency,
    Response,
    as_amount,
    time_per_week_errors,
)

CLOSED_DEAL = (Deal.Status.FINISHED, Deal.Status.STOPPED)
R = Residency.Status


# --- who --------------------------------------------------------------------------------------


def partner_org_ids(deal):
    """The organisations that take part in ``deal`` (accepted partners)."""
    return set(
        DealPartner.objects.filter(deal=deal, status=DealPartner.Status.ACCEPTED).values_list(
            "organisation_id", flat=True
        )
    )


def _member_of_any(user, org_ids):
    return (
        user.is_authenticated and Membership.objects.filter(user=user, organisation_id__in=org_ids).exists()
    )


def _require_deal_member(deal, actor, *, residency=None):
    if residency is not None and actor.is_authenticated and actor.pk == residency.person_id:
        return
    if not _member_of_any(actor, partner_org_ids(deal)):
        raise PermissionDenied


def confirmers_of(organisation_id):
    """Who confirms for an organisation: its active beheerders, or all active members when it has none."""
    members = User.objects.filter(
        memberships__organisation_id=organisation_id, is_active=True, anonymised_at__isnull=True
    )
    beheerders = members.filter(memberships__role=Membership.Role.BEHEERDER)
    return list(beheerders) if beheerders.exists() else list(members)


def may_confirm_for(user, organisation_id):
    return user.is_authenticated and any(u.pk == user.pk for u in confirmers_of(organisation_id))


def _members(*org_ids, exclude=None):
    users = User.objects.filter(
        memberships__organisation_id__in=org_ids, is_active=True, anonymised_at__isnull=True
    ).distinct()
    return [u for u in users if exclude is None or u.pk != getattr(exclude, "pk", None)]


def _deal_members(deal):
    return _members(*partner_org_ids(deal))


def _tell(recipients, *, subject, body, params, url, actor, target, urgent=False):
    notify(
        recipients=recipients,
        subject=subject,
        body=body,
        params=params,
        url=url,
        actor=actor if actor is not None and actor.is_authenticated else None,
        kind="residence",
        target=target,
        urgent=urgent,
    )


def _lock(instance):
    return type(instance).objects.select_for_update().get(pk=instance.pk)


def _record(instance, action, actor, **data):
    record(instance, action, actor=actor if actor is not None and actor.is_authenticated else None, data=data)


# --- residencies ------------------------------------------------------------------------------


def _clean_residency(
    *,
    deal,
    person,
    home_partner,
    host_partner,
    starts_on,
    ends_on,
    time_amount,
    time_unit,
    functions,
    openness,
):
    errors = {}
    partners = partner_org_ids(deal)
    if home_partner is None or home_partner.pk not in partners:
        errors["home_partner"] = _("Choose a partner that takes part in this deal.")
    if host_partner is None or host_partner.pk not in partners:
        errors["host_partner"] = _("Choose a partner that takes part in this deal.")
    elif home_partner is not None and host_partner.pk == home_partner.pk:
        errors["host_partner"] = _("The host partner is another partner than the home partner.")
    if person is None:
        errors["person"] = _("Choose the partner in residence.")
    elif home_partner is not None and not is_member(person, home_partner):
        errors["person"] = _("The partner in residence must be a member of the home partner.")
    if starts_on is None:
        errors["starts_on"] = _("Fill in the start date.")
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("The end date cannot be before the start date.")
    errors.update(time_per_week_errors(time_amount, time_unit))
    if not functions or not set(functions) <= set(Function.values):
        errors["functions"] = _("Choose at least one function.")
    if not (openness or "").strip():
        errors["openness"] = _("Write down what the partner in residence may see and share at the host.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def residency_propose(
    *,
    deal,
    actor,
    person,
    home_partner,
    host_partner,
    starts_on,
    time_amount,
    time_unit,
    functions,
    openness,
    ends_on=None,
):
    """Propose a residency; it becomes active once the home and the host partner both confirmed.
    Whether the person is named on the public deal page is theirs to say (``residency_set_consent``)."""
    deal = Deal.objects.select_for_update().get(pk=deal.pk)
    _require_deal_member(deal, actor)
    if deal.status in CLOSED_DEAL:
        raise ValidationError(_("This deal has finished or stopped and can no longer be changed."))
    _clean_residency(
        deal=deal,
        person=person,
        home_partner=home_partner,
        host_partner=host_partner,
        starts_on=starts_on,
        ends_on=ends_on,
        time_amount=time_amount,
        time_unit=time_unit,
        functions=functions,
        openness=openness,
    )
    residency = Residency.objects.create(
        deal=deal,
        person=person,
        home_partner=home_partner,
        host_partner=host_partner,
        starts_on=starts_on,
        ends_on=ends_on,
        time_amount=as_amount(time_amount),
        time_unit=time_unit,
        functions=[f for f in Function.values if f in functions],
        openness=openness.strip(),
        proposed_by=actor,
    )
    _record(residency, "residence.residency.propose", actor, deal=deal.pk)
    _tell(
        confirmers_of(home_partner.pk) + confirmers_of(host_partner.pk) + [person],
        subject=_("Confirm the partner in residence in “%(deal)s”"),
        body=_(
            "%(person)s is proposed as partner in residence of %(home)s at %(host)s in the deal “%(deal)s”. "
            "A beheerder of each of the two partners confirms it; then the residency starts."
        ),
        params=_params(residency),
        url=residency.get_absolute_url(),
        actor=actor,
        target=residency,
    )
    return residency


def _params(residency):
    return {
        "deal": residency.deal.title,
        "person": residency.person.get_full_name() or str(residency.person),
        "home": residency.home_partner.name,
        "host": residency.host_partner.name,
    }


def _confirm_sides(instance, actor):
    """Confirm for the home and the host partner, where ``actor`` may and it is not yet done; the
    fields changed."""
    now, fields, entitled = timezone.now(), [], False
    for side, organisation_id in (("home", instance.home_partner_id), ("host", instance.host_partner_id)):
        if not may_confirm_for(actor, organisation_id):
            continue
        entitled = True
        if getattr(instance, f"{side}_confirmed_at") is None:
            setattr(instance, f"{side}_confirmed_at", now)
            setattr(instance, f"{side}_confirmed_by", actor)
            fields += [f"{side}_confirmed_at", f"{side}_confirmed_by"]
    if not entitled:
        raise PermissionDenied
    return fields


@transaction.atomic
def residency_confirm(*, residency, actor):
    """A beheerder of the home or the host partner confirms; with both confirmations it is active."""
    residency = _lock(residency)
    if residency.status != R.PLANNED:
        raise ValidationError(_("This residency is no longer waiting for confirmation."))
    fields = _confirm_sides(residency, actor)
    if not fields:
        raise ValidationError(_("Your organisation has already confirmed this residency."))
    residency.save(update_fields=[*fields, "updated_at"])
    _record(residency, "residence.residency.confirm", actor)
    if residency.home_confirmed_at and residency.host_confirmed_at:
        RESIDENCY_STATES.apply(residency, "start", actor=actor, lock=lambda r: r)
        _tell(
            [residency.person, *_members(residency.home_partner_id, residency.host_partner_id)],
            subject=_("The partner in residence in “%(deal)s” has started"),
            body=_(
                "Both partners confirmed: %(person)s is now partner in residence of %(home)s at %(host)s."
            ),
            params=_params(residency),
            url=residency.get_absolute_url(),
            actor=actor,
            target=residency,
        )
    return residency


def may_update_residency(user, residency):
    """Who changes a planned or active residency: whoever confirms for its home or host partner."""
    return residency.status != R.ENDED and (
        may_confirm_for(user, residency.home_partner_id) or may_confirm_for(user, residency.host_partner_id)
    )


RESIDENCY_EDIT_FIELDS = ("starts_on", "ends_on", "time_amount", "time_unit", "functions", "openness")


@transaction.atomic
def residency_update(
    *, residency, actor, starts_on, time_amount, time_unit, functions, openness, ends_on=None
):
    """A beheerder of the home or the host partner changes the period, time per week, functions or openness
    agreements of a planned or active residency. On a planned residency the confirmation of a side
    the actor does not confirm for is withdrawn (that side confirmed other terms) and asked again.
    The audit row names the fields that changed; the resident and both partners' confirmers are told."""
    residency = Residency.objects.select_for_update().select_related("deal").get(pk=residency.pk)
    if not may_update_residency(actor, residency):
        if residency.status == R.ENDED and (
            may_confirm_for(actor, residency.home_partner_id)
            or may_confirm_for(actor, residency.host_partner_id)
        ):
            raise ValidationError(_("This residency has ended and can no longer be changed."))
        raise PermissionDenied
    _clean_residency(
        deal=residency.deal,
        person=residency.person,
        home_partner=residency.home_partner,
        host_partner=residency.host_partner,
        starts_on=starts_on,
        ends_on=ends_on,
        time_amount=time_amount,
        time_unit=time_unit,
        functions=functions,
        openness=openness,
    )
    values = {
        "starts_on": starts_on,
        "ends_on": ends_on,
        "time_amount": as_amount(time_amount),
        "time_unit": time_unit,
        "functions": [f for f in Function.values if f in functions],
        "openness": openness.strip(),
    }
    changed = [name for name, value in values.items() if getattr(residency, name) != value]
    if not changed:
        return residency
    for name in changed:
        setattr(residency, name, values[name])
    fields = list(changed)
    if residency.status == R.PLANNED:
        for side, organisation_id in (
            ("home", residency.home_partner_id),
            ("host", residency.host_partner_id),
        ):
            if getattr(residency, f"{side}_confirmed_at") and not may_confirm_for(actor, organisation_id):
                setattr(residency, f"{side}_confirmed_at", None)
                setattr(residency, f"{side}_confirmed_by", None)
                fields += [f"{side}_confirmed_at", f"{side}_confirmed_by"]
    residency.save(update_fields=[*fields, "updated_at"])
    _record(residency, "residence.residency.update", actor, deal=residency.deal_id, fields=changed)
    _tell(
        [
            residency.person,
            *confirmers_of(residency.home_partner_id),
            *confirmers_of(residency.host_partner_id),
        ],
        subject=_("The agreements of the partner in residence in “%(deal)s” have changed"),
        body=_(
            "The period, time per week, functions or agreements on openness of %(person)s as partner in "
            "residence of %(home)s at %(host)s have changed."
        ),
        params=_params(residency),
        url=residency.get_absolute_url(),
        actor=actor,
        target=residency,
    )
    return residency


@transaction.atomic
def residency_set_consent(*, residency, actor, name_public):
    """The partner in residence gives (``name_public``) or withdraws their consent to show their name
    and functions on the public deal page; nobody else can."""
    residency = _lock(residency)
    _require_resident(residency, actor)
    name_public = bool(name_public)
    if residency.name_public == name_public:
        return residency
    residency.name_public = name_public
    residency.save(update_fields=["name_public", "updated_at"])
    _record(residency, "residence.residency.consent", actor, name_public=name_public)
    return residency


@transaction.atomic
def residency_end(*, residency, actor, end_note):
    def guard(locked, actor):
        if actor.pk != locked.person_id and not _member_of_any(
            actor, {locked.home_partner_id, locked.host_partner_id}
        ):
            raise PermissionDenied

    def prepare(locked):
        if not (end_note or "").strip():
            raise ValidationError({"end_note": _("Write a short end note.")})
        locked.end_note = end_note.strip()
        if locked.ends_on is None or locked.ends_on > timezone.localdate():
            locked.ends_on = max(timezone.localdate(), locked.starts_on)
        return ["end_note", "ends_on"]

    def after(locked, transition, actor):
        _tell(
            [locked.person, *_members(locked.home_partner_id, locked.host_partner_id)],
            subject=_("The partner in residence in “%(deal)s” has ended"),
            body=_("The residency of %(person)s at %(host)s has ended."),
            params=_params(locked),
            url=locked.get_absolute_url(),
            actor=actor,
            target=locked,
        )

    return RESIDENCY_STATES.apply(
        residency, "end", actor=actor, lock=_lock, guard=guard, prepare=prepare, after=after
    )


# --- the log ----------------------------------------------------------------------------------


def _require_resident(residency, actor):
    if not actor.is_authenticated or actor.pk != residency.person_id:
        raise PermissionDenied


def _require_active(residency):
    if residency.status != R.ACTIVE:
        raise ValidationError(_("This residency is not active: it has not started yet or has ended."))


def _clean_entry(*, date, kind, text, visibility):
    errors = {}
    if date is None:
        errors["date"] = _("Fill in the date.")
    elif date > timezone.localdate() + datetime.timedelta(days=1):
        errors["date"] = _("A log entry is about something that happened: the date cannot be in the future.")
    if kind not in LogEntry.Kind.values:
        errors["kind"] = _("Choose what kind of entry this is.")
    if not (text or "").strip():
        errors["text"] = _("Write what happened.")
    if visibility not in LogEntry.Visibility.values:
        errors["visibility"] = _("Choose who may read this entry.")
    if errors:
        raise ValidationError(errors)


def _set_attachment(entry, upload):
    mime, name = attachments.check(upload)
    entry.attachment = attachments.stored_file(upload, mime)
    entry.attachment_name, entry.attachment_type = name, mime


@transaction.atomic
def entry_create(*, residency, actor, date, kind, text, visibility, attachment=None):
    residency = _lock(residency)
    _require_resident(residency, actor)
    _require_active(residency)
    _clean_entry(date=date, kind=kind, text=text, visibility=visibility)
    entry = LogEntry(
        residency=residency, author=actor, date=date, kind=kind, text=text.strip(), visibility=visibility
    )
    if attachment:
        _set_attachment(entry, attachment)
    entry.save()
    _record(entry, "residence.entry.create", actor, residency=residency.pk)
    return entry


@transaction.atomic
def entry_update(*, entry, actor, date, kind, text, visibility, attachment=None, remove_attachment=False):
    """The resident changes their own entry; nobody else can."""
    entry = LogEntry.objects.select_for_update().select_related("residency").get(pk=entry.pk)
    if not actor.is_authenticated or entry.author_id != actor.pk or entry.residency.person_id != actor.pk:
        raise PermissionDenied
    _clean_entry(date=date, kind=kind, text=text, visibility=visibility)
    entry.date, entry.kind, entry.text, entry.visibility = date, kind, text.strip(), visibility
    fields = ["date", "kind", "text", "visibility", "updated_at"]
    old = entry.attachment.name if entry.attachment else ""
    if attachment:
        _set_attachment(entry, attachment)
        fields += ["attachment", "attachment_name", "attachment_type"]
    elif (attachment is False or remove_attachment) and old:
        entry.attachment, entry.attachment_name, entry.attachment_type = "", "", ""
        fields += ["attachment", "attachment_name", "attachment_type"]
    entry.save(update_fields=fields)
    if old and "attachment" in fields:
        storage = entry.attachment.storage
        transaction.on_commit(lambda: storage.delete(old))
    _record(entry, "residence.entry.update", actor, residency=entry.residency_id)
    return entry


@transaction.atomic
def response_create(*, entry, actor, text, viewer_may_see):
    """A partner responds to a log entry it may read (``viewer_may_see``: the selector's answer)."""
    entry = LogEntry.objects.select_related("residency__deal", "author").get(pk=entry.pk)
    residency = entry.residency
    if not viewer_may_see:
        raise PermissionDenied
    _require_deal_member(residency.deal, actor, residency=residency)
    if not (text or "").strip():
        raise ValidationError({"text": _("Write your response.")})
    org_ids = [residency.host_partner_id, residency.home_partner_id, *sorted(partner_org_ids(residency.deal))]
    mine = set(Membership.objects.filter(user=actor).values_list("organisation_id", flat=True))
    organisation_id = next((pk for pk in org_ids if pk in mine), None)
    response = Response.objects.create(
        entry=entry, author=actor, organisation_id=organisation_id, text=text.strip()
    )
    _record(response, "residence.response.create", actor, entry=entry.pk)
    recipients = [entry.author] if entry.author else []
    recipients += [r.author for r in entry.responses.select_related("author") if r.author]
    _tell(
        recipients,
        subject=_("New response in the residency log of “%(deal)s”"),
        body=text.strip(),
        params={"deal": residency.deal.title},
        url=residency.get_absolute_url() + f"#entry-{entry.pk}",
        actor=actor,
        target=residency,
    )
    return response


# --- concerns ---------------------------------------------------------------------------------


@transaction.atomic
def concern_raise(*, residency, actor, title, severity, owner, description="", actions="", due_on=None):
    residency = Residency.objects.select_for_update().select_related("deal").get(pk=residency.pk)
    _require_deal_member(residency.deal, actor, residency=residency)
    _require_active(residency)
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("Describe the problem in a few words.")
    if severity not in Concern.Severity.values:
        errors["severity"] = _("Choose how serious it is.")
    if owner is None or owner.pk not in partner_org_ids(residency.deal):
        errors["owner"] = _("Choose the partner that owns this concern.")
    if due_on is not None and due_on < timezone.localdate():
        errors["due_on"] = _("The due date cannot be in the past.")
    if errors:
        raise ValidationError(errors)
    concern = Concern.objects.create(
        residency=residency,
        deal=residency.deal,
        title=title.strip(),
        description=(description or "").strip(),
        severity=severity,
        owner=owner,
        actions=(actions or "").strip(),
        due_on=due_on,
        raised_by=actor,
    )
    _record(concern, "residence.concern.raise", actor, deal=residency.deal_id, severity=severity)
    params = {"deal": residency.deal.title, "concern": concern.title}
    if concern.is_handrem:
        # Every partner, at once and by mail whatever their preference: the deal is on hold.
        _tell(
            _deal_members(residency.deal),
            subject=_("Handrem pulled in “%(deal)s”: %(concern)s"),
            body=_(
                "The handrem was pulled in the deal “%(deal)s”: %(concern)s. The deal takes no next step "
                "until the home and the host partner both confirmed a resolution."
            ),
            params=params,
            url=concern.get_absolute_url(),
            actor=actor,
            target=concern,
            urgent=True,
        )
    else:
        _tell(
            [residency.person, *_members(owner.pk, residency.home_partner_id, residency.host_partner_id)],
            subject=_("New concern in “%(deal)s”: %(concern)s"),
            body=_("A concern was raised in the deal “%(deal)s”: %(concern)s."),
            params=params,
            url=concern.get_absolute_url(),
            actor=actor,
            target=concern,
        )
    return concern


def may_edit_concern(user, concern):
    """Who may change an open concern's text, owner, actions and due date: the person who raised it,
    and whoever confirms for the home, the host or the owning partner (a beheerder)."""
    if not user.is_authenticated or concern.status != Concern.Status.OPEN:
        return False
    if concern.raised_by_id == user.pk:
        return True
    residency = concern.residency
    return any(
        may_confirm_for(user, org_id)
        for org_id in {residency.home_partner_id, residency.host_partner_id, concern.owner_id}
    )


CONCERN_EDIT_FIELDS = ("title", "description", "owner", "actions", "due_on")


@transaction.atomic
def concern_update(*, concern, actor, title, owner, description="", actions="", due_on=None):
    """Change an open concern (not its severity: a handrem is pulled and released by its own steps).
    The audit row names the fields that changed; the owner's confirmers are told when the owner
    changes."""
    concern = Concern.objects.select_for_update().select_related("residency", "deal").get(pk=concern.pk)
    if not may_edit_concern(actor, concern):
        raise PermissionDenied
    errors = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = _("Describe the problem in a few words.")
    if owner is None or owner.pk not in partner_org_ids(concern.deal):
        errors["owner"] = _("Choose the partner that owns this concern.")
    if due_on is not None and due_on != concern.due_on and due_on < timezone.localdate():
        errors["due_on"] = _("The due date cannot be in the past.")
    if errors:
        raise ValidationError(errors)
    values = {
        "title": title,
        "description": (description or "").strip(),
        "owner": owner,
        "actions": (actions or "").strip(),
        "due_on": due_on,
    }
    owner_changed = owner.pk != concern.owner_id
    changed = [name for name, value in values.items() if getattr(concern, name) != value]
    if not changed:
        return concern
    for name in changed:
        setattr(concern, name, values[name])
    concern.save(update_fields=changed)
    _record(concern, "residence.concern.update", actor, deal=concern.deal_id, fields=changed)
    if owner_changed:
        _tell(
            confirmers_of(owner.pk),
            subject=_("Your organisation now owns the concern “%(concern)s” in “%(deal)s”"),
            body=_("The concern “%(concern)s” in the deal “%(deal)s” is now owned by %(owner)s."),
            params={"deal": concern.deal.title, "concern": concern.title, "owner": owner.name},
            url=concern.get_absolute_url(),
            actor=actor,
            target=concern,
        )
    return concern


@transaction.atomic
def concern_confirm_resolution(*, concern, actor, resolution):
    """The home or the host partner confirms the resolution text. A different text than the one the
    other partner confirmed replaces it and asks that partner to confirm again; with both
    confirmations of the same text the concern is closed (a handrem is released)."""
    concern = Concern.objects.select_for_update().select_related("residency", "deal").get(pk=concern.pk)
    if concern.status != Concern.Status.OPEN:
        raise ValidationError(_("This concern is already closed."))
    residency = concern.residency
    concern.home_partner_id, concern.host_partner_id = residency.home_partner_id, residency.host_partner_id
    text = (resolution or "").strip()
    if not (
        may_confirm_for(actor, residency.home_partner_id) or may_confirm_for(actor, residency.host_partner_id)
    ):
        raise PermissionDenied
    if not text:
        raise ValidationError({"resolution": _("Write down how the concern was resolved.")})
    fields = []
    if text != concern.resolution:
        concern.resolution = text
        concern.home_confirmed_at = concern.home_confirmed_by = None
        concern.host_confirmed_at = concern.host_confirmed_by = None
        fields = [
            "resolution",
            "home_confirmed_at",
            "home_confirmed_by",
            "host_confirmed_at",
            "host_confirmed_by",
        ]
    fields += _confirm_sides(concern, actor)
    if not fields:
        raise ValidationError(_("Your organisation has already confirmed this resolution."))
    concern.save(update_fields=sorted(set(fields)))
    _record(concern, "residence.concern.confirm", actor, deal=concern.deal_id)
    params = {"deal": concern.deal.title, "concern": concern.title}
    if concern.home_confirmed_at and concern.host_confirmed_at:

        def prepare(locked):
            locked.closed_at = timezone.now()
            return ["closed_at"]

        CONCERN_STATES.apply(concern, "close", actor=actor, lock=lambda c: c, prepare=prepare)
        recipients = (
            _deal_members(concern.deal)
            if concern.is_handrem
            else [
                residency.person,
                *_members(concern.owner_id, residency.home_partner_id, residency.host_partner_id),
            ]
        )
        _tell(
            recipients,
            subject=_("Concern resolved in “%(deal)s”: %(concern)s"),
            body=text,
            params=params,
            url=concern.get_absolute_url(),
            actor=actor,
            target=concern,
        )
    else:
        other = residency.host_partner_id if concern.home_confirmed_at else residency.home_partner_id
        _tell(
            confirmers_of(other),
            subject=_("Confirm the resolution of a concern in “%(deal)s”"),
            body=text,
            params=params,
            url=concern.get_absolute_url(),
            actor=actor,
            target=concern,
        )
    return concern


def open_handrem_reasons(deal, transition):
    """The step guard of the deal (``deals.extensions.register_step_guard``): while a handrem is pulled,
    every step is refused."""
    titles = list(
        Concern.objects.filter(
            deal=deal, status=Concern.Status.OPEN, severity=Concern.Severity.HANDREM
        ).values_list("title", flat=True)[:5]
    )
    return [
        _(
            "The handrem is pulled (“%(concern)s”): the deal takes no step until the home and the host "
            "partner of the partner in residence both confirmed its resolution."
        )
        % {"concern": title}
        for title in titles
    ]


def iso_week(day):
    year, week, _weekday = day.isocalendar()
    return f"{year}-W{week:02d}"


def concerns_to_remind(*, now=None):
    """Ids of the open concerns raised longer than RESIDENCE_REMINDER_AFTER_DAYS ago without a reminder
    this week."""
    now = now or timezone.now()
    week = iso_week(timezone.localdate(now))
    since = now - datetime.timedelta(days=settings.RESIDENCE_REMINDER_AFTER_DAYS)
    return week, list(
        Concern.objects.filter(status=Concern.Status.OPEN, raised_at__lt=since)
        .exclude(reminders__week=week)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def concern_remind(*, concern_id, week, now=None):
    """Remind the owner of one open concern, once per ISO ``week``: the unique (concern, week) row is
    written in the transaction that asks for the mails, so a second run, or a run again after a worker
    died, sends nothing more. Returns whether a reminder was sent."""
    now = now or timezone.now()
    concern = (
        Concern.objects.select_for_update(of=("self",))
        .select_related("deal", "owner")
        .filter(pk=concern_id)
        .first()
    )
    since = now - datetime.timedelta(days=settings.RESIDENCE_REMINDER_AFTER_DAYS)
    if concern is None or concern.status != Concern.Status.OPEN or concern.raised_at >= since:
        return False
    _reminder, created = ConcernReminder.objects.get_or_create(concern=concern, week=week)
    if not created:
        return False
    _tell(
        confirmers_of(concern.owner_id),
        subject=_("Reminder: the concern “%(concern)s” in “%(deal)s” is still open"),
        body=_(
            "The concern “%(concern)s” in the deal “%(deal)s” has been open for %(days)s days. "
            "%(owner)s owns it: agree on the actions and close it together."
        ),
        params={
            "concern": concern.title,
            "deal": concern.deal.title,
            "days": (now - concern.raised_at).days,
            "owner": concern.owner.name,
        },
        url=concern.get_absolute_url(),
        actor=None,
        target=concern,
    )
    return True


# --- side activities ---------------------------------------------------------------------------


ACTIVITY_WITHIN = datetime.timedelta(days=3652)  # ten years either side of today


def _clean_activity(residency, *, kind, title, starts_at, place, partners):
    errors = {}
    if kind not in Activity.Kind.values:
        errors["kind"] = _("Choose what kind of activity this is.")
    if not (title or "").strip():
        errors["title"] = _("Fill in a title.")
    if starts_at is None:
        errors["starts_at"] = _("Fill in the date and time.")
    elif abs(starts_at - timezone.now()) > ACTIVITY_WITHIN:
        # Also keeps out the year 1, which PostgreSQL stores before Christ (Amsterdam is ahead of
        # UTC) and no page can read back.
        errors["starts_at"] = _("Fill in a date and time within ten years from today.")
    if not (place or "").strip():
        errors["place"] = _("Fill in the place.")
    allowed = partner_org_ids(residency.deal)
    if any(p.pk not in allowed for p in partners):
        errors["partners"] = _("Choose partners of this deal.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def activity_create(
    *, residency, actor, kind, title, starts_at, place, partners=(), description="", is_public=False
):
    residency = Residency.objects.select_for_update().select_related("deal").get(pk=residency.pk)
    _require_resident(residency, actor)
    _require_active(residency)
    partners = list(partners)
    _clean_activity(residency, kind=kind, title=title, starts_at=starts_at, place=place, partners=partners)
    activity = Activity.objects.create(
        residency=residency,
        kind=kind,
        title=title.strip(),
        starts_at=starts_at,
        place=place.strip(),
        description=(description or "").strip(),
        is_public=bool(is_public),
        created_by=actor,
    )
    activity.partners.set(partners)
    _record(activity, "residence.activity.create", actor, residency=residency.pk)
    return activity


@transaction.atomic
def activity_report(*, activity, actor, report):
    activity = Activity.objects.select_for_update().select_related("residency").get(pk=activity.pk)
    _require_resident(activity.residency, actor)
    if activity.starts_at > timezone.now():
        raise ValidationError({"report": _("Write the report after the activity took place.")})
    if not (report or "").strip():
        raise ValidationError({"report": _("Write a short report.")})
    activity.report = report.strip()
    activity.save(update_fields=["report"])
    _record(activity, "residence.activity.report", actor, residency=activity.residency_id)
    return activity


# --- account deletion -------------------------------------------------------------------------


def on_user_saved(sender, instance, update_fields=None, **kwargs):
    """When an account is deleted (anonymised, ``reisgids.accounts.services.account_delete``, in its
    transaction) the person's residencies no longer name them on the public deal page; their log
    entries stay with the deal, signed by the anonymous account."""
    if instance.anonymised_at is None or (update_fields is not None and "anonymised_at" not in update_fields):
        return
    if Residency.objects.filter(person=instance, name_public=True).update(name_public=False):
        bump_for(Residency)
