"""Every write to a schouw: one service per state change, in one transaction, permission and phase
checked first, one audit row (``reisgids.audit.record``), notifications and mail after commit.

Who may do what:
- an ambtenaar (``reisgids.roles.is_civil_servant``) creates and plans a schouw, invites and revokes
  outsiders and moves it through its phases (``SCHOUW_PHASES``), in /beheer/;
- a member of a partner of the schouw writes observations, meetlat (its own organisation confirms
  its own), appraisals, the bespreking and the report text in the front end; the ambtenaar may too;
- an invited outsider (``Participant``) only hands in appraisals, once, through its link."""

import datetime
import hashlib
import re
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from wagtail.models import ModelLogEntry

from atlas.models import LessonIndexPage, LessonPage
from deals import services as deal_services
from deals.models import Deal, DealPartner
from reisgids.audit import record, register_actions
from reisgids.caching import bump_for
from reisgids.models import User
from reisgids.notifications.services import notify
from reisgids.outbox.services import enqueue
from reisgids.roles import is_civil_servant, is_member, organisation_ids
from reisgids.tasks import send_email
from schouw.models import (
    MAX_LINKED_DEALS,
    SCHOUW_PHASES,
    SCORE_MAX,
    SCORE_MIN,
    AgreementRevision,
    Appraisal,
    Criterion,
    Lesson,
    NoSchouwReason,
    Observation,
    Participant,
    Schouw,
    SchouwDeal,
    SchouwPartner,
)

Ph = Schouw.Phase

register_actions(
    {
        "schouw.schouw.create": (_("Plan schouw"), _("Schouw planned")),
        "schouw.schouw.update": (_("Edit schouw plan"), _("Schouw plan edited")),
        "schouw.schouw.link_deals": (_("Link deals to schouw"), _("Linked deals changed")),
        "schouw.observation.create": (_("Add observation"), _("Observation added")),
        "schouw.meetlat.save": (_("Save meetlat"), _("Meetlat saved")),
        "schouw.meetlat.confirm": (_("Confirm meetlat"), _("Meetlat confirmed")),
        "schouw.appraisal.save": (_("Appraise"), _("Appraisals saved")),
        "schouw.participant.invite": (_("Invite to schouw"), _("Participant invited")),
        "schouw.participant.revoke": (_("Revoke schouw invitation"), _("Invitation link revoked")),
        "schouw.discussion.save": (_("Record bespreking"), _("Bespreking recorded")),
        "schouw.agreement.revise": (_("Revise agreements in schouw"), _("Agreements revised")),
        "schouw.lesson.create": (_("Formulate lesson"), _("Lesson formulated")),
        "schouw.lesson.delete": (_("Remove lesson"), _("Lesson removed")),
        "schouw.report.save": (_("Write schouw report"), _("Report written")),
        "schouw.no_schouw.record": (_("Record why there was no schouw"), _("Reason for no schouw recorded")),
        "schouw.reminder.send": (_("Remind of schouw"), _("Partners reminded of the schouw")),
    }
)

# Deals a schouw can evaluate: closed, after the kick-off, in progress.
EVALUABLE = (Deal.Status.CLOSED, Deal.Status.KICKOFF, Deal.Status.RUNNING)
MAX_CRITERIA = 12
MAX_LESSONS = 20


# --- helpers -----------------------------------------------------------------------------------


def _lock(schouw):
    return Schouw.objects.select_for_update().get(pk=schouw.pk)


def _require_civil_servant(actor):
    if not is_civil_servant(actor):
        raise PermissionDenied


def partner_org_ids(schouw):
    return set(SchouwPartner.objects.filter(schouw=schouw).values_list("organisation_id", flat=True))


def is_partner_member(schouw, user):
    return bool(organisation_ids(user) & partner_org_ids(schouw))


def _require_participant(schouw, actor):
    """A member of one of the schouw's partners, or an ambtenaar."""
    if not (is_civil_servant(actor) or is_partner_member(schouw, actor)):
        raise PermissionDenied


def _require_phase(schouw, *phases):
    if schouw.phase not in phases:
        raise ValidationError(
            _("This cannot be done in the phase “%(phase)s”."), params={"phase": schouw.get_phase_display()}
        )


def _clean(value):
    return (value or "").strip()


def _members(schouw, *, exclude=None):
    users = User.objects.filter(
        memberships__organisation__schouw_partnerships__schouw=schouw, is_active=True
    ).distinct()
    if exclude is not None and exclude.is_authenticated:
        users = users.exclude(pk=exclude.pk)
    return list(users)


def _notify(schouw, recipients, *, subject, body, actor=None, params=None):
    notify(
        recipients=recipients,
        subject=subject,
        body=body,
        params={"schouw": schouw.title, **(params or {})},
        url=schouw.get_absolute_url(),
        actor=actor if actor is not None and actor.is_authenticated else None,
        kind="schouw",
        target=schouw,
    )


def _touch(schouw):
    """Raise the schouw's version (its pages' caches and concurrent forms see the change)."""
    Schouw.objects.filter(pk=schouw.pk).update(version=F("version") + 1, updated_at=timezone.now())
    bump_for(Schouw)  # the update sends no signal; nor do the services' bulk writes before it


# --- planning ----------------------------------------------------------------------------------

NUMBERS = {
    "een": 1,
    "één": 1,
    "eens": 1,
    "twee": 2,
    "drie": 3,
    "vier": 4,
    "vijf": 5,
    "zes": 6,
    "acht": 8,
    "negen": 9,
    "tien": 10,
    "elf": 11,
    "twaalf": 12,
    "two": 2,
    "three": 3,
    "four": 4,
    "six": 6,
}
_N = r"\b(?P<n>\d+|" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + r")\s*-?\s*"
# Checked in order; the first that matches says it ("every two months" before "a month", "twice a
# year" before "a year"). Each gives the months between two schouwen from the number it read (n).
FREQUENCIES = (
    (re.compile(_N + r"(maanden|maandelijks|months|monthly)"), lambda n: n),
    (
        re.compile(_N + r"(x|keer|maal|times)\s*(per|in het|in een|a|each|every)?\s*(jaar|year)"),
        lambda n: 12 // n,
    ),
    (re.compile(_N + r"(jaar|jaarlijks|years|yearly)"), lambda n: 12 * n),
    (re.compile(_N + r"(kwartalen|quarters)"), lambda n: 3 * n),
    (re.compile(r"half\s*-?\s*(jaar|year)"), lambda n: 6),
    (re.compile(r"kwarta|quarter"), lambda n: 3),
    (re.compile(r"maand|month|week|weken|weeks"), lambda n: 1),
    (re.compile(r"jaar|year|annual"), lambda n: 12),
)


def frequency_months(text):
    """How many months between two schouwen, from the deal's procesafspraak (free text such as
    "twee keer per jaar", "elke twee maanden", "elk kwartaal", "jaarlijks"); 12 when it says nothing
    we recognise; never less than one month."""
    text = (text or "").lower()
    for pattern, months in FREQUENCIES:
        match = pattern.search(text)
        if match:
            word = match.groupdict().get("n") or "1"
            number = int(word) if word.isdigit() else NUMBERS[word]
            return max(1, months(max(1, number)))
    return 12


def _add_months(day, months):
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError


def next_schouw_date(deal, *, last=None):
    """When the next schouw of ``deal`` is due: its frequency after the last schouw (``last``, a
    date), or after the start of the deal (start date, else the day it closed)."""
    start = last or deal.start_date or (deal.closed_at and timezone.localdate(deal.closed_at))
    if start is None:
        return None
    return _add_months(start, frequency_months(deal.schouw_frequency))


def _inbreng_criterion(partner_row):
    """The criterion every meetlat starts with, pre-filled from the partner's inbreng (in one deal,
    or, for a variant, a list of its rows in the linked deals)."""
    rows = partner_row if isinstance(partner_row, list) else [partner_row] if partner_row else []
    lines = [f"{c.get_kind_display()}: {c.description}" for row in rows for c in row.contributions.all()]
    return Criterion(
        title=str(_("Did this partner deliver the input it committed to?")),
        description="\n".join(lines),
        is_inbreng=True,
        position=0,
    )


def _add_partners(schouw, organisations, partner_rows):
    """``organisations`` take part in ``schouw``, each meetlat starting with the inbreng criterion
    from its rows in ``partner_rows`` ({organisation id: deal partner row or rows}). Two queries."""
    partners = SchouwPartner.objects.bulk_create(
        [SchouwPartner(schouw=schouw, organisation=o) for o in organisations]
    )
    criteria = []
    for partner in partners:
        criterion = _inbreng_criterion(partner_rows.get(partner.organisation_id))
        criterion.partner = partner
        criteria.append(criterion)
    Criterion.objects.bulk_create(criteria)
    return partners


@transaction.atomic
def schouw_create(
    *,
    actor,
    title,
    planned_for,
    kind=Schouw.Kind.SCHOUW,
    deal=None,
    deals=(),
    organisations=(),
    setting="",
    reporter="",
    period_start=None,
    period_end=None,
):
    """An ambtenaar plans a schouw. A schouw of a deal evaluates the deal's partners (its
    procesafspraken fill in the setting and reporter when left empty); a peer review or college tour
    names the organisations, or links deals (at most ``MAX_LINKED_DEALS``) whose partners take part
    when it names none. Each partner's meetlat starts with the inbreng criterion."""
    _require_civil_servant(actor)
    title = _clean(title)
    if not title:
        raise ValidationError({"title": _("Give the schouw a title.")})
    if planned_for is None:
        raise ValidationError({"planned_for": _("Choose the date of the schouw.")})
    if period_start and period_end and period_end < period_start:
        raise ValidationError({"period_end": _("The end of the period cannot be before its start.")})
    partner_rows = {}
    if kind == Schouw.Kind.SCHOUW:
        if deal is None:
            raise ValidationError({"deal": _("Choose the deal this schouw evaluates.")})
        deal = Deal.objects.select_for_update().get(pk=deal.pk)
        if deal.status not in EVALUABLE:
            raise ValidationError({"deal": _("Only a closed deal or a deal in progress can have a schouw.")})
        partner_rows = {
            p.organisation_id: p
            for p in DealPartner.objects.filter(deal=deal, status=DealPartner.Status.ACCEPTED)
            .select_related("organisation")
            .prefetch_related("contributions")
        }
        organisations = [p.organisation for p in partner_rows.values()]
        setting = _clean(setting) or deal.schouw_setting
        reporter = _clean(reporter) or deal.schouw_reporter
        if deals:
            raise ValidationError({"deals": MESSAGE_ONE_DEAL})
    else:
        deal = None
        deals = _linkable_deals(deals)
        by_organisation = {}
        for row in _accepted_partners(deals):
            by_organisation.setdefault(row.organisation_id, []).append(row)
        if not organisations:  # drawn from the linked deals' partners
            organisations = [rows[0].organisation for rows in by_organisation.values()]
        partner_rows = by_organisation
    organisations = list({o.pk: o for o in organisations}.values())
    if kind == Schouw.Kind.PEER_REVIEW and len(organisations) < 2:
        raise ValidationError({"organisations": _("A peer review needs at least two initiatives.")})
    if not organisations:
        raise ValidationError({"organisations": _("Choose at least one organisation.")})
    schouw = Schouw.objects.create(
        title=title,
        kind=kind,
        deal=deal,
        planned_for=planned_for,
        period_start=period_start,
        period_end=period_end,
        setting=_clean(setting),
        reporter=_clean(reporter)[:200],
        coordinator=actor,
    )
    _add_partners(schouw, organisations, partner_rows)
    if deal is None and deals:
        SchouwDeal.objects.bulk_create(SchouwDeal(schouw=schouw, deal=d) for d in deals)
        bump_for(SchouwDeal)
    record(
        schouw,
        "schouw.schouw.create",
        actor=actor,
        data={"deal": deal.pk if deal else None, "deals": [d.pk for d in deals] if deal is None else []},
    )
    _notify(
        schouw,
        _members(schouw, exclude=actor),
        subject=_("A schouw is planned: %(schouw)s"),
        body=_("The schouw “%(schouw)s” is planned for %(date)s. You will hear when it starts."),
        params={"date": planned_for.isoformat()},
        actor=actor,
    )
    return schouw


MESSAGE_ONE_DEAL = _(
    "A schouw of a deal evaluates its one deal. Link several deals to a peer review or college tour."
)
MESSAGE_TOO_MANY_DEALS = _("Link at most %(max)d deals to a peer review or college tour.")


def _linkable_deals(deals):
    """The deals a variant links, checked: at most ``MAX_LINKED_DEALS``, each one a schouw can
    evaluate. Locked, by title."""
    ids = list(dict.fromkeys(d.pk for d in deals))
    if len(ids) > MAX_LINKED_DEALS:
        raise ValidationError({"deals": MESSAGE_TOO_MANY_DEALS % {"max": MAX_LINKED_DEALS}})
    found = list(Deal.objects.select_for_update().filter(pk__in=ids).order_by("title", "pk"))
    if len(found) != len(ids) or any(d.status not in EVALUABLE for d in found):
        raise ValidationError({"deals": _("Only closed deals or deals in progress can be linked.")})
    return found


def _accepted_partners(deals):
    """The accepted partners of ``deals`` with their inbreng: two queries, whatever their number."""
    if not deals:
        return []
    return list(
        DealPartner.objects.filter(deal__in=deals, status=DealPartner.Status.ACCEPTED)
        .select_related("organisation")
        .prefetch_related("contributions")
        .order_by("deal_id", "id")
    )


MESSAGE_LINKS_FROZEN = _("The report is published; the deals it is linked to can no longer change.")


@dataclass(frozen=True)
class LinkedDealsChange:
    """What ``schouw_link_deals`` changed: the organisations that joined (partners of a newly
    linked deal), left (partners of an unlinked deal that had contributed nothing) and stayed
    although their deal was unlinked (they had contributed). Each a list of organisations, by name."""

    schouw: Schouw
    joined: list = field(default_factory=list)
    left: list = field(default_factory=list)
    kept: list = field(default_factory=list)


def contributed_organisation_ids(schouw, organisation_ids):
    """Which of ``organisation_ids`` (partners of ``schouw``) have something in the schouw that is
    theirs or about them: an observation by one of their members or about them, work on their
    meetlat (confirmed, or saved by anyone: the audit rows of ``meetlat_save``), an appraisal by one
    of their members or of their criteria. Four queries, however many organisations."""
    ids = set(organisation_ids)
    if not ids:
        return set()
    found = set(
        SchouwPartner.objects.filter(
            schouw=schouw, organisation_id__in=ids, meetlat_confirmed_at__isnull=False
        ).values_list("organisation_id", flat=True)
    )
    observations = Observation.objects.filter(schouw=schouw)
    found |= set(observations.filter(organisation_id__in=ids).values_list("organisation_id", flat=True))
    found |= set(
        observations.filter(author__memberships__organisation_id__in=ids).values_list(
            "author__memberships__organisation_id", flat=True
        )
    )
    appraisals = Appraisal.objects.filter(criterion__partner__schouw=schouw)
    found |= set(
        appraisals.filter(criterion__partner__organisation_id__in=ids).values_list(
            "criterion__partner__organisation_id", flat=True
        )
    )
    found |= set(
        appraisals.filter(author_organisation_id__in=ids).values_list("author_organisation_id", flat=True)
    )
    saved = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Schouw),
        object_id=str(schouw.pk),
        action="schouw.meetlat.save",
        data__organisation__in=sorted(ids),
    ).values_list("data__organisation", flat=True)
    found |= {int(pk) for pk in saved}
    return found & ids


def _by_name(organisations):
    return sorted(organisations, key=lambda o: (o.name.lower(), o.pk))


@transaction.atomic
def schouw_link_deals(*, schouw, actor, deals):
    """An ambtenaar sets the deals a peer review or college tour is linked to (replacing the links
    it had), until its report is published; then they are frozen. The participants follow, as when
    the schouw was planned with its deals: the accepted partners of a newly linked deal take part
    (their meetlat starts with the inbreng they committed in the linked deals; a partner already in
    the schouw keeps its meetlat); a partner of an unlinked deal that is no partner of a deal still
    linked leaves, unless it has contributed (``contributed_organisation_ids``): then it stays, so
    nothing written is lost. One audit row with the deals and organisations; the members of the
    organisations that joined are told. Once published, the report is listed on each linked deal's
    page. Returns a ``LinkedDealsChange``."""
    _require_civil_servant(actor)
    locked = _lock(schouw)
    if not locked.is_variant:
        raise ValidationError({"deals": MESSAGE_ONE_DEAL})
    if locked.is_published:
        raise ValidationError({"deals": MESSAGE_LINKS_FROZEN})
    chosen = _linkable_deals(deals)
    before = set(SchouwDeal.objects.filter(schouw=locked).values_list("deal_id", flat=True))
    after = {d.pk for d in chosen}
    if before == after:
        return LinkedDealsChange(schouw=locked)
    current = {
        p.organisation_id: p
        for p in SchouwPartner.objects.select_for_update(of=("self",))
        .filter(schouw=locked)
        .select_related("organisation")
    }
    by_organisation = {}
    for row in _accepted_partners(chosen):
        by_organisation.setdefault(row.organisation_id, []).append(row)
    joining = {
        row.organisation_id: row.organisation
        for rows in by_organisation.values()
        for row in rows
        if row.deal_id not in before and row.organisation_id not in current
    }
    joining = list(joining.values())
    unlinked_partners = set(
        DealPartner.objects.filter(deal_id__in=before - after).values_list("organisation_id", flat=True)
    )
    leaving_ids = (unlinked_partners & set(current)) - set(by_organisation)
    kept_ids = contributed_organisation_ids(locked, leaving_ids)
    leaving_ids -= kept_ids
    remaining = len(current) - len(leaving_ids) + len(joining)
    if locked.kind == Schouw.Kind.PEER_REVIEW and remaining < 2:
        raise ValidationError({"deals": _("A peer review needs at least two initiatives.")})
    if remaining < 1:
        raise ValidationError({"deals": _("With these deals no organisation would take part in the schouw.")})

    SchouwDeal.objects.filter(schouw=locked, deal_id__in=before - after).delete()
    SchouwDeal.objects.bulk_create(SchouwDeal(schouw=locked, deal=d) for d in chosen if d.pk not in before)
    SchouwPartner.objects.filter(schouw=locked, organisation_id__in=leaving_ids).delete()
    _add_partners(locked, joining, by_organisation)
    bump_for(SchouwDeal, SchouwPartner, Criterion)
    locked.version = F("version") + 1
    locked.save(update_fields=["version", "updated_at"])
    locked.refresh_from_db(fields=["version"])
    change = LinkedDealsChange(
        schouw=locked,
        joined=_by_name(joining),
        left=_by_name(current[pk].organisation for pk in leaving_ids),
        kept=_by_name(current[pk].organisation for pk in kept_ids),
    )
    record(
        locked,
        "schouw.schouw.link_deals",
        actor=actor,
        data={
            "added": sorted(after - before),
            "removed": sorted(before - after),
            "joined": sorted(o.pk for o in change.joined),
            "left": sorted(o.pk for o in change.left),
            "kept": sorted(o.pk for o in change.kept),
        },
    )
    if joining:
        newcomers = User.objects.filter(memberships__organisation__in=joining, is_active=True).distinct()
        _notify(
            locked,
            [u for u in newcomers if u.pk != actor.pk],
            subject=_("You take part in the schouw “%(schouw)s”"),
            body=_(
                "Your organisation takes part in the schouw “%(schouw)s” (now in the phase: %(phase)s): a "
                "deal it is a partner of was linked to it. Open the schouw to take part."
            ),
            params={"phase": locked.get_phase_display()},
            actor=actor,
        )
    return change


PLAN_FIELDS = ("title", "planned_for", "period_start", "period_end", "setting", "reporter")


@transaction.atomic
def schouw_update_plan(*, schouw, actor, fields):
    """An ambtenaar changes the plan of a schouw (not its phase) until the report is published."""
    _require_civil_servant(actor)
    locked = _lock(schouw)
    if locked.is_published:
        raise ValidationError(_("The report is published; the schouw can no longer be changed."))
    unknown = set(fields) - set(PLAN_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(locked, name, value.strip() if isinstance(value, str) else value)
    if not locked.title:
        raise ValidationError({"title": _("Give the schouw a title.")})
    if locked.period_start and locked.period_end and locked.period_end < locked.period_start:
        raise ValidationError({"period_end": _("The end of the period cannot be before its start.")})
    if "planned_for" in fields:
        locked.reminder_sent_at = None
        fields = {**fields, "reminder_sent_at": None}
    locked.version = F("version") + 1
    locked.save(update_fields=[*fields, "version", "updated_at"])
    locked.refresh_from_db(fields=["version"])
    record(locked, "schouw.schouw.update", actor=actor)
    return locked


# --- phases ------------------------------------------------------------------------------------


def _phase_guard(locked, actor):
    _require_civil_servant(actor)


def _record_phase(locked, transition, actor):
    record(locked, transition.action, actor=actor, data={"deal": locked.deal_id})


def _notify_phase(locked, transition, actor):
    _notify(
        locked,
        _members(locked, exclude=actor),
        subject=_("The schouw “%(schouw)s” is now in the phase: %(phase)s"),
        body=_("The schouw “%(schouw)s” moved to the phase: %(phase)s. Open the schouw to take part."),
        params={"phase": locked.get_phase_display()},
        actor=actor,
    )


def meetlat_problems(schouw):
    """Why the schouw cannot move from the meetlat to the appraisal: partners without criteria or
    that have not confirmed their meetlat."""
    problems = []
    partners = SchouwPartner.objects.filter(schouw=schouw).select_related("organisation")
    with_criteria = set(
        Criterion.objects.filter(partner__schouw=schouw).values_list("partner_id", flat=True).distinct()
    )
    for partner in partners:
        if partner.pk not in with_criteria:
            problems.append(
                _("%(organisation)s has no criteria in its meetlat.")
                % {"organisation": partner.organisation.name}
            )
        elif partner.meetlat_confirmed_at is None:
            problems.append(
                _("%(organisation)s has not confirmed its meetlat yet.")
                % {"organisation": partner.organisation.name}
            )
    return problems


def _phase(schouw, actor, name, prepare=None):
    return SCHOUW_PHASES.apply(
        schouw,
        name,
        actor=actor,
        lock=_lock,
        guard=_phase_guard,
        prepare=prepare,
        record=_record_phase,
        after=_notify_phase,
    )


def _version(locked):
    locked.version = locked.version + 1
    return ["version"]


@transaction.atomic
def schouw_open(*, schouw, actor):
    return _phase(schouw, actor, "open", _version)


@transaction.atomic
def schouw_to_meetlat(*, schouw, actor):
    return _phase(schouw, actor, "meetlat", _version)


@transaction.atomic
def schouw_to_appraisal(*, schouw, actor):
    """Open the waarderende schouw once every partner confirmed its meetlat. Outsiders invited
    before now get their personal link by mail (their invitation said it would come)."""

    def prepare(locked):
        problems = meetlat_problems(locked)
        if problems:
            raise ValidationError(problems)
        return _version(locked)

    def after(locked, transition, actor):
        _notify_phase(locked, transition, actor)
        waiting = Participant.objects.select_for_update().filter(
            schouw=locked, revoked_at__isnull=True, completed_at__isnull=True
        )
        for participant in waiting:
            _mail_link(locked, participant, opening=True)

    return SCHOUW_PHASES.apply(
        schouw,
        "appraise",
        actor=actor,
        lock=_lock,
        guard=_phase_guard,
        prepare=prepare,
        record=_record_phase,
        after=after,
    )


# Whose appraisal a schouw of a deal needs before its results are discussed: someone from outside
# the partners with a fresh eye. (A peer review's initiatives are each other's peers; a college
# tour's outsiders are its wethouders.)
OUTSIDER_KINDS = (Participant.Kind.PEER, Participant.Kind.EXPERT)


def discussion_problems(schouw):
    """Why the schouw cannot move from the appraisal to the bespreking: no external peer or
    ervaringsdeskundige has appraised yet (a schouw of a deal only)."""
    if schouw.kind != Schouw.Kind.SCHOUW:
        return []
    if Appraisal.objects.filter(
        criterion__partner__schouw=schouw, participant__kind__in=OUTSIDER_KINDS
    ).exists():
        return []
    return [
        _(
            "No outsider has appraised yet: at least one external peer or expert by experience "
            "appraises before the results are discussed."
        )
    ]


@transaction.atomic
def schouw_to_discussion(*, schouw, actor):
    def prepare(locked):
        problems = discussion_problems(locked)
        if problems:
            raise ValidationError(problems)
        return _version(locked)

    return _phase(schouw, actor, "discuss", prepare)


@transaction.atomic
def schouw_to_report(*, schouw, actor):
    return _phase(schouw, actor, "report", _version)


def _lesson_slug(title, index):
    base = slugify(title)[:180] or "les"
    slug, n = base, 1
    taken = set(index.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _draft_lessons(locked, actor):
    """Each lesson of the schouw becomes a draft lesson page (source "schouw"), linked to the deal
    (a variant's linked deals) and the partners, for a contentbeheerder to publish through the
    normal Wagtail workflow."""
    index = LessonIndexPage.objects.first()
    if index is None:
        raise ValidationError(_("The lessons section is missing; ask a contentbeheerder."))
    organisations = [p.organisation for p in locked.partners.select_related("organisation")]
    source = {
        Schouw.Kind.SCHOUW: LessonPage.Source.SCHOUW,
        Schouw.Kind.PEER_REVIEW: LessonPage.Source.PEER_REVIEW,
        Schouw.Kind.COLLEGE_TOUR: LessonPage.Source.COLLEGE_TOUR,
    }[locked.kind]
    deal_ids = [locked.deal_id] if locked.deal_id else [d.pk for d in locked.deals.all()]
    for lesson in locked.lessons.filter(page__isnull=True):
        page = LessonPage(
            title=lesson.title,
            slug=_lesson_slug(lesson.title, index),
            intro=lesson.text,
            kind=lesson.kind,
            is_success=lesson.is_success,
            source=source,
            partner_kinds=sorted({o.kind for o in organisations}),
            live=False,
            owner=actor,
        )
        index.add_child(instance=page)
        page.organisations.set(organisations)
        if deal_ids:
            page.deals.set(deal_ids)
        page.save()  # parental many-to-many links are written on save
        page.save_revision(user=actor)
        lesson.page = page
        lesson.for_kompas = lesson.kind == Lesson.Kind.SYSTEM
        lesson.save(update_fields=["page", "for_kompas"])


@transaction.atomic
def schouw_publish(*, schouw, actor):
    """Publish the report: it needs its text and at least one lesson. The PDF is rendered and kept
    with the schouw (archived with the deal); each lesson becomes a draft lesson page."""
    from schouw.report import render_pdf

    def prepare(locked):
        if not locked.report_summary.strip():
            raise ValidationError(_("Write the report before publishing it."))
        if not locked.lessons.exists():
            raise ValidationError(_("Formulate at least one lesson before publishing the report."))
        locked.published_at = timezone.now()
        locked.phase = Ph.PUBLISHED  # the report shows itself as published
        locked.report_pdf = render_pdf(locked)
        _draft_lessons(locked, actor)
        return ["published_at", "report_pdf", *_version(locked)]

    return _phase(schouw, actor, "publish", prepare)


PHASE_SERVICES = {
    "open": schouw_open,
    "meetlat": schouw_to_meetlat,
    "appraise": schouw_to_appraisal,
    "discuss": schouw_to_discussion,
    "report": schouw_to_report,
    "publish": schouw_publish,
}


def schouw_next_phase(*, schouw, actor, name):
    """Apply the phase transition ``name`` through its service (the admin's one button)."""
    if name not in PHASE_SERVICES:
        raise ValidationError(_("Unknown phase."))
    return PHASE_SERVICES[name](schouw=schouw, actor=actor)


# --- phase 1: observations ---------------------------------------------------------------------


@transaction.atomic
def observation_add(*, schouw, actor, text, tone, expectation, organisation=None):
    schouw = _lock(schouw)
    _require_participant(schouw, actor)
    _require_phase(schouw, Ph.OPEN)
    errors = {}
    text = _clean(text)
    if not text:
        errors["text"] = _("Write what you saw.")
    if tone not in Observation.Tone.values:
        errors["tone"] = _("Choose whether it was positive or negative.")
    if expectation not in Observation.Expectation.values:
        errors["expectation"] = _("Choose whether it was expected.")
    if organisation is not None and organisation.pk not in partner_org_ids(schouw):
        errors["organisation"] = _("Choose a partner of this schouw.")
    if errors:
        raise ValidationError(errors)
    observation = Observation.objects.create(
        schouw=schouw, author=actor, organisation=organisation, text=text, tone=tone, expectation=expectation
    )
    record(schouw, "schouw.observation.create", actor=actor, data={"observation": observation.pk})
    _touch(schouw)
    return observation


# --- phase 2: meetlat --------------------------------------------------------------------------


@transaction.atomic
def meetlat_save(*, partner, actor, criteria):
    """Replace the meetlat of ``partner`` with ``criteria`` (dicts of title, description and
    is_inbreng). Any participant may propose; the change withdraws the partner's confirmation. The
    inbreng criterion stays."""
    partner = (
        SchouwPartner.objects.select_for_update().select_related("schouw", "organisation").get(pk=partner.pk)
    )
    schouw = partner.schouw
    _require_participant(schouw, actor)
    _require_phase(schouw, Ph.MEETLAT)
    rows = [
        {
            "title": _clean(c.get("title")),
            "description": _clean(c.get("description")),
            "is_inbreng": bool(c.get("is_inbreng")),
        }
        for c in criteria
    ]
    rows = [row for row in rows if row["title"] or row["description"]]
    if not rows:
        raise ValidationError(_("A meetlat needs at least one criterion."))
    if any(not row["title"] for row in rows):
        raise ValidationError(_("Give every criterion a name."))
    if len(rows) > MAX_CRITERIA:
        raise ValidationError(_("A meetlat has at most %(max)s criteria.") % {"max": MAX_CRITERIA})
    if sum(row["is_inbreng"] for row in rows) != 1:
        raise ValidationError(_("The criterion about the committed input must stay in the meetlat."))
    Criterion.objects.filter(partner=partner).delete()
    Criterion.objects.bulk_create(
        [Criterion(partner=partner, position=i, **row) for i, row in enumerate(rows)]
    )
    partner.meetlat_confirmed_at = None
    partner.meetlat_confirmed_by = None
    partner.save(update_fields=["meetlat_confirmed_at", "meetlat_confirmed_by"])
    record(schouw, "schouw.meetlat.save", actor=actor, data={"organisation": partner.organisation_id})
    _touch(schouw)
    return partner


@transaction.atomic
def meetlat_confirm(*, partner, actor):
    """A member of the partner confirms its own meetlat."""
    partner = (
        SchouwPartner.objects.select_for_update().select_related("schouw", "organisation").get(pk=partner.pk)
    )
    if not is_member(actor, partner.organisation_id):
        raise PermissionDenied
    _require_phase(partner.schouw, Ph.MEETLAT)
    if not partner.criteria.exists():
        raise ValidationError(_("A meetlat needs at least one criterion."))
    partner.meetlat_confirmed_at = timezone.now()
    partner.meetlat_confirmed_by = actor
    partner.save(update_fields=["meetlat_confirmed_at", "meetlat_confirmed_by"])
    record(
        partner.schouw, "schouw.meetlat.confirm", actor=actor, data={"organisation": partner.organisation_id}
    )
    _touch(partner.schouw)
    return partner


# --- phase 3: appraisal ------------------------------------------------------------------------


def _clean_entries(schouw, entries):
    """``entries``: {criterion id: (text, score or None)}. Criteria left empty are skipped; a score
    needs a text; a score is on the scale; at least one appraisal."""
    valid_ids = set(Criterion.objects.filter(partner__schouw=schouw).values_list("pk", flat=True))
    cleaned, errors = {}, {}
    for criterion_id, (text, score) in entries.items():
        if criterion_id not in valid_ids:
            raise PermissionDenied
        text = _clean(text)
        if score in ("", None):
            score = None
        if score is not None:
            try:
                score = int(score)
            except (TypeError, ValueError):
                score = -1
            if not SCORE_MIN <= score <= SCORE_MAX:
                errors[criterion_id] = _("Choose a score from %(min)s to %(max)s.") % {
                    "min": SCORE_MIN,
                    "max": SCORE_MAX,
                }
                continue
        if not text and score is None:
            continue
        if not text:
            errors[criterion_id] = _("Explain your score in a few words.")
            continue
        cleaned[criterion_id] = (text, score)
    if errors:
        raise ValidationError({f"c{key}": value for key, value in errors.items()})
    if not cleaned:
        raise ValidationError(_("Write at least one appraisal before you save."))
    return cleaned


@transaction.atomic
def appraisal_save(*, schouw, entries, actor=None, participant=None):
    """Save appraisals: by a member of a partner (``actor``; again and again while the phase lasts)
    or by an invited outsider (``participant``, through its link: handed in once, which uses up the
    link)."""
    schouw = _lock(schouw)
    if participant is not None:
        participant = Participant.objects.select_for_update().get(pk=participant.pk)
        if participant.schouw_id != schouw.pk or participant.link_state != "open":
            raise PermissionDenied
    else:
        _require_participant(schouw, actor)
    _require_phase(schouw, Ph.APPRAISAL)
    cleaned = _clean_entries(schouw, entries)
    mine = set(organisation_ids(actor)) & partner_org_ids(schouw) if participant is None else set()
    author_org = min(mine) if mine else None
    owner = (
        {"participant": participant} if participant is not None else {"author": actor, "participant": None}
    )
    existing = {a.criterion_id: a for a in Appraisal.objects.filter(criterion_id__in=cleaned, **owner)}
    new = []
    for criterion_id, (text, score) in cleaned.items():
        appraisal = existing.get(criterion_id)
        if appraisal is None:
            new.append(
                Appraisal(
                    criterion_id=criterion_id,
                    text=text,
                    score=score,
                    author_organisation_id=author_org,
                    **owner,
                )
            )
        else:
            appraisal.text, appraisal.score = text, score
            appraisal.save(update_fields=["text", "score", "updated_at"])
    Appraisal.objects.bulk_create(new)
    if participant is not None:
        participant.completed_at = timezone.now()
        participant.save(update_fields=["completed_at"])
    record(
        schouw,
        "schouw.appraisal.save",
        actor=actor,
        data={"participant": participant.pk if participant else None, "criteria": sorted(cleaned)},
    )
    _touch(schouw)
    return len(cleaned)


# --- invitations -------------------------------------------------------------------------------


def token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def participant_invite(*, schouw, actor, kind, name, email, organisation=None):
    """An ambtenaar invites an outsider (peer, ervaringsdeskundige, wethouder) by email. The link
    holds a random token (only its hash is kept), expires after SCHOUW_INVITATION_DAYS and opens
    only this schouw's appraisal form. Returns the participant and the link."""
    _require_civil_servant(actor)
    schouw = _lock(schouw)
    if schouw.phase not in (Ph.PLANNED, Ph.OPEN, Ph.MEETLAT, Ph.APPRAISAL):
        raise ValidationError(_("Outsiders can only be invited until the appreciative schouw is over."))
    errors = {}
    name, email = _clean(name), _clean(email).lower()
    if kind not in Participant.Kind.values:
        errors["kind"] = _("Choose who you invite.")
    if not name:
        errors["name"] = _("Fill in the name.")
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = _("Fill in a valid email address, like naam@voorbeeld.nl.")
    if not errors.get("email") and Participant.objects.filter(schouw=schouw, email=email).exists():
        errors["email"] = _("This address is already invited to this schouw.")
    if errors:
        raise ValidationError(errors)
    participant = Participant.objects.create(
        schouw=schouw,
        kind=kind,
        name=name[:200],
        email=email,
        organisation=organisation,
        token_hash=token_hash(secrets.token_urlsafe(32)),  # replaced by the link that is mailed
        expires_at=timezone.now() + datetime.timedelta(days=settings.SCHOUW_INVITATION_DAYS),
    )
    link = _mail_link(schouw, participant, opening=False)
    record(
        schouw, "schouw.participant.invite", actor=actor, data={"participant": participant.pk, "kind": kind}
    )
    return participant, link


def _mail_link(schouw, participant, *, opening):
    """Mail ``participant`` (locked, in the caller's transaction) what it needs now: invited during
    the waarderende schouw, or when it opens (``opening``), a new personal link (its hash replaces
    any earlier one; it expires SCHOUW_INVITATION_DAYS from now); invited before it, the invitation
    without a link, which follows when the appraisal opens. Returns the link or None."""
    link = None
    if schouw.phase == Ph.APPRAISAL:
        token = secrets.token_urlsafe(32)
        participant.token_hash = token_hash(token)
        participant.expires_at = timezone.now() + datetime.timedelta(days=settings.SCHOUW_INVITATION_DAYS)
        participant.save(update_fields=["token_hash", "expires_at"])
        link = f"{settings.SITE_URL}{reverse('schouw:invitation', kwargs={'token': token})}"
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "participant": participant,
            "schouw": schouw,
            "link": link,
            "opening": opening,
            "site_name": settings.WAGTAIL_SITE_NAME,
        }
        if opening:
            subject = _("The appreciative schouw “%(schouw)s” is open: your personal link")
        else:
            subject = _("Invitation to the schouw “%(schouw)s”")
        subject = str(subject % {"schouw": schouw.title})
        text = render_to_string("schouw/email/invitation.txt", context)
    enqueue(send_email, participant.email, subject, text)
    return link


@transaction.atomic
def participant_revoke(*, participant, actor):
    _require_civil_servant(actor)
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    if participant.revoked_at is None:
        participant.revoked_at = timezone.now()
        participant.save(update_fields=["revoked_at"])
        record(
            participant.schouw, "schouw.participant.revoke", actor=actor, data={"participant": participant.pk}
        )
    return participant


# --- phase 4: bespreking -----------------------------------------------------------------------

DISCUSSION_FIELDS = ("goes_well", "can_improve", "worth_sharing", "next_steps", "follow_up_deal")


@transaction.atomic
def discussion_save(*, schouw, actor, fields, advice=None):
    """Record the bespreking: what goes well, can improve and is worth sharing, next steps, and the
    advice per partner (``advice``: {schouw partner id: text})."""
    schouw = _lock(schouw)
    _require_participant(schouw, actor)
    _require_phase(schouw, Ph.DISCUSSION)
    unknown = set(fields) - set(DISCUSSION_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(schouw, name, value.strip() if isinstance(value, str) else value)
    if not (schouw.goes_well or schouw.can_improve or schouw.worth_sharing or schouw.next_steps):
        raise ValidationError(_("Write down at least what goes well, what can improve or the next steps."))
    schouw.version += 1
    schouw.save(update_fields=[*fields, "version", "updated_at"])
    partners = {p.pk: p for p in SchouwPartner.objects.filter(schouw=schouw)}
    for partner_id, text in (advice or {}).items():
        if partner_id not in partners:
            raise PermissionDenied
        partner = partners[partner_id]
        if partner.advice != _clean(text):
            partner.advice = _clean(text)
            partner.save(update_fields=["advice"])
    record(schouw, "schouw.discussion.save", actor=actor)
    return schouw


@transaction.atomic
def agreement_revise(*, schouw, actor, agreements, reason):
    """A revised agreement from the bespreking replaces the deal's process agreements (through
    ``deals.services.deal_revise_agreements``: the deal's timeline keeps what changed and why)."""
    schouw = _lock(schouw)
    _require_participant(schouw, actor)
    _require_phase(schouw, Ph.DISCUSSION)
    if schouw.deal_id is None:
        raise ValidationError(_("This schouw has no deal whose agreements could change."))
    _deal, previous = deal_services.deal_revise_agreements(
        deal=schouw.deal, actor=actor, agreements=agreements, reason=reason
    )
    revision = AgreementRevision.objects.create(
        schouw=schouw, agreement=_clean(agreements), reason=_clean(reason), previous=previous, author=actor
    )
    record(schouw, "schouw.agreement.revise", actor=actor, data={"revision": revision.pk})
    _touch(schouw)
    return revision


@transaction.atomic
def lesson_add(*, schouw, actor, title, text, kind, is_success=False):
    schouw = _lock(schouw)
    _require_participant(schouw, actor)
    _require_phase(schouw, Ph.DISCUSSION, Ph.REPORT)
    errors = {}
    title, text = _clean(title), _clean(text)
    if not title:
        errors["title"] = _("Formulate the lesson in one line.")
    if not text:
        errors["text"] = _("Explain the lesson for readers who were not there.")
    if kind not in Lesson.Kind.values:
        errors["kind"] = _("Choose what kind of lesson this is.")
    if errors:
        raise ValidationError(errors)
    if schouw.lessons.count() >= MAX_LESSONS:
        raise ValidationError(_("A schouw has at most %(max)s lessons.") % {"max": MAX_LESSONS})
    lesson = Lesson.objects.create(
        schouw=schouw, title=title[:200], text=text, kind=kind, is_success=bool(is_success), author=actor
    )
    record(schouw, "schouw.lesson.create", actor=actor, data={"lesson": lesson.pk})
    _touch(schouw)
    return lesson


@transaction.atomic
def lesson_delete(*, lesson, actor):
    schouw = _lock(lesson.schouw)
    _require_participant(schouw, actor)
    _require_phase(schouw, Ph.DISCUSSION, Ph.REPORT)
    record(schouw, "schouw.lesson.delete", actor=actor, data={"lesson": lesson.pk})
    lesson.delete()
    _touch(schouw)


# --- phase 5: the report -----------------------------------------------------------------------


@transaction.atomic
def report_save(*, schouw, actor, summary):
    schouw = _lock(schouw)
    _require_participant(schouw, actor)
    _require_phase(schouw, Ph.REPORT)
    summary = _clean(summary)
    if not summary:
        raise ValidationError({"report_summary": _("Write the report.")})
    schouw.report_summary = summary
    schouw.version += 1
    schouw.save(update_fields=["report_summary", "version", "updated_at"])
    record(schouw, "schouw.report.save", actor=actor)
    return schouw


# --- the deal: afronden ------------------------------------------------------------------------


def has_published_report(deal):
    """Whether a schouw report about ``deal`` is published: of its own schouw, or of a peer review
    or college tour linked to it (``SchouwDeal``). One query."""
    linked = SchouwDeal.objects.filter(deal=deal).values("schouw_id")
    return Schouw.objects.filter(Q(deal=deal) | Q(pk__in=linked), phase=Ph.PUBLISHED).exists()


def finish_refusals(deal, transition):
    """The step guard on "afgerond" (``deals.extensions``): a deal is finished only with a published
    schouw report (its own schouw's, or that of a peer review or college tour linked to it), or with
    the reason why there was none, recorded by the trekker."""
    if transition.name != "finish":
        return []
    if has_published_report(deal):
        return []
    if NoSchouwReason.objects.filter(deal=deal).exists():
        return []
    return [
        str(
            _(
                "A deal is finished after a schouw: first publish the report of its schouw, or of a peer "
                "review or college tour linked to it, or record why there was no schouw."
            )
        )
    ]


@transaction.atomic
def no_schouw_reason_record(*, deal, actor, reason):
    """The trekker records why the deal finishes without a schouw; it is shown on the deal page."""
    trekker = DealPartner.objects.filter(deal=deal, role=DealPartner.Role.TREKKER).first()
    if trekker is None or not is_member(actor, trekker.organisation_id):
        raise PermissionDenied
    deal = Deal.objects.select_for_update().get(pk=deal.pk)
    if deal.status != Deal.Status.RUNNING:
        raise ValidationError(_("Only a deal in progress can be finished."))
    if has_published_report(deal):
        raise ValidationError(
            _("A schouw report about this deal is published: the deal can be finished without a reason.")
        )
    reason = _clean(reason)
    if not reason:
        raise ValidationError({"reason": _("Say why there was no schouw.")})
    row, _created = NoSchouwReason.objects.update_or_create(
        deal=deal, defaults={"reason": reason, "recorded_by": actor}
    )
    record(deal, "schouw.no_schouw.record", actor=actor, data={"deal": deal.pk})
    Deal.objects.filter(pk=deal.pk).update(updated_at=timezone.now())  # the deal page's cache
    return row


# --- reminders ---------------------------------------------------------------------------------


def send_reminders(*, today=None):
    """Remind the partners of every planned schouw within SCHOUW_REMINDER_DAYS, once per planned
    date (``reminder_sent_at``, set in the transaction that notifies). Returns how many."""
    today = today or timezone.localdate()
    until = today + datetime.timedelta(days=settings.SCHOUW_REMINDER_DAYS)
    ids = list(
        Schouw.objects.filter(
            phase=Ph.PLANNED, reminder_sent_at__isnull=True, planned_for__gte=today, planned_for__lte=until
        ).values_list("pk", flat=True)
    )
    sent = 0
    for pk in ids:
        with transaction.atomic():
            schouw = Schouw.objects.select_for_update().filter(pk=pk, reminder_sent_at__isnull=True).first()
            if schouw is None:
                continue
            schouw.reminder_sent_at = timezone.now()
            schouw.save(update_fields=["reminder_sent_at"])
            _notify(
                schouw,
                _members(schouw),
                subject=_("Reminder: the schouw “%(schouw)s” is on %(date)s"),
                body=_(
                    "The schouw “%(schouw)s” takes place on %(date)s. Setting: %(setting)s. Prepare what "
                    "you saw of the collaboration."
                ),
                params={"date": schouw.planned_for.isoformat(), "setting": schouw.setting or "-"},
            )
            record(schouw, "schouw.reminder.send")
            sent += 1
    return sent
