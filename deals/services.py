"""Every write to a deal: one service per state change. Each runs in one transaction, checks who
may do it and whether the deal is in the right step, saves with ``update_fields``, writes an audit
row (``reisgids.audit.record``) and a line on the deal's timeline, and notifies in the same transaction
(mail follows after commit)."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from deals.extensions import step_refusals
from deals.models import (
    DEAL_STEPS,
    PARTNER_STATES,
    Contribution,
    Deal,
    DealEvent,
    DealPartner,
    ExpectedResult,
    Milestone,
    Risk,
)
from deals.selectors import invitation_responders, may_answer
from reisgids.audit import record
from reisgids.models import Organisation, User
from reisgids.notifications.services import notify
from reisgids.roles import beheerders_of, is_member, is_network_manager, members_of, network_managers

RESERVED_SLUGS = {"start", "in-de-maak", "mijn", "export", "feed", "kick-offs", "thema", "nieuw"}

EDITABLE_FIELDS = (
    "title",
    "goal",
    "idea",
    "feasibility",
    "scalability",
    "coordination",
    "decision_making",
    "meeting_rhythm",
    "internal_communication",
    "process_agreements",
    "schouw_frequency",
    "schouw_setting",
    "schouw_peers",
    "schouw_reporter",
    "start_date",
    "end_date",
    "financing",
    "financing_notes",
    "kickoff_at",
    "kickoff_place",
    "kickoff_description",
    "kickoff_moment",
    "internal_notes",
)
M2M_FIELDS = ("themes", "areas", "neighbourhoods", "instruments")
RESULT_FIELDS = ("description", "indicator", "target")
RISK_FIELDS = ("description", "likelihood", "impact", "mitigation", "owner")
MILESTONE_FIELDS = ("title", "due_date")
CLOSED_FOR_CHANGES = (Deal.Status.FINISHED, Deal.Status.STOPPED)
S = Deal.Status


class ConcurrentEditError(ValidationError):
    """Someone else saved the deal (or the contribution) after this form was opened."""


# --- helpers -----------------------------------------------------------------------------------


def _lock(deal):
    """Re-read the deal with a row lock, so guards see the committed state."""
    return Deal.objects.select_for_update().get(pk=deal.pk)


def _trekker(deal):
    return DealPartner.objects.select_related("organisation").get(deal=deal, role=DealPartner.Role.TREKKER)


def _require_trekker(deal, actor):
    if not is_member(actor, _trekker(deal).organisation_id):
        raise PermissionDenied


def _require_partner_member(deal, actor):
    """A member of a partner that takes part; or a network manager (who edits in /beheer/)."""
    if is_network_manager(actor):
        return
    if (
        not actor.is_authenticated
        or not DealPartner.objects.filter(
            deal=deal, status=DealPartner.Status.ACCEPTED, organisation__memberships__user=actor
        ).exists()
    ):
        raise PermissionDenied


def _require_open(deal):
    if deal.status in CLOSED_FOR_CHANGES:
        raise ValidationError(_("This deal has finished or stopped and can no longer be changed."))


def _event(deal, action, *, actor, organisation=None, detail="", data=None):
    record(deal, action, actor=actor, data={"deal": deal.pk, **(data or {})})
    DealEvent.objects.create(
        deal=deal,
        action=action,
        actor=actor if actor is not None and actor.is_authenticated else None,
        organisation_name=organisation.name if organisation else "",
        detail=detail,
    )


def _organisation_managers(organisation_id):
    """Beheerders of the organisation; all members when it has no beheerder."""
    return list(beheerders_of(organisation_id)) or list(members_of(organisation_id))


def _partner_members(deal, *, exclude_organisation_id=None, exclude_user=None):
    users = User.objects.filter(
        memberships__organisation__deal_partnerships__deal=deal,
        memberships__organisation__deal_partnerships__status=DealPartner.Status.ACCEPTED,
        is_active=True,
    )
    if exclude_organisation_id is not None:
        users = users.exclude(memberships__organisation_id=exclude_organisation_id)
    if exclude_user is not None and exclude_user.is_authenticated:
        users = users.exclude(pk=exclude_user.pk)
    return list(users.distinct())


def _trekker_members(deal, *, exclude_user=None):
    users = members_of(_trekker(deal).organisation_id)
    if exclude_user is not None and exclude_user.is_authenticated:
        users = users.exclude(pk=exclude_user.pk)
    return list(users)


def _notify(recipients, *, subject, body, deal, actor, kind="deal", params=None, link=True):
    """Notify about ``deal`` in the caller's transaction (the mails follow after commit, through the
    outbox), each recipient in their own language. ``subject`` and ``body`` are message ids with
    ``params``. ``link=False`` leaves out the link to the deal, for recipients who can no longer open
    it."""
    notify(
        recipients=[user for user in recipients if user is not None],
        subject=subject,
        body=body,
        params={"deal": deal.title, **(params or {})},
        url=deal.get_absolute_url() if link else "",
        actor=actor if actor is not None and actor.is_authenticated else None,
        kind=kind,
        target=deal,
    )


def unique_slug(title, *, exclude_pk=None):
    base = slugify(title)[:200] or "deal"
    if base in RESERVED_SLUGS:
        base = f"{base}-deal"
    slug, n = base, 1
    existing = Deal.objects.exclude(pk=exclude_pk) if exclude_pk else Deal.objects.all()
    while existing.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _validate_dates(start, end):
    if start and end and end < start:
        raise ValidationError({"end_date": _("The end date cannot be before the start date.")})


# --- starting and editing ----------------------------------------------------------------------


@transaction.atomic
def deal_start(
    *,
    actor,
    organisation,
    title,
    goal,
    idea="",
    themes=(),
    areas=(),
    neighbourhoods=(),
    process_agreements="",
    invite=(),
):
    """Start a deal with ``organisation`` as trekker. The actor must be a member of it. A follow-up
    deal (``deals.views.deal_start`` with ``?vervolg=``) also takes over the process agreements and
    invites the partners of the deal it follows (``invite``: organisations), as the trekker would."""
    if not is_member(actor, organisation.pk):
        raise PermissionDenied
    title, goal = title.strip(), goal.strip()
    if not title:
        raise ValidationError({"title": _("Give the deal a title.")})
    if not goal:
        raise ValidationError({"goal": _("Describe the shared goal.")})
    deal = Deal.objects.create(
        title=title,
        slug=unique_slug(title),
        goal=goal,
        idea=idea.strip(),
        process_agreements=(process_agreements or "").strip(),
        created_by=actor,
    )
    deal.themes.set(themes)
    deal.areas.set(areas)
    deal.neighbourhoods.set(neighbourhoods)
    DealPartner.objects.create(
        deal=deal,
        organisation=organisation,
        role=DealPartner.Role.TREKKER,
        status=DealPartner.Status.ACCEPTED,
        requested_by=actor,
        decided_at=timezone.now(),
    )
    _event(deal, "deals.deal.create", actor=actor, organisation=organisation)
    for other in {o.pk: o for o in invite if o.pk != organisation.pk}.values():
        partner = _propose_partner(
            deal,
            other,
            role=DealPartner.Role.PARTNER,
            status=DealPartner.Status.INVITED,
            actor=actor,
            message="",
        )
        _event(deal, "deals.partner.invite", actor=actor, organisation=other)
        _notify_invitation(partner, actor)
    return deal


@transaction.atomic
def deal_update(*, deal, actor, version, fields, m2m=None, results=None, risks=None, milestones=None):
    """Save the deal's content (by its partners, or a network manager in /beheer/). ``version`` is
    the version the form was opened with: when someone saved in between, nothing is saved and
    ``ConcurrentEditError`` is raised. ``results``, ``risks`` and ``milestones`` (lists of dicts)
    replace the existing rows."""
    _require_partner_member(deal, actor)
    locked = _lock(deal)
    _require_open(locked)
    if locked.version != version:
        raise ConcurrentEditError(
            _(
                "Someone else saved this deal while you were editing it. Nothing of yours was saved: "
                "below are the current values. Make your changes again and save."
            ),
            code="stale",
        )
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(locked, name, value.strip() if isinstance(value, str) else value)
    if not locked.title:
        raise ValidationError({"title": _("Give the deal a title.")})
    if not locked.goal:
        raise ValidationError({"goal": _("Describe the shared goal.")})
    _validate_dates(locked.start_date, locked.end_date)
    for row in milestones or ():
        if locked.start_date and row["due_date"] < locked.start_date:
            raise ValidationError(_("A milestone cannot be before the start date of the deal."))
    locked.version = F("version") + 1
    locked.save(update_fields=[*fields, "version", "updated_at"])
    locked.refresh_from_db(fields=["version"])
    for name, values in (m2m or {}).items():
        if name not in M2M_FIELDS:
            raise ValueError(name)
        getattr(locked, name).set(values)
    for model, rows, names in (
        (ExpectedResult, results, RESULT_FIELDS),
        (Risk, risks, RISK_FIELDS),
        (Milestone, milestones, MILESTONE_FIELDS),
    ):
        if rows is None:
            continue
        model.objects.filter(deal=locked).delete()
        model.objects.bulk_create(
            [model(deal=locked, **{n: row[n] for n in names if n in row}) for row in rows]
        )
    _event(locked, "deals.deal.update", actor=actor)
    deal.version = locked.version
    return locked


@transaction.atomic
def deal_revise_agreements(*, deal, actor, agreements, reason):
    """Replace the deal's process agreements with ``agreements`` (revised in a schouw's bespreking),
    by a member of a partner. The timeline and the audit keep what changed and why (the text
    before, after, and ``reason``). Returns the deal and the agreements before."""
    _require_partner_member(deal, actor)
    locked = _lock(deal)
    _require_open(locked)
    agreements, reason = agreements.strip(), reason.strip()
    if not agreements:
        raise ValidationError({"agreements": _("Write the revised agreements.")})
    if not reason:
        raise ValidationError({"reason": _("Say why the agreements change.")})
    previous = locked.process_agreements
    if agreements == previous:
        raise ValidationError({"agreements": _("The agreements are the same as before; change them first.")})
    locked.process_agreements = agreements
    locked.version = F("version") + 1
    locked.save(update_fields=["process_agreements", "version", "updated_at"])
    locked.refresh_from_db(fields=["version"])
    _event(
        locked,
        "deals.deal.agreements",
        actor=actor,
        detail=reason,
        data={"previous": previous, "agreements": agreements, "reason": reason},
    )
    deal.version = locked.version
    return locked, previous


@transaction.atomic
def deal_set_seeking(*, deal, actor, seeking, partner_kinds=(), contribution_kinds=(), text=""):
    """Publish (or withdraw) a deal in verkennen/idee as "deal in de maak — zoekt partners"."""
    _require_trekker(deal, actor)
    locked = _lock(deal)
    if seeking and locked.status not in Deal.MAKING_STATUSES:
        raise ValidationError(
            _("Only a deal that is still being explored or developed can look for partners.")
        )
    valid_partner_kinds = set(Organisation.Kind.values)
    valid_contribution_kinds = set(Contribution.Kind.values)
    locked.seeking_partners = bool(seeking)
    locked.seeking_partner_kinds = [k for k in partner_kinds if k in valid_partner_kinds]
    locked.seeking_contribution_kinds = [k for k in contribution_kinds if k in valid_contribution_kinds]
    locked.seeking_text = text.strip()
    if seeking and not (
        locked.seeking_text or locked.seeking_partner_kinds or locked.seeking_contribution_kinds
    ):
        raise ValidationError({"seeking_text": _("Say what kind of partner or input you are looking for.")})
    locked.save(
        update_fields=[
            "seeking_partners",
            "seeking_partner_kinds",
            "seeking_contribution_kinds",
            "seeking_text",
            "updated_at",
        ]
    )
    _event(locked, "deals.deal.publish" if seeking else "deals.deal.unpublish", actor=actor)
    return locked


# --- partners ----------------------------------------------------------------------------------


def _propose_partner(deal, organisation, *, role, status, actor, message):
    """Put ``organisation`` on the (locked) deal as a proposed partner with ``status``: a new row, or
    the row of an earlier refusal made new. Refused when it is already involved."""
    partner = DealPartner.objects.select_for_update().filter(deal=deal, organisation=organisation).first()
    if partner and not partner.is_ended:
        raise ValidationError({"organisation": _("This organisation is already involved in the deal.")})
    if partner is None:
        partner = DealPartner(deal=deal, organisation=organisation)
    partner.role = role
    partner.status = status
    partner.message = message.strip()
    partner.requested_by = actor
    partner.invited_at = timezone.now() if status == DealPartner.Status.INVITED else None
    partner.responder = None
    partner.decided_at = None
    partner.confirmed_at = None
    partner.confirmed_by = None
    partner.save()
    return partner


def _notify_invitation(partner, actor):
    """Tell whoever may answer the invitation of ``partner`` (see
    ``deals.selectors.invitation_responder_ids``); when nobody may, the network managers, who can
    assign a member to answer."""
    organisation = partner.organisation
    responders = invitation_responders(partner=partner)
    if responders:
        _notify(
            responders,
            subject=_("Your organisation is invited to the deal “%(deal)s”"),
            body=_(
                "%(organisation)s is invited to take part in the deal “%(deal)s”. Open the deal to "
                "accept or decline the invitation."
            ),
            params={"organisation": organisation.name},
            deal=partner.deal,
            actor=actor,
        )
    else:
        _notify(
            list(network_managers()),
            subject=_("Nobody can answer the invitation of %(organisation)s"),
            body=_(
                "%(organisation)s is invited to the deal “%(deal)s”, but has no beheerder and no "
                "aanspreekpunt among its members. Open the deal to choose a member who answers."
            ),
            params={"organisation": organisation.name},
            deal=partner.deal,
            actor=actor,
        )


@transaction.atomic
def partner_invite(*, deal, actor, organisation, role=DealPartner.Role.PARTNER, message=""):
    """The trekker invites an organisation. Its beheerders get a notification and answer."""
    _require_trekker(deal, actor)
    locked = _lock(deal)
    _require_open(locked)
    if role == DealPartner.Role.TREKKER:
        raise ValidationError({"role": _("A deal has one trekker; choose partner or facilitator.")})
    partner = _propose_partner(
        locked, organisation, role=role, status=DealPartner.Status.INVITED, actor=actor, message=message
    )
    _event(locked, "deals.partner.invite", actor=actor, organisation=organisation)
    _notify_invitation(partner, actor)
    return partner


def _record_partner(partner, transition, actor):
    _event(partner.deal, transition.action, actor=actor, organisation=partner.organisation)


def _answered(partner):
    partner.decided_at = timezone.now()
    return ["decided_at"]


@transaction.atomic
def partner_respond(*, partner, actor, accept):
    """Someone who may answer for the invited organisation (its beheerders, else its aanspreekpunten,
    or the member a network manager assigned) accepts or declines."""

    def guard(locked, actor):
        if not may_answer(user=actor, partner=locked):
            raise PermissionDenied

    def prepare(locked):
        _require_open(locked.deal)
        return _answered(locked)

    def after(locked, transition, actor):
        _notify(
            _trekker_members(locked.deal, exclude_user=actor),
            subject=_("%(organisation)s accepted the invitation")
            if accept
            else _("%(organisation)s declined the invitation"),
            body=_("%(organisation)s answered the invitation to the deal “%(deal)s”."),
            params={"organisation": locked.organisation.name},
            deal=locked.deal,
            actor=actor,
        )

    return PARTNER_STATES.apply(
        partner,
        "accept" if accept else "decline",
        actor=actor,
        lock=_lock_partner,
        guard=guard,
        prepare=prepare,
        record=_record_partner,
        after=after,
    )


@transaction.atomic
def partner_request_join(*, deal, actor, organisation, message=""):
    """ "Sluit aan": a member of an organisation asks to join a deal in the making."""
    if not is_member(actor, organisation.pk):
        raise PermissionDenied
    locked = _lock(deal)
    if not locked.in_the_making:
        raise ValidationError(_("This deal is not looking for partners."))
    partner = _propose_partner(
        locked,
        organisation,
        role=DealPartner.Role.PARTNER,
        status=DealPartner.Status.REQUESTED,
        actor=actor,
        message=message,
    )
    _event(locked, "deals.partner.request", actor=actor, organisation=organisation)
    _notify(
        _trekker_members(locked),
        subject=_("%(organisation)s wants to join the deal “%(deal)s”"),
        body=_("%(organisation)s asks to join the deal “%(deal)s”. Open the deal to accept or refuse."),
        params={"organisation": organisation.name},
        deal=locked,
        actor=actor,
    )
    return partner


@transaction.atomic
def partner_suggest(*, deal, actor, organisation, message=""):
    """A network manager suggests an organisation; it is invited only when the trekker agrees."""
    if not is_network_manager(actor):
        raise PermissionDenied
    locked = _lock(deal)
    if locked.status not in Deal.OPEN_STATUSES:
        raise ValidationError(_("Partners can only be suggested while the deal is being formed."))
    partner = _propose_partner(
        locked,
        organisation,
        role=DealPartner.Role.PARTNER,
        status=DealPartner.Status.SUGGESTED,
        actor=actor,
        message=message,
    )
    _event(locked, "deals.partner.suggest", actor=actor, organisation=organisation)
    _notify(
        _trekker_members(locked),
        subject=_("A partner is suggested for the deal “%(deal)s”"),
        body=_(
            "The network manager suggests %(organisation)s as a partner for the deal “%(deal)s”. "
            "Open the deal to invite them or not."
        ),
        params={"organisation": organisation.name},
        deal=locked,
        actor=actor,
    )
    return partner


@transaction.atomic
def partner_decide(*, partner, actor, accept):
    """The trekker answers a request to join (accepted: the organisation takes part) or a
    suggestion (accepted: the organisation is invited)."""
    partner = _lock_partner(partner)
    deal, organisation = partner.deal, partner.organisation
    _require_trekker(deal, actor)
    _require_open(deal)
    kind = "suggest" if partner.status == DealPartner.Status.SUGGESTED else "request"
    answer = "accept" if accept else "refuse"

    def prepare(locked):
        if kind == "request":
            return _answered(locked)
        if accept:
            locked.requested_by = actor
            locked.invited_at = timezone.now()
        else:
            locked.invited_at = None
        return ["requested_by", "invited_at"]

    def after(locked, transition, actor):
        if kind == "request":
            _notify(
                [*_organisation_managers(organisation.pk), locked.requested_by],
                subject=_("Your request to join “%(deal)s” was accepted")
                if accept
                else _("Your request to join “%(deal)s” was not accepted"),
                body=_("The trekker of the deal “%(deal)s” answered the request of %(organisation)s."),
                params={"organisation": organisation.name},
                deal=deal,
                actor=actor,
            )
        elif accept:
            _notify_invitation(locked, actor)

    return PARTNER_STATES.apply(
        partner,
        f"{kind}_{answer}",
        actor=actor,
        lock=lambda locked: locked,
        prepare=prepare,
        record=_record_partner,
        after=after,
    )


@transaction.atomic
def partner_assign_responder(*, partner, actor, user):
    """A network manager assigns a member of the invited organisation to answer its invitation
    (for an organisation without a beheerder or aanspreekpunt among its members, such as a
    gemeente-afdeling). The assigned member is told and can answer from the deal page."""
    if not is_network_manager(actor):
        raise PermissionDenied
    partner = _lock_partner(partner)
    deal, organisation = partner.deal, partner.organisation
    _require_open(deal)
    if partner.status != DealPartner.Status.INVITED:
        raise ValidationError(_("This invitation has already been answered."))
    if user is None or not user.is_active or not is_member(user, organisation.pk):
        raise ValidationError(
            {"user": _("Choose a member of %(organisation)s.") % {"organisation": organisation.name}}
        )
    partner.responder = user
    partner.save(update_fields=["responder"])
    _event(
        deal,
        "deals.partner.assign_responder",
        actor=actor,
        organisation=organisation,
        detail=user.get_full_name() or gettext("a member"),
        data={"partner": partner.pk, "responder": user.pk},
    )
    _notify(
        [user],
        subject=_("Please answer the invitation of %(organisation)s to “%(deal)s”"),
        body=_(
            "The network manager asks you to answer, on behalf of %(organisation)s, the invitation to "
            "the deal “%(deal)s”. Open the deal to accept or decline it."
        ),
        params={"organisation": organisation.name},
        deal=deal,
        actor=actor,
    )
    return partner


@transaction.atomic
def partner_set_message(*, partner, actor, message):
    """A network manager corrects, in /beheer/, the message that came with an invitation, a
    request to join or a suggestion."""
    if not is_network_manager(actor):
        raise PermissionDenied
    partner = _lock_partner(partner)
    partner.message = message.strip()
    partner.save(update_fields=["message"])
    _event(partner.deal, "deals.partner.message", actor=actor, organisation=partner.organisation)
    return partner


def _end_invitation(partner, name, *, actor):
    """End the (locked) open invitation of ``partner`` by the transition ``name``: saved, audited
    and on the timeline. Returns who could answer it, to be told."""
    responders = invitation_responders(partner=partner)
    PARTNER_STATES.apply(
        partner, name, actor=actor, lock=lambda locked: locked, prepare=_answered, record=_record_partner
    )
    return responders


@transaction.atomic
def partner_withdraw(*, partner, actor):
    """The trekker withdraws an invitation that has not been answered yet. The deal no longer
    waits for it; the organisation can be invited again later."""
    partner = _lock_partner(partner)
    deal = partner.deal
    _require_trekker(deal, actor)
    _require_open(deal)
    responders = _end_invitation(partner, "withdraw", actor=actor)
    _notify(
        responders,
        subject=_("The invitation to the deal “%(deal)s” is withdrawn"),
        body=_(
            "The trekker of the deal “%(deal)s” withdrew the invitation to %(organisation)s. You no "
            "longer need to answer it."
        ),
        params={"organisation": partner.organisation.name},
        deal=deal,
        actor=actor,
        link=deal.is_public,
    )
    return partner


@transaction.atomic
def partner_lapse(*, partner, invited_before):
    """Let an invitation made before ``invited_before`` and still unanswered lapse (by the daily
    task, no actor). Returns whether it lapsed: an answered, withdrawn or newer invitation, or one
    of a finished or stopped deal, is left alone, so running it twice changes nothing."""
    partner = _lock_partner(partner)
    deal = partner.deal
    if (
        partner.status != DealPartner.Status.INVITED
        or partner.invited_at is None
        or partner.invited_at >= invited_before
        or deal.status in CLOSED_FOR_CHANGES
    ):
        return False
    days = settings.DEAL_INVITATION_LAPSE_DAYS
    params = {"organisation": partner.organisation.name, "days": days}
    responders = _end_invitation(partner, "lapse", actor=None)
    _notify(
        _trekker_members(deal),
        subject=_("The invitation of %(organisation)s to “%(deal)s” lapsed"),
        body=_(
            "%(organisation)s did not answer the invitation to the deal “%(deal)s” within %(days)s "
            "days, so it lapsed. You can invite the organisation again."
        ),
        params=params,
        deal=deal,
        actor=None,
    )
    _notify(
        responders,
        subject=_("The invitation to the deal “%(deal)s” lapsed"),
        body=_(
            "The invitation to %(organisation)s to take part in the deal “%(deal)s” was not answered "
            "within %(days)s days and has lapsed. Contact the trekker if you still want to take part."
        ),
        params=params,
        deal=deal,
        actor=None,
        link=deal.is_public,
    )
    return True


def lapse_invitations(*, now=None):
    """Let every invitation unanswered for ``DEAL_INVITATION_LAPSE_DAYS`` lapse, each in its own
    transaction. Returns how many lapsed."""
    invited_before = (now or timezone.now()) - datetime.timedelta(days=settings.DEAL_INVITATION_LAPSE_DAYS)
    due = list(
        DealPartner.objects.filter(status=DealPartner.Status.INVITED, invited_at__lt=invited_before)
        .exclude(deal__status__in=CLOSED_FOR_CHANGES)
        .values_list("pk", flat=True)
    )
    return sum(partner_lapse(partner=DealPartner(pk=pk), invited_before=invited_before) for pk in due)


# --- inbreng -----------------------------------------------------------------------------------


def _clean_contribution(*, kind, amount_eur, hours, description):
    errors = {}
    if kind not in Contribution.Kind.values:
        errors["kind"] = _("Choose a kind of input.")
    if kind == Contribution.Kind.MONEY:
        if amount_eur is None:
            errors["amount_eur"] = _("Enter the amount in euros.")
        elif Decimal(amount_eur) < 0:
            errors["amount_eur"] = _("The amount cannot be negative.")
    elif amount_eur is not None:
        errors["amount_eur"] = _("An amount only belongs with money; leave it empty for this kind of input.")
    if kind == Contribution.Kind.PEOPLE:
        if hours is None:
            errors["hours"] = _("Enter the number of hours.")
    elif hours is not None:
        errors["hours"] = _("Hours only belong with people and hours; leave it empty for this kind of input.")
    if not (description or "").strip():
        errors["description"] = _("Describe what you bring.")
    if errors:
        raise ValidationError(errors)


def _require_own_partner(partner, actor):
    if partner.status != DealPartner.Status.ACCEPTED or not is_member(actor, partner.organisation_id):
        raise PermissionDenied


def _withdraw_confirmation(partner, actor):
    """A change to confirmed inbreng withdraws the confirmation and tells the other partners."""
    if partner.confirmed_at is None:
        return
    partner.confirmed_at = None
    partner.confirmed_by = None
    partner.save(update_fields=["confirmed_at", "confirmed_by"])
    _event(partner.deal, "deals.partner.unconfirm", actor=actor, organisation=partner.organisation)
    _notify(
        _partner_members(partner.deal, exclude_organisation_id=partner.organisation_id, exclude_user=actor),
        subject=_("%(organisation)s changed its input in “%(deal)s”"),
        body=_(
            "%(organisation)s changed its input in the deal “%(deal)s” after confirming it. Its "
            "confirmation is withdrawn until it confirms again."
        ),
        params={"organisation": partner.organisation.name},
        deal=partner.deal,
        actor=actor,
    )


def _lock_partner(partner):
    """Lock the deal, then the partner row, and return the partner with its deal."""
    deal_id = DealPartner.objects.values_list("deal_id", flat=True).get(pk=partner.pk)
    deal = Deal.objects.select_for_update().get(pk=deal_id)
    partner = (
        DealPartner.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=partner.pk)
    )
    partner.deal = deal
    return partner


@transaction.atomic
def contribution_create(*, partner, actor, kind, description, amount_eur=None, hours=None, expectations=""):
    partner = _lock_partner(partner)
    _require_own_partner(partner, actor)
    _require_open(partner.deal)
    _clean_contribution(kind=kind, amount_eur=amount_eur, hours=hours, description=description)
    contribution = Contribution.objects.create(
        partner=partner,
        kind=kind,
        amount_eur=amount_eur,
        hours=hours,
        description=description.strip(),
        expectations=expectations.strip(),
    )
    _event(
        partner.deal,
        "deals.contribution.create",
        actor=actor,
        organisation=partner.organisation,
        detail=contribution.get_kind_display(),
    )
    _withdraw_confirmation(partner, actor)
    return contribution


@transaction.atomic
def contribution_update(
    *, contribution, actor, version, kind, description, amount_eur=None, hours=None, expectations=""
):
    """Change one contribution. ``version`` is the version the form was opened with: when
    someone else (another member of the same partner) saved it in between, nothing is saved and
    ``ConcurrentEditError`` is raised."""
    partner = _lock_partner(contribution.partner)
    _require_own_partner(partner, actor)
    _require_open(partner.deal)
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk, partner=partner)
    if contribution.version != version:
        raise ConcurrentEditError(
            _(
                "Someone else changed this input while you were editing it. Nothing of yours was "
                "saved: below are the current values. Make your change again and save."
            ),
            code="stale",
        )
    _clean_contribution(kind=kind, amount_eur=amount_eur, hours=hours, description=description)
    contribution.kind = kind
    contribution.amount_eur = amount_eur
    contribution.hours = hours
    contribution.description = description.strip()
    contribution.expectations = expectations.strip()
    contribution.version = F("version") + 1
    contribution.save(
        update_fields=["kind", "amount_eur", "hours", "description", "expectations", "version", "updated_at"]
    )
    contribution.refresh_from_db(fields=["version"])
    _event(
        partner.deal,
        "deals.contribution.update",
        actor=actor,
        organisation=partner.organisation,
        detail=contribution.get_kind_display(),
    )
    _withdraw_confirmation(partner, actor)
    return contribution


@transaction.atomic
def contribution_delete(*, contribution, actor):
    partner = _lock_partner(contribution.partner)
    _require_own_partner(partner, actor)
    _require_open(partner.deal)
    label = contribution.get_kind_display()
    Contribution.objects.filter(pk=contribution.pk, partner=partner).delete()
    _event(
        partner.deal,
        "deals.contribution.delete",
        actor=actor,
        organisation=partner.organisation,
        detail=label,
    )
    _withdraw_confirmation(partner, actor)


@transaction.atomic
def partner_confirm(*, partner, actor):
    """A member of the partner organisation confirms its inbreng as it stands."""
    partner = _lock_partner(partner)
    _require_own_partner(partner, actor)
    _require_open(partner.deal)
    if not partner.contributions.exists():
        raise ValidationError(_("Add at least one contribution before you confirm your input."))
    if partner.confirmed_at is not None:
        raise ValidationError(_("Your input is already confirmed."))
    partner.confirmed_at = timezone.now()
    partner.confirmed_by = actor
    partner.save(update_fields=["confirmed_at", "confirmed_by"])
    _event(partner.deal, "deals.partner.confirm", actor=actor, organisation=partner.organisation)
    _notify(
        _trekker_members(partner.deal, exclude_user=actor),
        subject=_("%(organisation)s confirmed its input in “%(deal)s”"),
        body=_("%(organisation)s confirmed its input in the deal “%(deal)s”."),
        params={"organisation": partner.organisation.name},
        deal=partner.deal,
        actor=actor,
    )
    return partner


# --- the steps ---------------------------------------------------------------------------------
# Declared once in deals.models.DEAL_STEPS; ``_step`` is the one way a step is taken.


def _record_step(locked, transition, actor):
    _event(locked, transition.action, actor=actor, detail=locked.get_status_display())


def _notify_step(locked, transition, actor):
    _notify(
        _partner_members(locked, exclude_user=actor),
        subject=_("The deal “%(deal)s” moved to: %(status)s"),
        body=_("The deal “%(deal)s” is now in the step: %(status)s."),
        params={"status": Deal.Status(locked.status).label},
        deal=locked,
        actor=actor,
    )


def _step(deal, actor, name, prepare=None):
    """Take the step ``name`` (see DEAL_STEPS): only the trekker, only from the steps it starts
    from; ``prepare(locked)`` checks and sets what comes with the step and returns those fields.
    Saved, on the timeline and in the audit, and the partners are told."""

    def prepare_step(locked):
        refusals = step_refusals(locked, DEAL_STEPS[name])
        if refusals:
            raise ValidationError(refusals)
        fields = list(prepare(locked)) if prepare is not None else []
        if DEAL_STEPS[name].target not in Deal.MAKING_STATUSES:
            locked.seeking_partners = False
        return [*fields, "seeking_partners"]

    return DEAL_STEPS.apply(
        deal,
        name,
        actor=actor,
        guard=_require_trekker,
        lock=_lock,
        prepare=prepare_step,
        record=_record_step,
        after=_notify_step,
    )


def _set_input(locked, field, value, message):
    """Set the required text ``value`` that comes with a step on ``field``."""
    if not value.strip():
        raise ValidationError({field: message})
    setattr(locked, field, value.strip())
    return [field]


@transaction.atomic
def deal_to_idea(*, deal, actor):
    return _step(deal, actor, "idea")


@transaction.atomic
def deal_to_testing(*, deal, actor, method, findings=""):
    def prepare(locked):
        if method not in Deal.TestMethod.values:
            raise ValidationError({"test_method": _("Choose how the idea will be tested.")})
        locked.test_method = method
        locked.test_findings = findings.strip()
        return ["test_method", "test_findings"]

    return _step(deal, actor, "test", prepare)


@transaction.atomic
def deal_to_planning(*, deal, actor, findings=None):
    def prepare(locked):
        if findings is None or locked.status != S.TESTING:
            return []
        return _set_input(locked, "test_findings", findings, _("Write down what the test showed."))

    return _step(deal, actor, "plan", prepare)


def close_problems(deal):
    """Why the deal cannot be closed yet (an empty list when it can)."""
    partners = list(
        DealPartner.objects.filter(deal=deal).select_related("organisation").prefetch_related("contributions")
    )
    accepted = [p for p in partners if p.status == DealPartner.Status.ACCEPTED]
    problems = []
    if len(accepted) < 2:
        problems.append(gettext("A deal needs at least two partners that take part."))
    if any(p.status == DealPartner.Status.INVITED for p in partners):
        problems.append(gettext("Some invitations have not been answered yet."))
    for partner in accepted:
        if not partner.contributions.all():
            problems.append(
                gettext("%(organisation)s has not stated its input yet.")
                % {"organisation": partner.organisation.name}
            )
        elif partner.confirmed_at is None:
            problems.append(
                gettext("%(organisation)s has not confirmed its input yet.")
                % {"organisation": partner.organisation.name}
            )
    return problems


@transaction.atomic
def deal_close(*, deal, actor):
    """Close the deal: at least two partners, each with at least one contribution, all confirmed."""

    def prepare(locked):
        problems = close_problems(locked)
        if problems:
            raise ValidationError(problems)
        locked.closed_at = timezone.now()
        return ["closed_at"]

    return _step(deal, actor, "close", prepare)


@transaction.atomic
def deal_hold_kickoff(*, deal, actor):
    def prepare(locked):
        if locked.kickoff_at is None and locked.kickoff_moment_id is None:
            raise ValidationError(_("Enter the date of the kick-off first (edit the deal)."))
        return []

    return _step(deal, actor, "kickoff", prepare)


@transaction.atomic
def deal_start_running(*, deal, actor):
    return _step(deal, actor, "run")


@transaction.atomic
def deal_finish(*, deal, actor, follow_up):
    message = _("Say whether there is a follow-up, and which.")
    return _step(deal, actor, "finish", lambda locked: _set_input(locked, "follow_up", follow_up, message))


@transaction.atomic
def deal_stop(*, deal, actor, reason):
    message = _("Give the reason for stopping.")
    return _step(deal, actor, "stop", lambda locked: _set_input(locked, "stop_reason", reason, message))


# The service of each step, for the step pages and /beheer/.
STEP_SERVICES = {
    "idea": deal_to_idea,
    "test": deal_to_testing,
    "plan": deal_to_planning,
    "close": deal_close,
    "kickoff": deal_hold_kickoff,
    "run": deal_start_running,
    "finish": deal_finish,
    "stop": deal_stop,
}
