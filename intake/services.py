"""Every write to an intake: one service per state change. Each runs in one transaction, checks who may
do it and whether the intake is in the right step (INTAKE_STEPS), saves with ``update_fields``, writes
an audit row (``reisgids.audit.record``), and tells the people concerned through ``notify`` (mail after
commit, through the outbox)."""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from deals import services as deal_services
from intake import figures
from intake.models import (
    CO_INITIATOR_STEPS,
    INTAKE_STEPS,
    PLAN_FIELDS,
    REQUEST_STEPS,
    Advice,
    CoInitiator,
    DecisionMaker,
    Influence,
    Intake,
    Meeting,
    OverdueReminder,
    Request,
    RequestReminder,
    StepPeriod,
)
from marktplaats import services as marktplaats_services
from marktplaats.models import Listing
from reisgids import roles
from reisgids.audit import record
from reisgids.models import User
from reisgids.notifications.services import notify, notify_address
from reisgids.outbox.services import enqueue
from reisgids.tasks import send_email

S = Intake.Status
CONFIRM_SALT = "intake.confirm"
CONFIRM_MAX_AGE = 7 * 24 * 3600
LINK_SALT = "intake.link"
LINK_MAX_AGE = 30 * 24 * 3600  # the link to an account, in the confirmation mail
STATUS_SALT = "intake.status"
STATUS_MAX_AGE = 365 * 24 * 3600  # the read-only status link, in every mail to an initiator without account
INVITE_SALT = "intake.co-initiator"
INVITE_MAX_AGE = 30 * 24 * 3600  # the invitation of a co-initiator
CO_INITIATORS_MAX = 20  # invitations per idea
TEXT_MAX = 10_000
AMOUNT_MAX = Decimal("100000000")

# Who holds an intake in each step: a group (role) or a person on the intake.
HOLDER_GROUP = {
    S.TRIAGE: roles.INITIATIVE_TEAM_GROUP,
    S.ADVICE: roles.ADVISORY_PLATFORM_GROUP,
    S.SECOND_OPINION: roles.SECOND_OPINION_GROUP,
}
DECIDER_GROUP = {
    DecisionMaker.TEAM_LEAD: roles.TEAM_LEADS_GROUP,
    DecisionMaker.WETHOUDER: roles.WETHOUDERS_GROUP,
    DecisionMaker.COLLEGE: roles.COLLEGE_GROUP,
    DecisionMaker.COUNCIL: roles.COUNCIL_GROUP,
}


# --- helpers -----------------------------------------------------------------------------------


def add_working_days(day, days):
    """``day`` plus ``days`` working days (Monday to Friday)."""
    while days > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def decision_maker_for(amount, *, budget_change=False):
    """Who decides, by the thresholds of the settings (Zutphen's guide by default)."""
    if budget_change:
        return DecisionMaker.COUNCIL
    amount = amount or 0
    if amount <= settings.INTAKE_DECISION_TEAM_LEAD_MAX:
        return DecisionMaker.TEAM_LEAD
    if amount <= settings.INTAKE_DECISION_WETHOUDER_MAX:
        return DecisionMaker.WETHOUDER
    return DecisionMaker.COLLEGE


def _lock(intake):
    return Intake.objects.select_for_update().get(pk=intake.pk)


def _holder(intake):
    """(person, role) who holds ``intake`` in its current step."""
    status = intake.status
    if status in HOLDER_GROUP:
        return None, HOLDER_GROUP[status]
    if status == S.DECISION:
        return None, DECIDER_GROUP[intake.decision_maker]
    if status in (S.HANDED_OVER, S.TAKEN_ON):
        return (intake.contact_point.user if intake.contact_point_id else None), ""
    if status in (S.CONTACT_ASSIGNED, S.PLAN):
        return intake.contact_person, ""
    if status in (S.ADVISED, S.APPROVED, S.UNVERIFIED):
        return intake.initiator, ""
    return None, ""


def _enter(intake, now):
    """Close the step the intake leaves and open the one it enters; who holds it and when it is due."""
    open_periods = StepPeriod.objects.filter(intake=intake, ended_at__isnull=True)
    left = list(open_periods.values_list("status", flat=True))
    open_periods.update(ended_at=now)
    StepPeriod.objects.create(intake=intake, status=intake.status, started_at=now)
    figures.refresh([*left, intake.status])
    intake.status_since = now
    holder, role = _holder(intake)
    intake.holder, intake.holder_role = holder, role
    if intake.is_ended:
        intake.due_on = None
    else:
        days = (
            settings.INTAKE_TRIAGE_WORKING_DAYS
            if intake.status == S.TRIAGE
            else settings.INTAKE_STEP_WORKING_DAYS
        )
        intake.due_on = add_working_days(timezone.localdate(now), days)
    return ["status_since", "holder", "holder_role", "due_on"]


def _text(value, field, message, *, required=True):
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: message})
    if len(value) > TEXT_MAX:
        raise ValidationError({field: _("Keep it under 10,000 characters.")})
    return value


def _texts(**fields):
    """Check several texts at once: {field: (value, message)} -> {field: cleaned}; every error together."""
    cleaned, errors = {}, {}
    for field, (value, message) in fields.items():
        try:
            cleaned[field] = _text(value, field, message)
        except ValidationError as error:
            errors.update(error.error_dict)
    if errors:
        raise ValidationError(errors)
    return cleaned


def _tell(recipients, *, intake, actor, subject, body, params=None):
    notify(
        recipients=[user for user in recipients if user is not None],
        subject=subject,
        body=body,
        params={"intake": intake.title, **(params or {})},
        url=intake.get_absolute_url(),
        actor=actor if actor is not None and actor.is_authenticated else None,
        kind="intake",
        target=intake,
    )


def _tell_holder(intake, actor):
    holder, role = _holder(intake)
    recipients = [holder] if holder else list(roles.group_members(role)) if role else []
    _tell(
        recipients,
        intake=intake,
        actor=actor,
        subject=_("An idea is waiting for you: “%(intake)s”"),
        body=_("The idea “%(intake)s” is now in the step: %(status)s. Open it to take the next step."),
        params={"status": Intake.Status(intake.status).label},
    )


def is_initiator(intake, user):
    """Whether ``user`` is one of the initiators of ``intake``: who sent it in, or, for an idea sent
    on behalf of an organisation, any member of it (a co-initiator). Asks the database: for the
    guards of writes (``intake.selectors`` answers the same for pages)."""
    if not user.is_authenticated:
        return False
    if intake.initiator_id == user.pk:
        return True
    if intake.organisation_id is not None and roles.is_member(user, intake.organisation_id):
        return True
    return CoInitiator.objects.filter(
        intake_id=intake.pk, user_id=user.pk, status=CoInitiator.Status.ACCEPTED
    ).exists()


def acts_for_organisation(intake, user):
    """Whether ``user`` is an initiator who acts on behalf of the idea: who sent it in, or a member
    of the organisation it was sent on behalf of; not a co-initiator invited from outside it
    (``selectors.IntakeAccess.acts_for_organisation`` answers the same for pages)."""
    if not user.is_authenticated:
        return False
    if intake.initiator_id == user.pk:
        return True
    return intake.organisation_id is not None and roles.is_member(user, intake.organisation_id)


def may_withdraw_invitations(intake, user):
    """Who may withdraw an invitation not accepted yet: the initiators and the initiatieventeam."""
    return is_initiator(intake, user) or roles.in_group_now(user, roles.INITIATIVE_TEAM_GROUP)


def initiators(intake):
    """The initiators of ``intake`` with an account: who sent it in, then the active members of the
    organisation it was sent on behalf of and the invited co-initiators who accepted, each once."""
    people = [intake.initiator] if intake.initiator_id else []
    others = User.objects.filter(is_active=True).filter(
        Q(
            intake_co_initiations__intake_id=intake.pk,
            intake_co_initiations__status=CoInitiator.Status.ACCEPTED,
        )
        | (Q(memberships__organisation_id=intake.organisation_id) if intake.organisation_id else Q(pk=None))
    )
    people += [user for user in others.distinct().order_by("pk") if user.pk != intake.initiator_id]
    return people


def _tell_initiator(intake, actor, *, subject, body, params=None):
    """Tell the initiators: their accounts (``notify``: the one who sent it in and the members of
    the organisation it was sent on behalf of, each once), or, for an idea sent in with only a
    verified email address, that address (``notify_address``: a mail through the outbox) with the
    signed read-only status link. An idea whose address is not confirmed yet hears nothing."""
    recipients = initiators(intake)
    if recipients:
        _tell(recipients, intake=intake, actor=actor, subject=subject, body=body, params=params)
    if not intake.initiator_id and intake.status != S.UNVERIFIED and intake.email:
        notify_address(
            email=intake.email,
            name=intake.name,
            subject=subject,
            body=body,
            params={"intake": intake.title, **(params or {})},
            link=status_url(intake),
        )


def _meeting_params(intake):
    meeting = intake.meetings.order_by("-created_at", "-pk").first()
    if meeting is None:
        return {"when": "", "place": ""}
    return {"when": timezone.localtime(meeting.starts_at).strftime("%d-%m-%Y %H:%M"), "place": meeting.place}


def _advice_params(kind):
    def params(intake):
        advice = intake.advices.filter(kind=kind).order_by("-created_at", "-pk").first()
        return {
            "recommend": gettext("Advises to approve.")
            if advice and advice.recommend
            else gettext("Advises not to approve."),
            "advice": advice.text if advice else "",
        }

    return params


def _decision_params(intake):
    return {"reasons": intake.decision_reasons, "maker": DecisionMaker(intake.decision_maker).label}


# What the initiator hears about a step beyond "your idea moved to": (subject, body, params(intake)).
STEP_MESSAGES = {
    "not_municipal": (
        _("Your idea “%(intake)s” is answered: not a municipal matter"),
        _(
            "The initiative team looked at your idea “%(intake)s”. It is not a municipal matter, "
            "because:\n%(reasons)s\n\nWhere to go instead:\n%(pointers)s"
        ),
        lambda intake: {"reasons": intake.answer_reasons, "pointers": intake.answer_pointers},
    ),
    "pass_on": (
        _("Your idea “%(intake)s” is back with the initiative team"),
        _(
            "The contact person passed your idea “%(intake)s” back to the initiative team, because:"
            "\n%(reason)s\n\nThe team looks for the right place for it."
        ),
        lambda intake: {"reason": intake.handover_note},
    ),
    "plan_meeting": (
        _("The first meeting about your idea “%(intake)s” is planned"),
        _(
            "The first meeting about your idea “%(intake)s” with the municipality is on %(when)s in "
            "%(place)s. After it you write the plan of approach together."
        ),
        _meeting_params,
    ),
    "advise": (
        _("The advice on your idea “%(intake)s”"),
        _(
            "The advisory platform advised on the plan of your idea “%(intake)s”. %(recommend)s"
            "\n\n%(advice)s\n\nDo you agree with the advice? If not, a second-opinion team advises too."
        ),
        _advice_params(Advice.Kind.ADVICE),
    ),
    "second_opinion": (
        _("The second opinion on your idea “%(intake)s”"),
        _(
            "The second-opinion team advised on the plan of your idea “%(intake)s”. %(recommend)s"
            "\n\n%(advice)s\n\nThe plan now goes to the decision-maker."
        ),
        _advice_params(Advice.Kind.SECOND_OPINION),
    ),
    "approve": (
        _("The decision on your idea “%(intake)s”: approved"),
        _("%(maker)s approved the plan of your idea “%(intake)s”. The reasons:\n%(reasons)s"),
        _decision_params,
    ),
    "refuse": (
        _("The decision on your idea “%(intake)s”: refused"),
        _("%(maker)s refused the plan of your idea “%(intake)s”. The reasons:\n%(reasons)s"),
        _decision_params,
    ),
}


def _tell_initiator_step(intake, actor, name):
    if name in STEP_MESSAGES:
        subject, body, params = STEP_MESSAGES[name]
        _tell_initiator(intake, actor, subject=subject, body=body, params=params(intake))
        return
    _tell_initiator(
        intake,
        actor,
        subject=_("Your idea “%(intake)s” moved to: %(status)s"),
        body=_("Your idea “%(intake)s” is now in the step: %(status)s. Open it to see who holds it and why."),
        params={"status": Intake.Status(intake.status).label},
    )


def _step(intake, actor, name, *, guard, prepare=None, data=None):
    """Take the step ``name`` of INTAKE_STEPS: lock, ``guard(locked, actor)``, the source step,
    ``prepare(locked)`` (checks and sets what comes with the step), the time per step and the holder,
    the audit row, and the holder and the initiator are told."""
    now = timezone.now()

    def prepare_step(locked):
        fields = list(prepare(locked) or ()) if prepare is not None else []
        locked.status = INTAKE_STEPS[name].target  # so the holder follows the new step
        return [*fields, *_enter(locked, now)]

    def record_step(locked, transition, actor):
        record(locked, transition.action, actor=actor, data={"intake": locked.pk, **(data or {})})

    def after(locked, transition, actor):
        _tell_holder(locked, actor)
        _tell_initiator_step(locked, actor, transition.name)

    return INTAKE_STEPS.apply(
        intake,
        name,
        actor=actor,
        lock=_lock,
        guard=guard,
        prepare=prepare_step,
        record=record_step,
        after=after,
    )


def _require_group(group):
    def guard(locked, actor):
        if not roles.in_group_now(actor, group):
            raise PermissionDenied

    return guard


def _require_initiator(locked, actor):
    if not is_initiator(locked, actor):
        raise PermissionDenied


def _require_contact_point(locked, actor):
    if not actor.is_authenticated or not locked.contact_point_id or locked.contact_point.user_id != actor.pk:
        raise PermissionDenied


def _require_contact_person(locked, actor):
    if not actor.is_authenticated or locked.contact_person_id != actor.pk:
        raise PermissionDenied


def _require_initiator_or_contact(locked, actor):
    if not actor.is_authenticated:
        raise PermissionDenied
    if actor.pk != locked.contact_person_id and not is_initiator(locked, actor):
        raise PermissionDenied


def _require_process_guide(locked, actor):
    if not actor.is_authenticated or locked.process_guide_id != actor.pk:
        raise PermissionDenied


# --- the entrance ------------------------------------------------------------------------------


def confirm_token(intake):
    return signing.dumps(intake.pk, salt=CONFIRM_SALT)


@transaction.atomic
def intake_submit(*, actor, data, confirm_url=None, link_url=None):
    """An initiative describes its idea. Signed in: it lands with the initiatieventeam at once.
    Not signed in: it waits until the email address is confirmed through the link mailed to it
    (``confirm_url(token)`` makes the link); the same mail holds the link that ties the idea to the
    submitter's account later (``link_url(token)``, ``intake_link_account``)."""
    errors = {}
    try:
        values = _texts(
            title=(data.get("title"), _("Give your idea a title.")),
            what=(data.get("what"), _("Describe your idea.")),
            for_whom=(data.get("for_whom"), _("Say for whom it is.")),
            needs=(data.get("needs"), _("Say what your idea needs.")),
            brings=(data.get("brings"), _("Say what you bring.")),
        )
    except ValidationError as error:
        values, errors = {}, dict(error.error_dict)
    values["where"] = (data.get("where") or "").strip()[:200]
    organisation = data.get("organisation")
    if organisation is not None and not roles.is_member(actor, organisation.pk):
        errors["organisation"] = [
            ValidationError(_("You can only submit on behalf of your own organisation."))
        ]
    area, neighbourhood = data.get("area"), data.get("neighbourhood")
    if area is not None and neighbourhood is not None and neighbourhood.area_id != area.pk:
        errors["neighbourhood"] = [
            ValidationError(
                _("The neighbourhood %(neighbourhood)s is not in the area %(area)s: choose one that is.")
                % {"neighbourhood": neighbourhood.name, "area": area.display_name}
            )
        ]
    if actor.is_authenticated:
        email, name = actor.email, actor.get_full_name() or actor.email
    else:
        email, name = (data.get("email") or "").strip(), (data.get("name") or "").strip()
        if not email:
            errors["email"] = [ValidationError(_("Give your email address, so we can answer you."))]
        if not name:
            errors["name"] = [ValidationError(_("Give your name."))]
    if errors:
        raise ValidationError(errors)
    intake = Intake.objects.create(
        initiator=actor if actor.is_authenticated else None,
        email=email,
        name=name[:150],
        organisation=organisation,
        area=area or (neighbourhood.area if neighbourhood is not None else None),
        neighbourhood=neighbourhood,
        theme=data.get("theme"),
        status=S.UNVERIFIED,
        **values,
    )
    now = timezone.now()
    _enter(intake, now)
    intake.save()
    record(intake, "intake.intake.create", actor=actor, data={"intake": intake.pk})
    if actor.is_authenticated:
        return intake_confirm(intake=intake, actor=actor)
    if confirm_url is not None:
        enqueue(
            send_email,
            email,
            gettext("Confirm your idea “%(intake)s”") % {"intake": intake.title},
            gettext(
                "You sent an idea to the municipality through the Reisgids zorg en welzijn. Confirm your "
                "email address to send it to the initiative team:\n\n%(link)s\n\nWant to follow your "
                "idea in your account? Sign in (or create an account) and open this link within 30 days:"
                "\n\n%(account_link)s\n\nDid not send it? Then ignore this mail."
            )
            % {
                "link": confirm_url(confirm_token(intake)),
                "account_link": link_url(link_token(intake)) if link_url else "",
            },
        )
    return intake


@transaction.atomic
def intake_confirm(*, intake, actor):
    """The email address is confirmed (or the initiator is signed in): the idea goes to the team."""
    return _step(intake, actor, "confirm", guard=None)


def intake_from_token(token):
    """The intake a confirmation link is for, or None when the link is wrong or too old."""
    try:
        pk = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature:
        return None
    return Intake.objects.filter(pk=pk).first()


def link_token(intake):
    """The signed link that ties an idea sent without an account to the submitter's account: it names
    the idea and the address it was sent from."""
    return signing.dumps({"intake": intake.pk, "email": intake.email.lower()}, salt=LINK_SALT)


def intake_from_link_token(token):
    """The intake a link to an account is for, or None when the link is wrong, too old, or the idea's
    address changed since."""
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=LINK_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    intake = Intake.objects.filter(pk=data.get("intake")).first()
    if intake is None or intake.email.lower() != data.get("email"):
        return None
    return intake


def status_token(intake):
    """The signed read-only status link of an idea: it names the idea and the address it was sent
    from, so it opens only that idea, and no longer once the address changed."""
    return signing.dumps({"intake": intake.pk, "email": intake.email.lower()}, salt=STATUS_SALT)


def status_url(intake):
    return settings.SITE_URL + reverse("intake:status", args=[intake.pk, status_token(intake)])


def _status_token_data(token, pk):
    """What the status link ``token`` says (idea, address) when it is signed, not too old and for
    the idea ``pk``; else None."""
    try:
        data = signing.loads(token, salt=STATUS_SALT, max_age=STATUS_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("intake") != pk:
        return None
    return data


def is_status_link_of(intake, token):
    """Whether ``token`` is the status link of ``intake`` at its current address."""
    data = _status_token_data(token, intake.pk)
    return data is not None and intake.email.lower() == data.get("email")


def intake_from_status_token(*, pk, token):
    """The intake ``pk`` when ``token`` is its status link (signed, not too old, same address), else
    None."""
    if _status_token_data(token, pk) is None:
        return None
    intake = (
        Intake.objects.filter(pk=pk).select_related("holder").prefetch_related("periods", "advices").first()
    )
    if intake is None or not is_status_link_of(intake, token):
        return None
    return intake


def _owns_address(user, email):
    """``email`` is the account's address, or one of its verified addresses."""
    from allauth.account.models import EmailAddress

    if (user.email or "").lower() == email.lower():
        return True
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


@transaction.atomic
def intake_link_account(*, intake, actor):
    """The submitter of an idea sent without an account ties it to their account (signed in, with the
    address the idea was sent from): it then shows in their account and they take the initiator's
    steps. Refused for another account's address, and for an idea that is already someone's."""
    if not actor.is_authenticated:
        raise PermissionDenied
    locked = _lock(intake)
    if locked.initiator_id == actor.pk:
        return locked
    if locked.initiator_id is not None:
        raise ValidationError(_("This idea is already linked to another account."))
    if not _owns_address(actor, locked.email):
        raise ValidationError(
            _("Sign in with the account of the email address the idea was sent from (%(email)s).")
            % {"email": locked.email}
        )
    locked.initiator = actor
    fields = ["initiator", "updated_at"]
    holder, role = _holder(locked)
    if (locked.holder_id, locked.holder_role) != (getattr(holder, "pk", None), role):
        locked.holder, locked.holder_role = holder, role
        fields += ["holder", "holder_role"]
    locked.save(update_fields=fields)
    record(locked, "intake.intake.link", actor=actor, data={"intake": locked.pk})
    return locked


# --- co-initiators invited by email ---------------------------------------------------------


def invitation_token(invitation):
    """The signed link of an invitation: it names the invitation and the address it was sent to."""
    return signing.dumps({"invitation": invitation.pk, "email": invitation.email}, salt=INVITE_SALT)


def invitation_from_token(token):
    """The invitation a link is for, or None when the link is wrong or too old. A withdrawn or ended
    invitation is returned: its page says so (``CoInitiator.is_active``) and accepting it is refused."""
    try:
        data = signing.loads(token, salt=INVITE_SALT, max_age=INVITE_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    invitation = CoInitiator.objects.select_related("intake").filter(pk=data.get("invitation")).first()
    if invitation is None or invitation.email != data.get("email"):
        return None
    return invitation


@transaction.atomic
def co_initiator_invite(*, intake, actor, name, email, accept_url):
    """An initiator invites a named co-initiator by email, someone outside the organisation the idea
    was sent on behalf of: a mail (through the outbox, after commit) with the link to accept
    (``accept_url(token)``). At most CO_INITIATORS_MAX per idea, one per address."""
    locked = _lock(intake)
    _require_initiator(locked, actor)
    if locked.is_ended:
        raise ValidationError(_("This idea has ended."))
    errors = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = _("Give the name of the person you invite.")
    elif len(name) > 150:
        errors["name"] = _("Keep the name under 150 characters.")
    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("Give a valid email address.")
    else:
        active = locked.co_initiators.filter(status__in=CoInitiator.ACTIVE)
        if email == (locked.email or "").lower() or active.filter(email=email).exists():
            errors["email"] = _("This person is an initiator or invited already.")
    if errors:
        raise ValidationError(errors)
    if locked.co_initiators.filter(status__in=CoInitiator.ACTIVE).count() >= CO_INITIATORS_MAX:
        raise ValidationError(_("An idea has at most 20 invited co-initiators."))
    invitation = CoInitiator.objects.create(intake=locked, name=name, email=email, invited_by=actor)
    record(
        locked,
        "intake.coinitiator.invite",
        actor=actor,
        data={"intake": locked.pk, "invitation": invitation.pk},
    )
    enqueue(
        send_email,
        email,
        gettext("Invitation: join the idea “%(intake)s”") % {"intake": locked.title},
        gettext(
            "%(actor)s invites you as a co-initiator of the idea “%(intake)s”, sent to the municipality "
            "through the Reisgids zorg en welzijn. Sign in (or create an account) with this email address "
            "and open this link within 30 days to join:\n\n%(link)s\n\nNot expecting this? Then ignore "
            "this mail."
        )
        % {
            "actor": actor.get_full_name() or actor.email,
            "intake": locked.title,
            "link": accept_url(invitation_token(invitation)),
        },
    )
    return invitation


def _co_initiator_step(invitation, actor, name, *, guard, prepare=None, tell=None):
    """Take the step ``name`` of CO_INITIATOR_STEPS: lock the invitation, ``guard(locked, actor)``,
    the source state, ``prepare(locked)``, the audit row on the idea (who, which invitation), then
    ``tell(intake, locked)`` (notifications, after commit through ``notify``)."""

    def record_step(locked, transition, actor):
        record(
            locked.intake,
            transition.action,
            actor=actor,
            data={"intake": locked.intake_id, "invitation": locked.pk},
        )

    def after(locked, transition, actor):
        if tell is not None:
            tell(locked.intake, locked)

    return CO_INITIATOR_STEPS.apply(
        invitation,
        name,
        actor=actor,
        lock=lambda row: (
            CoInitiator.objects.select_for_update(of=("self",))
            .select_related("intake__initiator")
            .get(pk=row.pk)
        ),
        guard=guard,
        prepare=prepare,
        record=record_step,
        after=after,
    )


def _ended_by(actor):
    def prepare(locked):
        locked.ended_at, locked.ended_by = timezone.now(), actor if actor.is_authenticated else None
        return ["ended_at", "ended_by"]

    return prepare


def _tell_initiators_co_initiator(actor, subject, body):
    def tell(intake, invitation):
        _tell_initiator(intake, actor, subject=subject, body=body, params={"name": invitation.name})

    return tell


@transaction.atomic
def co_initiator_accept(*, invitation, actor):
    """The invited person accepts, signed in with the address the invitation was sent to: they are an
    initiator of the idea from now on, and the other initiators are told. Refused for another
    account's address, for an invitation someone else accepted and for one that was withdrawn."""
    if not actor.is_authenticated:
        raise PermissionDenied
    current = CoInitiator.objects.get(pk=invitation.pk)
    if current.user_id == actor.pk and current.status == CoInitiator.Status.ACCEPTED:
        return current
    if current.user_id is not None and current.status == CoInitiator.Status.ACCEPTED:
        raise ValidationError(_("This invitation has been accepted by another account."))

    def guard(locked, actor):
        if locked.status == CoInitiator.Status.INVITED and not _owns_address(actor, locked.email):
            raise ValidationError(
                _("Sign in with the account of the email address the invitation was sent to (%(email)s).")
                % {"email": locked.email}
            )

    def prepare(locked):
        locked.user, locked.accepted_at = actor, timezone.now()
        return ["user", "accepted_at"]

    return _co_initiator_step(
        invitation,
        actor,
        "accept",
        guard=guard,
        prepare=prepare,
        tell=_tell_initiators_co_initiator(
            actor,
            _("A co-initiator joined “%(intake)s”"),
            _("%(name)s accepted the invitation and is now a co-initiator of the idea “%(intake)s”."),
        ),
    )


@transaction.atomic
def co_initiator_withdraw(*, invitation, actor):
    """An initiator (or the initiatieventeam, also in /beheer/) withdraws an invitation that has not
    been accepted yet: its link is refused from now on; the initiators are told, and so is the invited
    person, by a mail to the address the invitation went to (through the outbox)."""

    def guard(locked, actor):
        if not may_withdraw_invitations(locked.intake, actor):
            raise PermissionDenied

    def tell(intake, invitation):
        _tell_initiators_co_initiator(
            actor,
            _("An invitation for “%(intake)s” was withdrawn"),
            _("The invitation of %(name)s as co-initiator of the idea “%(intake)s” was withdrawn."),
        )(intake, invitation)
        notify_address(
            email=invitation.email,
            name=invitation.name,
            subject=_("Your invitation to join “%(intake)s” was withdrawn"),
            body=_(
                "The invitation to join the idea “%(intake)s” as co-initiator was withdrawn: the link in "
                "the invitation mail no longer works. Ask the initiators for a new one if you still want "
                "to join."
            ),
            params={"intake": intake.title},
        )

    return _co_initiator_step(invitation, actor, "withdraw", guard=guard, prepare=_ended_by(actor), tell=tell)


def may_remove_co_initiators(intake, user):
    """Who may remove a co-initiator who accepted: an initiator who acts on behalf of the idea (who
    sent it in, or a member of its organisation), and the initiatieventeam (in /beheer/)."""
    return acts_for_organisation(intake, user) or roles.in_group_now(user, roles.INITIATIVE_TEAM_GROUP)


@transaction.atomic
def co_initiator_remove(*, invitation, actor):
    """An initiator who acts on behalf of the idea (who sent it in, or a member of its organisation),
    or the initiatieventeam in /beheer/, removes a co-initiator who accepted: they no longer open the
    idea or take its steps. A co-initiator cannot remove another (they leave themselves:
    ``co_initiator_leave``). The removed person and the other initiators are told."""

    def guard(locked, actor):
        if not may_remove_co_initiators(locked.intake, actor) or locked.user_id == actor.pk:
            raise PermissionDenied

    def tell(intake, invitation):
        _tell_initiators_co_initiator(
            actor,
            _("A co-initiator of “%(intake)s” was removed"),
            _("%(name)s is no longer a co-initiator of the idea “%(intake)s”."),
        )(intake, invitation)
        by_team = not acts_for_organisation(intake, actor)
        notify(
            recipients=[invitation.user],
            subject=_("You are no longer a co-initiator of “%(intake)s”"),
            body=(
                _("The municipality's initiative team removed you as co-initiator of the idea “%(intake)s”.")
                if by_team
                else _("The initiators of the idea “%(intake)s” removed you as co-initiator.")
            ),
            params={"intake": intake.title},
            url=reverse("intake:index"),
            actor=actor,
            kind="intake",
            target=intake,
        )

    return _co_initiator_step(invitation, actor, "remove", guard=guard, prepare=_ended_by(actor), tell=tell)


@transaction.atomic
def co_initiator_leave(*, invitation, actor):
    """A co-initiator who accepted an invitation leaves the idea; the other initiators are told."""

    def guard(locked, actor):
        if not actor.is_authenticated or locked.user_id != actor.pk:
            raise PermissionDenied

    return _co_initiator_step(
        invitation,
        actor,
        "leave",
        guard=guard,
        prepare=_ended_by(actor),
        tell=_tell_initiators_co_initiator(
            actor,
            _("A co-initiator left “%(intake)s”"),
            _("%(name)s is no longer a co-initiator of the idea “%(intake)s”: they left it."),
        ),
    )


# --- triage: the three outcomes ----------------------------------------------------------------


@transaction.atomic
def intake_hand_over(*, intake, actor, contact_point, note=""):
    """(a) It fits an existing instrument or route: a warm hand-over to an aanspreekpunt, who must
    accept it or pass it on with a reason."""

    def prepare(locked):
        if contact_point is None:
            raise ValidationError({"contact_point": _("Choose the contact person.")})
        if not contact_point.user_id:
            raise ValidationError(
                {"contact_point": _("This contact person has no account to accept the idea.")}
            )
        locked.contact_point = contact_point
        locked.handover_note = _text(note, "note", "", required=False)
        return ["contact_point", "handover_note"]

    return _step(
        intake, actor, "hand_over", guard=_require_group(roles.INITIATIVE_TEAM_GROUP), prepare=prepare
    )


@transaction.atomic
def intake_take_on(*, intake, actor):
    return _step(intake, actor, "take_on", guard=_require_contact_point)


@transaction.atomic
def intake_pass_on(*, intake, actor, reason):
    """The aanspreekpunt passes it back to the team, with a reason the initiator sees."""

    def prepare(locked):
        locked.handover_note = _text(reason, "reason", _("Give the reason why you pass it on."))
        return ["handover_note"]

    return _step(
        intake, actor, "pass_on", guard=_require_contact_point, prepare=prepare, data={"reason": reason}
    )


@transaction.atomic
def intake_not_municipal(*, intake, actor, reasons, pointers):
    """(b) Not a municipal matter: answered with reasons and pointers (other partijen, the marktplaats)."""

    def prepare(locked):
        cleaned = _texts(
            reasons=(reasons, _("Give the reasons.")),
            pointers=(pointers, _("Point to where the initiative can go instead.")),
        )
        locked.answer_reasons, locked.answer_pointers = cleaned["reasons"], cleaned["pointers"]
        return ["answer_reasons", "answer_pointers"]

    return _step(
        intake, actor, "not_municipal", guard=_require_group(roles.INITIATIVE_TEAM_GROUP), prepare=prepare
    )


@transaction.atomic
def intake_assign_contact(*, intake, actor, route, contact_person):
    """(c) Right to Cooperate / Challenge: a contactpersoon (vakambtenaar) is assigned."""

    def prepare(locked):
        errors = {}
        if route not in Intake.Route.values:
            errors["route"] = _("Choose Right to Cooperate or Right to Challenge.")
        if contact_person is None or not contact_person.is_active:
            errors["contact_person"] = _("Choose the contact person.")
        if errors:
            raise ValidationError(errors)
        locked.route, locked.contact_person = route, contact_person
        return ["route", "contact_person"]

    return _step(
        intake, actor, "assign_contact", guard=_require_group(roles.INITIATIVE_TEAM_GROUP), prepare=prepare
    )


@transaction.atomic
def intake_plan_meeting(*, intake, actor, starts_at, duration_minutes, place, attendees, note=""):
    """The contactpersoon plans the first meeting with the relevant ambtenaren; everyone gets an
    iCal invitation (the link in the notification)."""
    meeting = {}

    def prepare(locked):
        errors = {}
        if starts_at is None or starts_at <= timezone.now():
            errors["starts_at"] = _("Choose a moment in the future.")
        if not duration_minutes or not 15 <= duration_minutes <= 8 * 60:
            errors["duration_minutes"] = _("A meeting lasts between 15 minutes and 8 hours.")
        if not (place or "").strip():
            errors["place"] = _("Say where you meet.")
        if errors:
            raise ValidationError(errors)
        meeting["row"] = Meeting.objects.create(
            intake=locked,
            starts_at=starts_at,
            ends_at=starts_at + datetime.timedelta(minutes=duration_minutes),
            place=place.strip()[:200],
            note=_text(note, "note", "", required=False),
        )
        meeting["row"].attendees.set(attendees or [])
        return []

    locked = _step(intake, actor, "plan_meeting", guard=_require_contact_person, prepare=prepare)
    _tell(
        list(attendees or []),
        intake=locked,
        actor=actor,
        subject=_("Invitation: first meeting about “%(intake)s”"),
        body=_("You are invited to the first meeting about the idea “%(intake)s” on %(when)s in %(place)s."),
        params={
            "when": timezone.localtime(meeting["row"].starts_at).strftime("%d-%m-%Y %H:%M"),
            "place": meeting["row"].place,
        },
    )
    return meeting["row"]


# --- the procesbegeleider, escalations, the level of influence -------------------------------


@transaction.atomic
def intake_attach_guide(*, intake, actor, guide):
    """The initiatieventeam attaches a procesbegeleider (neutral: process, not content)."""
    if not roles.in_group_now(actor, roles.INITIATIVE_TEAM_GROUP):
        raise PermissionDenied
    if guide is None or not roles.in_group_now(guide, roles.PROCESS_GUIDES_GROUP):
        raise ValidationError({"guide": _("Choose a process guide.")})
    locked = _lock(intake)
    locked.process_guide = guide
    locked.save(update_fields=["process_guide", "updated_at"])
    record(locked, "intake.guide.attach", actor=actor, data={"intake": locked.pk, "guide": guide.pk})
    message = {
        "subject": _("A process guide for “%(intake)s”"),
        "body": _(
            "%(guide)s is the process guide of the idea “%(intake)s”: turn to them when you feel unheard."
        ),
        "params": {"guide": guide.get_full_name() or guide.email},
    }
    _tell([guide], intake=locked, actor=actor, **message)
    _tell_initiator(locked, actor, **message)
    return locked


@transaction.atomic
def intake_set_influence(*, intake, actor, influence):
    """The contactpersoon records the agreed level of influence (Samenspraakwijzer)."""
    locked = _lock(intake)
    _require_contact_person(locked, actor)
    if influence not in Influence.values:
        raise ValidationError({"influence": _("Choose a level of influence.")})
    locked.influence = influence
    locked.save(update_fields=["influence", "updated_at"])
    record(locked, "intake.influence.set", actor=actor, data={"intake": locked.pk, "influence": influence})
    _tell_initiator(
        locked,
        actor,
        subject=_("The level of influence of “%(intake)s” is recorded"),
        body=_("The agreed level of influence of “%(intake)s” is: %(influence)s. You can challenge it."),
        params={"influence": Influence(influence).label},
    )
    return locked


@transaction.atomic
def request_raise(*, intake, actor, kind, text, proposed_influence=""):
    """The initiators escalate to the procesbegeleider, or challenge the level of influence."""
    locked = _lock(intake)
    _require_initiator(locked, actor)
    if locked.is_ended:
        raise ValidationError(_("This idea has ended."))
    if kind == Request.Kind.INFLUENCE:
        if not locked.influence:
            raise ValidationError(_("No level of influence has been recorded yet."))
        if proposed_influence not in Influence.values or proposed_influence == locked.influence:
            raise ValidationError({"proposed_influence": _("Choose the level of influence you ask for.")})
    elif kind != Request.Kind.ESCALATION:
        raise ValidationError(_("Unknown request."))
    request = Request.objects.create(
        intake=locked,
        kind=kind,
        author=actor,
        text=_text(text, "text", _("Say what you ask and why.")),
        proposed_influence=proposed_influence if kind == Request.Kind.INFLUENCE else "",
        status=Request.Status.OPEN,
        due_on=add_working_days(timezone.localdate(), settings.INTAKE_REQUEST_WORKING_DAYS),
    )
    record(
        locked,
        "intake.request.raise",
        actor=actor,
        data={"intake": locked.pk, "request": request.pk, "kind": kind},
    )
    _tell(
        request_answerers(locked),
        intake=locked,
        actor=actor,
        subject=_("The initiators of “%(intake)s” ask you: %(kind)s"),
        body=_("The initiators of “%(intake)s” raised: %(kind)s. Open the idea to answer."),
        params={"kind": Request.Kind(kind).label},
    )
    return request


def request_answerers(intake):
    """Who answers the initiators' requests: the procesbegeleider; before one is attached the
    contact person; before one is assigned the initiative team."""
    if intake.process_guide_id:
        return [intake.process_guide]
    if intake.contact_person_id:
        return [intake.contact_person]
    return list(roles.group_members(roles.INITIATIVE_TEAM_GROUP))


def may_answer_requests(intake, user):
    if not user.is_authenticated:
        return False
    if intake.process_guide_id:
        return intake.process_guide_id == user.pk
    if intake.contact_person_id:
        return intake.contact_person_id == user.pk
    return roles.in_group_now(user, roles.INITIATIVE_TEAM_GROUP)


@transaction.atomic
def request_answer(*, request, actor, answer, grant=False):
    """Whoever answers requests (``request_answerers``) answers; granting a challenge of the level of
    influence changes it. The request moves from open to answered (REQUEST_STEPS)."""
    locked_request = Request.objects.select_for_update().select_related("intake").get(pk=request.pk)
    locked = _lock(locked_request.intake)

    def guard(_request, actor):
        if not may_answer_requests(locked, actor):
            raise PermissionDenied

    def prepare(req):
        req.answer = _text(answer, "answer", _("Write the answer."))
        req.answered_by, req.answered_at = actor, timezone.now()
        return ["answer", "answered_by", "answered_at"]

    def record_answer(req, transition, actor):
        record(
            locked,
            transition.action,
            actor=actor,
            data={"intake": locked.pk, "request": req.pk, "granted": bool(grant)},
        )

    REQUEST_STEPS.apply(
        locked_request,
        "answer",
        actor=actor,
        lock=lambda req: req,
        guard=guard,
        prepare=prepare,
        record=record_answer,
    )
    if grant and locked_request.kind == Request.Kind.INFLUENCE:
        locked.influence = locked_request.proposed_influence
        locked.save(update_fields=["influence", "updated_at"])
    _tell_initiator(
        locked,
        actor,
        subject=_("The process guide answered you about “%(intake)s”"),
        body=_("The process guide answered your request about “%(intake)s”:\n\n%(answer)s"),
        params={"answer": locked_request.answer},
    )
    return locked_request


def _week(day):
    return day - datetime.timedelta(days=day.weekday())


def overdue_requests_to_remind(*, today=None):
    """Ids of the open requests past their due date without a reminder this week."""
    today = today or timezone.localdate()
    return list(
        Request.objects.filter(status=Request.Status.OPEN, due_on__lt=today)
        .exclude(intake__status__in=Intake.ENDED)
        .exclude(reminders__week=_week(today))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def request_remind_overdue(*, request_id, today=None):
    """Remind whoever answers an overdue request, once per request per week: the unique
    RequestReminder row is written in the transaction that asks for the mails."""
    today = today or timezone.localdate()
    request = (
        Request.objects.select_for_update(of=("self",)).select_related("intake").filter(pk=request_id).first()
    )
    if request is None or not request.is_overdue(today) or request.intake.is_ended:
        return False
    recipients = request_answerers(request.intake)
    if not recipients:
        return False
    _reminder, created = RequestReminder.objects.get_or_create(request=request, week=_week(today))
    return _remind_once(
        created,
        recipients,
        intake=request.intake,
        subject=_("Overdue: a request of the initiators of “%(intake)s”"),
        body=_(
            "The initiators of “%(intake)s” raised: %(kind)s. It should have had an answer by %(due)s. "
            "Open the idea to answer it."
        ),
        params={"kind": Request.Kind(request.kind).label, "due": request.due_on.strftime("%d-%m-%Y")},
    )


# --- the aanpakplan ----------------------------------------------------------------------------


def _clean_amount(amount):
    if amount is None:
        return None
    if amount < 0:
        raise ValidationError({"amount_eur": _("An amount cannot be negative.")})
    if amount >= AMOUNT_MAX:
        raise ValidationError({"amount_eur": _("This amount is too large.")})
    return amount


@transaction.atomic
def plan_update(*, intake, actor, fields, amount_eur=None, budget_change=False):
    """Initiators and contactpersoon write the aanpakplan together. A short sketch is allowed."""
    locked = _lock(intake)
    _require_initiator_or_contact(locked, actor)
    if locked.status not in (S.CONTACT_ASSIGNED, S.PLAN):
        raise ValidationError(_("The plan can be written while the idea is in the step of the plan."))
    for name in PLAN_FIELDS:
        setattr(locked, name, _text(fields.get(name), name, "", required=False))
    locked.amount_eur = _clean_amount(amount_eur)
    locked.budget_change = bool(budget_change)
    locked.save(update_fields=[*PLAN_FIELDS, "amount_eur", "budget_change", "updated_at"])
    record(locked, "intake.plan.update", actor=actor, data={"intake": locked.pk})
    return locked


@transaction.atomic
def plan_ask_help(*, intake, actor):
    """ "Ik wil hulp bij het plan": a request on the marktplaats, on behalf of the intake's initiative."""
    locked = _lock(intake)
    _require_initiator(locked, actor)
    if locked.status not in (S.CONTACT_ASSIGNED, S.PLAN):
        raise ValidationError(_("Help with the plan can be asked while the plan is being written."))
    if locked.organisation_id is None:
        raise ValidationError(
            _("Ask for help on the marktplaats on behalf of an organisation: register yours first.")
        )
    if locked.plan_help_listing_id:
        raise ValidationError(_("You have asked for help with this plan already."))
    listing = marktplaats_services.listing_create(
        actor=actor,
        organisation=locked.organisation,
        data={
            "kind": Listing.Kind.VRAAG,
            "category": Listing.Category.BUSINESSPLAN,
            "title": (gettext("Help with our plan: %(intake)s") % {"intake": locked.title})[:200],
            "description": gettext(
                "We are writing a plan of approach with the municipality (Right to Cooperate) and would "
                "like help with it.\n\n%(what)s"
            )
            % {"what": locked.what},
            "themes": [locked.theme] if locked.theme_id else None,
            "areas": [locked.area] if locked.area_id else None,
        },
    )
    locked.plan_help_listing_id = listing.pk
    locked.save(update_fields=["plan_help_listing_id", "updated_at"])
    record(locked, "intake.plan.help", actor=actor, data={"intake": locked.pk, "listing": listing.pk})
    return listing


@transaction.atomic
def plan_submit(*, intake, actor):
    """The plan goes to the advisory platform; who decides follows the amount asked."""

    def prepare(locked):
        if not locked.plan_task.strip():
            raise ValidationError({"plan_task": _("Describe at least the task before you send the plan.")})
        if locked.amount_eur is None:
            raise ValidationError({"amount_eur": _("Give the amount asked (0 when none).")})
        locked.decision_maker = decision_maker_for(locked.amount_eur, budget_change=locked.budget_change)
        return ["decision_maker"]

    return _step(intake, actor, "submit_plan", guard=_require_initiator_or_contact, prepare=prepare)


# --- advice and decision -----------------------------------------------------------------------


def _advice(kind, *, text, recommend):
    def prepare(locked, actor):
        Advice.objects.create(
            intake=locked,
            kind=kind,
            author=actor,
            recommend=bool(recommend),
            text=_text(text, "text", _("Write the advice.")),
        )
        return []

    return prepare


@transaction.atomic
def intake_advise(*, intake, actor, text, recommend):
    """The advisory platform (Right to Challenge) advises the decision-maker; shared with the initiators."""
    write = _advice(Advice.Kind.ADVICE, text=text, recommend=recommend)
    return _step(
        intake,
        actor,
        "advise",
        guard=_require_group(roles.ADVISORY_PLATFORM_GROUP),
        prepare=lambda locked: write(locked, actor),
    )


@transaction.atomic
def intake_answer_advice(*, intake, actor, agree, reason="", status_token=None):
    """The initiators agree with the advice (to the decision-maker) or disagree (a second opinion).
    An initiator signed in; or, for an idea sent in with only a verified email address, whoever
    opens the signed status link of that address (``status_token``, the link in every mail to it):
    the audit row then names the address it was answered from."""

    def guard(locked, actor):
        if status_token is None:
            _require_initiator(locked, actor)
        elif not is_status_link_of(locked, status_token):
            raise PermissionDenied

    def prepare(locked):
        locked.initiators_agree = bool(agree)
        locked.disagreement = "" if agree else _text(reason, "reason", _("Say why you disagree."))
        return ["initiators_agree", "disagreement"]

    data = {"by_email": intake.email, "by_name": intake.name, "via": "status_link"} if status_token else None
    return _step(intake, actor, "agree" if agree else "disagree", guard=guard, prepare=prepare, data=data)


@transaction.atomic
def intake_second_opinion(*, intake, actor, text, recommend):
    write = _advice(Advice.Kind.SECOND_OPINION, text=text, recommend=recommend)
    return _step(
        intake,
        actor,
        "second_opinion",
        guard=_require_group(roles.SECOND_OPINION_GROUP),
        prepare=lambda locked: write(locked, actor),
    )


def _require_decider(locked, actor):
    if not roles.in_group_now(actor, DECIDER_GROUP[locked.decision_maker]):
        raise PermissionDenied


@transaction.atomic
def intake_decide(*, intake, actor, approve, reasons):
    """Whoever the amount says decides; the initiators hear the decision with its reasons."""

    def prepare(locked):
        locked.decision_reasons = _text(reasons, "reasons", _("Give the reasons for the decision."))
        return ["decision_reasons"]

    return _step(intake, actor, "approve" if approve else "refuse", guard=_require_decider, prepare=prepare)


# --- into a deal -------------------------------------------------------------------------------


@transaction.atomic
def intake_to_deal(*, intake, actor):
    """One click: the idea becomes a deal with the initiative as trekker (fields carried over) and
    the municipality's organisation of the contact person invited as partner."""
    deal = {}

    def prepare(locked):
        if locked.organisation_id is None:
            raise ValidationError(_("A deal is started on behalf of an organisation: register yours first."))
        deal["row"] = deal_services.deal_start(
            actor=actor,
            organisation=locked.organisation,
            title=locked.title,
            goal=locked.plan_task or locked.what,
            idea=locked.what,
            themes=[locked.theme] if locked.theme_id else [],
            areas=[locked.area] if locked.area_id else [],
            neighbourhoods=[locked.neighbourhood] if locked.neighbourhood_id else [],
        )
        for organisation in _partner_organisations(locked):
            if organisation.pk != locked.organisation_id:
                deal_services.partner_invite(
                    deal=deal["row"],
                    actor=actor,
                    organisation=organisation,
                    message=gettext("From the idea “%(intake)s”.") % {"intake": locked.title},
                )
        locked.deal_slug = deal["row"].slug
        return ["deal_slug"]

    _step(intake, actor, "to_deal", guard=_require_initiator, prepare=prepare, data={})
    return deal["row"]


def _partner_organisations(intake):
    """The municipality's organisations of the people who took the idea on."""
    found = []
    if intake.contact_point_id:
        found.append(intake.contact_point.organisation)
    if intake.contact_person_id:
        contact_point = intake.contact_person.contact_points.select_related("organisation").first()
        if contact_point is not None:
            found.append(contact_point.organisation)
    seen, unique = set(), []
    for organisation in found:
        if organisation.pk not in seen:
            seen.add(organisation.pk)
            unique.append(organisation)
    return unique


# --- overdue steps ------------------------------------------------------------------------------

# Steps the initiator holds: no ambtenaar to remind.
INITIATOR_STEPS = (S.UNVERIFIED, S.ADVISED, S.APPROVED)


def overdue_steps_to_remind(*, today=None):
    """Ids of the open steps (StepPeriod) of intakes past their due date, held by an official or a
    team, without a reminder yet."""
    today = today or timezone.localdate()
    return list(
        StepPeriod.objects.filter(
            ended_at__isnull=True, intake__due_on__lt=today, overdue_reminder__isnull=True
        )
        .exclude(intake__status__in=(*Intake.ENDED, *INITIATOR_STEPS))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


@transaction.atomic
def intake_remind_overdue(*, period_id, today=None):
    """Tell whoever holds an overdue step (the person, or the members of the team that holds it)
    once per step: the unique OverdueReminder row is written in the transaction that asks for the
    mails. Returns whether a reminder was sent."""
    today = today or timezone.localdate()
    period = (
        StepPeriod.objects.select_for_update(of=("self",))
        .select_related("intake")
        .filter(pk=period_id)
        .first()
    )
    if period is None or period.ended_at is not None:
        return False
    intake = period.intake
    if (
        intake.status != period.status
        or intake.is_ended
        or intake.status in INITIATOR_STEPS
        or intake.due_on is None
        or intake.due_on >= today
    ):
        return False
    holder, role = _holder(intake)
    recipients = [holder] if holder else list(roles.group_members(role)) if role else []
    if not recipients:
        return False
    _reminder, created = OverdueReminder.objects.get_or_create(period=period)
    return _remind_once(
        created,
        recipients,
        intake=intake,
        subject=_("Overdue: the idea “%(intake)s” was due on %(due)s"),
        body=_(
            "The idea “%(intake)s” is in the step “%(status)s” and should have had its next step by "
            "%(due)s. Open it to take that step, or tell the initiator when they can expect it."
        ),
        params={"status": Intake.Status(intake.status).label, "due": intake.due_on.strftime("%d-%m-%Y")},
    )


def _remind_once(created, recipients, **message):
    """Tell ``recipients`` when this reminder's unique row was ``created`` now (else it went out
    already); returns whether it did."""
    if not created:
        return False
    _tell(recipients, actor=None, **message)
    return True


EXTRA_ACTIONS = {
    "intake.intake.create": (_("Submit idea"), _("Idea submitted")),
    "intake.intake.link": (_("Link idea to account"), _("Idea linked to the submitter's account")),
    "intake.guide.attach": (_("Attach process guide"), _("Process guide attached")),
    "intake.influence.set": (_("Record level of influence"), _("Level of influence recorded")),
    "intake.request.raise": (_("Raise request to the process guide"), _("Request raised")),
    "intake.plan.update": (_("Edit plan of approach"), _("Plan of approach edited")),
    "intake.plan.help": (_("Ask help with the plan"), _("Help with the plan asked on the marktplaats")),
    "intake.coinitiator.invite": (_("Invite co-initiator"), _("Co-initiator invited")),
}
