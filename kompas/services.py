"""Every write of the kompas: one service per state change, in one transaction, with its guard (the
roles in ``reisgids.roles``), an audit row and the notifications after commit (``notify``).

Who may do what: kompas editors (a role per person) write proposals, put them on an agenda, monitor
measures and set the priorities; the bestuur records decisions; a measure's owner reports on it; any
member supports a proposal for one of their organisations and comments."""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from atlas.models import NewsIndexPage, NewsPage
from kompas.models import (
    DECISIONS,
    MAX_LESSONS,
    PROPOSAL_STEPS,
    Gremium,
    Measure,
    MonitoringUpdate,
    Period,
    Priority,
    Proposal,
    ProposalComment,
    ProposalCommentReport,
    Review,
    Support,
)
from reisgids import comments, roles
from reisgids.audit import record
from reisgids.models import Theme, User
from reisgids.notifications.services import notify

TEXT_MAX = 5000
S = Proposal.Status


# --- periods --------------------------------------------------------------------------------------


def period_bounds(day, months=None):
    """(start, end) of the kompas period that contains ``day``: periods of ``months`` months from
    1 January (``KOMPAS_PERIOD_MONTHS``), ``end`` the first day after it."""
    months = months or settings.KOMPAS_PERIOD_MONTHS
    first_month = (day.month - 1) // months * months + 1
    start = datetime.date(day.year, first_month, 1)
    return start, start + relativedelta(months=months)


def period_for(day=None):
    """The period that contains ``day`` (today), created when missing."""
    day = day or timezone.localdate()
    start, end = period_bounds(day)
    number = (start.month - 1) // settings.KOMPAS_PERIOD_MONTHS + 1
    period, _created = Period.objects.get_or_create(
        start=start, defaults={"end": end, "slug": f"{start.year}-{number}"}
    )
    return period


# --- guards and helpers ---------------------------------------------------------------------------


def _require_editor(actor):
    if not roles.is_kompas_editor(actor):
        raise PermissionDenied


def _require_board(actor):
    if not roles.is_board_member(actor):
        raise PermissionDenied


def _lock(proposal):
    return Proposal.objects.select_for_update().get(pk=proposal.pk)


def _text(value, field, message, *, required=True, maximum=TEXT_MAX):
    value = (value or "").strip()
    if required and not value:
        raise ValidationError({field: message})
    if len(value) > maximum:
        raise ValidationError({field: _("Use at most %(max)d characters.") % {"max": maximum}})
    return value


def _unique_slug(title, exclude_pk=None):
    base = slugify(title)[:200] or "voorstel"
    slug, number = base, 1
    taken = Proposal.objects.exclude(pk=exclude_pk)
    while taken.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _clean_proposal(*, title, kind, problem, change, intended_effect, lessons, organisations):
    errors = {}

    def check(field, value, message, maximum=TEXT_MAX):
        try:
            return _text(value, field, message, maximum=maximum)
        except ValidationError as error:
            errors.update(error.message_dict)
            return ""

    data = {
        "title": check("title", title, _("Give the proposal a title."), maximum=200),
        "problem": check("problem", problem, _("Describe the problem the lessons show.")),
        "change": check("change", change, _("Describe the change you propose.")),
        "intended_effect": check(
            "intended_effect", intended_effect, _("Describe the intended effect on working together.")
        ),
    }
    if kind not in Proposal.Kind.values:
        errors["kind"] = [_("Choose what kind of rule or routine the proposal changes.")]
    if not lessons:
        errors["lessons"] = [_("Choose at least one lesson as evidence.")]
    elif len(lessons) > MAX_LESSONS:
        errors["lessons"] = [_("Choose at most %(max)d lessons.") % {"max": MAX_LESSONS}]
    elif any(not lesson.live for lesson in lessons):
        errors["lessons"] = [_("Only published lessons can be evidence.")]
    if not organisations:
        errors["organisations"] = [_("Choose the organisations that propose it.")]
    if errors:
        raise ValidationError(errors)
    return {**data, "kind": kind}


# --- proposals ------------------------------------------------------------------------------------


@transaction.atomic
def proposal_create(
    *, actor, title, kind, problem, change, intended_effect, lessons, organisations, themes=()
):
    """A kompas editor bundles published lessons into a proposal (a draft)."""
    _require_editor(actor)
    lessons, organisations = list(lessons), list(organisations)
    data = _clean_proposal(
        title=title,
        kind=kind,
        problem=problem,
        change=change,
        intended_effect=intended_effect,
        lessons=lessons,
        organisations=organisations,
    )
    proposal = Proposal.objects.create(
        **data, slug=_unique_slug(data["title"]), period=period_for(), created_by=actor
    )
    proposal.lessons.set(lessons)
    proposal.organisations.set(organisations)
    proposal.themes.set(themes)
    record(proposal, "kompas.proposal.create", actor=actor)
    return proposal


@transaction.atomic
def proposal_update(
    *, proposal, actor, title, kind, problem, change, intended_effect, lessons, organisations, themes=()
):
    """A kompas editor changes a proposal that has no decision and is not on an agenda."""
    _require_editor(actor)
    proposal = _lock(proposal)
    if proposal.status not in (S.DRAFT, S.OPEN):
        raise ValidationError(_("A proposal on the agenda or with a decision can no longer be changed."))
    lessons, organisations = list(lessons), list(organisations)
    data = _clean_proposal(
        title=title,
        kind=kind,
        problem=problem,
        change=change,
        intended_effect=intended_effect,
        lessons=lessons,
        organisations=organisations,
    )
    for name, value in data.items():
        setattr(proposal, name, value)
    proposal.save(update_fields=[*data, "updated_at"])
    proposal.lessons.set(lessons)
    proposal.organisations.set(organisations)
    proposal.themes.set(themes)
    record(proposal, "kompas.proposal.update", actor=actor)
    return proposal


def _proposal_step(proposal, actor, name, *, guard, prepare=None, after=None):
    return PROPOSAL_STEPS.apply(
        proposal, name, actor=actor, lock=_lock, guard=guard, prepare=prepare, after=after
    )


@transaction.atomic
def proposal_submit(*, proposal, actor):
    """A kompas editor opens a draft for support and comments (it is public from now on)."""

    def prepare(locked):
        locked.submitted_at = timezone.now()
        return ["submitted_at"]

    return _proposal_step(proposal, actor, "submit", guard=lambda p, a: _require_editor(a), prepare=prepare)


@transaction.atomic
def proposal_schedule(*, proposal, actor, gremium, meeting_date, today=None):
    """A kompas editor puts the proposal on the agenda of ``gremium`` for ``meeting_date`` (not in
    the past). A held proposal can go on an agenda again."""
    today = today or timezone.localdate()

    def prepare(locked):
        errors = {}
        if gremium is None or not Gremium.objects.filter(pk=gremium.pk, active=True).exists():
            errors["gremium"] = [_("Choose the body that decides.")]
        if meeting_date is None:
            errors["meeting_date"] = [_("Give the date of the meeting.")]
        elif meeting_date < today:
            errors["meeting_date"] = [_("The meeting date cannot be in the past.")]
        if errors:
            raise ValidationError(errors)
        locked.gremium, locked.meeting_date = gremium, meeting_date
        return ["gremium", "meeting_date"]

    return _proposal_step(
        proposal,
        actor,
        "schedule",
        guard=lambda p, a: _require_editor(a),
        prepare=prepare,
        after=_tell_scheduled,
    )


def _tell_scheduled(proposal, transition, actor):
    notify(
        recipients=roles.board_members(),
        subject=_("On the agenda of %(gremium)s: “%(title)s”"),
        params={"gremium": proposal.gremium.name, "title": proposal.title},
        url=proposal.get_absolute_url(),
        actor=actor,
        kind="kompas",
        target=proposal,
    )


def people_behind(proposal):
    """Who hears back about a decision: the members of the organisations whose lessons underlie the
    proposal and of the proposing organisations, and everyone who supported it."""
    organisation_ids = set(proposal.lessons.values_list("organisations", flat=True)) | set(
        proposal.organisations.values_list("pk", flat=True)
    )
    organisation_ids.discard(None)
    members = User.objects.filter(memberships__organisation_id__in=organisation_ids, is_active=True)
    supporters = User.objects.filter(pk__in=proposal.supports.values("user_id"), is_active=True)
    return (members | supporters).distinct().order_by("pk")


def _clean_review_dates(review_dates, today):
    dates = sorted(set(review_dates or ()))
    if not dates:
        raise ValidationError({"review_dates": _("Give at least one review date.")})
    if dates[0] <= today:
        raise ValidationError({"review_dates": _("A review date must be in the future.")})
    return dates


@transaction.atomic
def proposal_decide(
    *,
    proposal,
    actor,
    decision,
    reasoning,
    measure=None,
    indicator="",
    owner=None,
    review_dates=(),
    today=None,
):
    """The bestuur records the decision on a proposal on the agenda, always with its reasoning; an
    adopted proposal gets its measure (what changes), the indicator, an owner and review dates, and a
    news draft for a contentbeheerder to publish. Everyone behind it is told, whatever the decision."""
    today = today or timezone.localdate()
    if decision not in DECISIONS:
        raise ValidationError({"decision": _("Choose the decision.")})
    adopted = decision in Proposal.ADOPTED_STATUSES

    def prepare(locked):
        errors = {}
        try:
            locked.decision_reasoning = _text(
                reasoning, "reasoning", _("Give the reasoning of the decision.")
            )
        except ValidationError as error:
            errors.update(error.message_dict)
        if adopted:
            if not (measure or "").strip():
                errors["measure"] = [_("Describe the measure that was adopted.")]
            if not (indicator or "").strip():
                errors["indicator"] = [_("Give the indicator by which the effect is monitored.")]
            if owner is None:
                errors["owner"] = [_("Choose who owns the measure.")]
            try:
                _clean_review_dates(review_dates, today)
            except ValidationError as error:
                errors.update(error.message_dict)
        if errors:
            raise ValidationError(errors)
        locked.decided_at, locked.decided_by = timezone.now(), actor
        return ["decision_reasoning", "decided_at", "decided_by"]

    proposal = _proposal_step(
        proposal, actor, DECISIONS[decision], guard=lambda p, a: _require_board(a), prepare=prepare
    )
    if adopted:
        created = Measure.objects.create(
            proposal=proposal,
            description=_text(measure, "measure", "", maximum=TEXT_MAX),
            indicator=_text(indicator, "indicator", "", maximum=300),
            owner=owner,
        )
        Review.objects.bulk_create(
            Review(measure=created, due=due) for due in _clean_review_dates(review_dates, today)
        )
        record(created, "kompas.measure.create", actor=actor, data={"proposal": proposal.pk})
        _news_draft(proposal, created, actor)
    notify(
        recipients=people_behind(proposal),
        subject=_("Decision on “%(title)s”: %(decision)s"),
        params={"title": proposal.title, "decision": proposal.get_status_display()},
        body=proposal.decision_reasoning,
        url=proposal.get_absolute_url(),
        actor=actor,
        kind="kompas",
        target=proposal,
    )
    return proposal


def _news_draft(proposal, measure, actor):
    """A draft news item under /nieuws/ announcing the new rule or possibility, and a notification
    to the contentbeheerders to publish it."""
    index = NewsIndexPage.objects.first()
    if index is None:
        return None
    slug, number = slugify(f"kompas-{proposal.slug}")[:200], 1
    while index.get_children().filter(slug=slug).exists():
        number += 1
        slug = f"{slugify(f'kompas-{proposal.slug}')[:190]}-{number}"
    page = NewsPage(
        title=str(_("New: %(title)s") % {"title": proposal.title})[:255],
        slug=slug,
        date=timezone.localdate(),
        intro=measure.description[:500],
        live=False,
    )
    index.add_child(instance=page)
    page.save_revision(user=actor if actor and actor.is_authenticated else None)
    page.themes.set(proposal.themes.all())
    page.save_revision(user=actor if actor and actor.is_authenticated else None)
    Proposal.objects.filter(pk=proposal.pk).update(news_page=page)
    proposal.news_page = page
    notify(
        recipients=User.objects.filter(groups__name=roles.CONTENT_MANAGERS_GROUP, is_active=True),
        subject=_("A news draft about the kompas decision “%(title)s” waits for publication"),
        params={"title": proposal.title},
        url=f"/beheer/pages/{page.pk}/edit/",
        actor=actor,
        kind="kompas",
        target=proposal,
    )
    return page


# --- support and comments -------------------------------------------------------------------------


@transaction.atomic
def proposal_support(*, proposal, actor, organisation):
    """A member supports a public proposal without a decision for one of their organisations: once
    per organisation."""
    if not roles.is_member(actor, organisation):
        raise PermissionDenied
    proposal = _lock(proposal)
    if proposal.status not in (S.OPEN, S.SCHEDULED, S.HELD):
        raise ValidationError(_("This proposal can no longer be supported."))
    try:
        with transaction.atomic():
            support = Support.objects.create(proposal=proposal, organisation=organisation, user=actor)
    except IntegrityError as error:
        raise ValidationError(
            {"organisation": _("%(name)s already supports this proposal.") % {"name": organisation.name}}
        ) from error
    proposal.support_count = proposal.supports.count()
    proposal.save(update_fields=["support_count"])
    record(support, "kompas.proposal.support", actor=actor, data={"proposal": proposal.pk})
    if proposal.created_by_id:
        notify(
            recipients=[proposal.created_by],
            subject=_("%(organisation)s supports “%(title)s”"),
            params={"organisation": organisation.name, "title": proposal.title},
            url=proposal.get_absolute_url(),
            actor=actor,
            kind="kompas",
            target=proposal,
        )
    return support


@transaction.atomic
def comment_create(*, actor, proposal, text, parent=None):
    """A signed-in user comments on a public proposal (moderated as the stories' comments are)."""
    if proposal.status == S.DRAFT:
        raise PermissionDenied
    comment, _parent = comments.comment_post(
        model=ProposalComment, actor=actor, target=proposal, text=text, parent=parent
    )
    record(comment, "kompas.comment.create", actor=actor, data={"proposal": proposal.pk})
    if proposal.created_by_id:
        notify(
            recipients=[proposal.created_by],
            subject=_("New comment on the proposal “%(title)s”"),
            params={"title": proposal.title},
            body=comment.text[:500],
            url=comment.get_absolute_url(),
            actor=actor,
            kind="kompas",
            target=comment,
        )
    return comment


@transaction.atomic
def comment_report(*, actor, comment, reason=""):
    report = comments.comment_report(
        report_model=ProposalCommentReport, actor=actor, comment=comment, reason=reason
    )
    record(report, "kompas.comment.report", actor=actor, data={"comment": comment.pk})
    return report


# --- monitoring -----------------------------------------------------------------------------------


def _require_monitor(measure, actor):
    if not (actor.is_authenticated and (measure.owner_id == actor.pk or roles.is_kompas_editor(actor))):
        raise PermissionDenied


@transaction.atomic
def monitoring_update(*, measure, actor, date, value, note="", today=None):
    """The owner (or a kompas editor) reports the indicator's value on ``date`` (not in the future);
    the update answers the earliest open review date."""
    today = today or timezone.localdate()
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    _require_monitor(measure, actor)
    if measure.is_closed:
        raise ValidationError(_("This measure is closed; it is no longer monitored."))
    errors = {}
    if date is None:
        errors["date"] = [_("Give the date of the value.")]
    elif date > today:
        errors["date"] = [_("The date cannot be in the future.")]
    try:
        value = _text(value, "value", _("Give the value of the indicator."), maximum=200)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        note = _text(note, "note", "", required=False)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    update = MonitoringUpdate.objects.create(measure=measure, date=date, value=value, note=note, author=actor)
    review = measure.reviews.filter(answered_by__isnull=True).order_by("due").first()
    if review is not None:
        review.answered_by = update
        review.save(update_fields=["answered_by"])
    record(update, "kompas.measure.update", actor=actor, data={"measure": measure.pk, "value": value})
    return update


@transaction.atomic
def measure_close(*, measure, actor, note):
    measure = Measure.objects.select_for_update().get(pk=measure.pk)
    _require_monitor(measure, actor)
    if measure.is_closed:
        raise ValidationError(_("This measure is already closed."))
    measure.closing_note = _text(note, "note", _("Say why the monitoring ends."))
    measure.closed_at = timezone.now()
    measure.save(update_fields=["closing_note", "closed_at"])
    record(measure, "kompas.measure.close", actor=actor)
    return measure


def overdue_reviews(today=None):
    """Open review dates in the past of measures not closed."""
    today = today or timezone.localdate()
    return Review.objects.filter(
        answered_by__isnull=True, due__lt=today, measure__closed_at__isnull=True
    ).select_related("measure__owner", "measure__proposal")


@transaction.atomic
def flag_overdue_reviews(*, today=None):
    """Tell each owner once about each overdue review (``flagged_at``). Returns how many."""
    reviews = list(overdue_reviews(today).filter(flagged_at__isnull=True).select_for_update(of=("self",)))
    for review in reviews:
        measure = review.measure
        notify(
            recipients=[measure.owner],
            subject=_("Monitoring overdue: “%(indicator)s”"),
            params={"indicator": measure.indicator, "date": review.due.strftime("%d-%m-%Y")},
            body=_("The review of %(date)s has no update yet. Report the value of the indicator."),
            url=measure.proposal.get_absolute_url(),
            kind="kompas",
            target=measure.proposal,
        )
    Review.objects.filter(pk__in=[review.pk for review in reviews]).update(flagged_at=timezone.now())
    return len(reviews)


# --- priorities -----------------------------------------------------------------------------------


@transaction.atomic
def priorities_set(*, period, actor, items):
    """A kompas editor sets the priorities of ``period`` for the next round of deals: ``items`` are
    (theme, reason, proposals). The themes become "deals welkom" with the reason (the kernel's
    ``Theme.deals_welcome``, which ``deals`` shows); the themes of earlier priorities (this period's
    or a previous period's) that are not chosen again are no longer welcome. A reason text set by
    hand in /beheer/ stays. Replaces the period's priorities as a whole."""
    _require_editor(actor)
    errors = []
    seen = set()
    for theme, reason, _proposals in items:
        if theme.pk in seen:
            errors.append(_("%(theme)s is chosen twice.") % {"theme": theme.name})
        seen.add(theme.pk)
        if not (reason or "").strip():
            errors.append(_("Give the reason why deals on %(theme)s are welcome.") % {"theme": theme.name})
        elif len(reason) > TEXT_MAX:
            errors.append(_("Use at most %(max)d characters.") % {"max": TEXT_MAX})
    if errors:
        raise ValidationError({"priorities": errors})
    # What the kompas wrote on the themes so far (this period and the ones before): a theme it
    # marked and no longer chooses is welcome no more; a text someone set by hand in /beheer/ (not
    # one of the kompas' reasons) is never overwritten.
    written = {}
    for theme_id, reason in Priority.objects.filter(period__start__lte=period.start).values_list(
        "theme_id", "reason"
    ):
        written.setdefault(theme_id, set()).add(reason)

    def by_the_kompas(theme):
        return not theme.deals_welcome_text or theme.deals_welcome_text in written.get(theme.pk, ())

    period.priorities.all().delete()
    for theme, reason, proposals in items:
        priority = Priority.objects.create(period=period, theme=theme, reason=reason.strip())
        priority.proposals.set(proposals)
        theme.deals_welcome = True
        if by_the_kompas(theme):
            theme.deals_welcome_text = reason.strip()
        theme.save(update_fields=["deals_welcome", "deals_welcome_text"])
    for theme in Theme.objects.filter(pk__in=set(written) - seen, deals_welcome=True):
        theme.deals_welcome = False
        if by_the_kompas(theme):
            theme.deals_welcome_text = ""
        theme.save(update_fields=["deals_welcome", "deals_welcome_text"])
    record(period, "kompas.priorities.set", actor=actor, data={"themes": sorted(seen)})
    return list(period.priorities.all())


# --- bodies (/beheer/) ----------------------------------------------------------------------------


@transaction.atomic
def gremium_save(*, actor, gremium):
    """A kompas editor adds or renames a body in /beheer/."""
    _require_editor(actor)
    name = _text(gremium.name, "name", _("Give the name of the body."), maximum=200)
    if Gremium.objects.exclude(pk=gremium.pk).filter(name__iexact=name).exists():
        raise ValidationError({"name": _("A body with this name exists.")})
    gremium.name = name
    gremium.save()
    record(gremium, "kompas.gremium.save", actor=actor)
    return gremium


# --- the kompas report ----------------------------------------------------------------------------


@transaction.atomic
def report_generate(*, period):
    """The report of ``period`` (HTML and PDF), archived once: a second call returns the same report."""
    from django.core.files.base import ContentFile
    from django.template.loader import render_to_string

    from kompas import selectors
    from kompas.models import Report
    from reisgids.pdf import html_to_pdf

    period = Period.objects.select_for_update().get(pk=period.pk)
    existing = Report.objects.filter(period=period).first()
    if existing is not None:
        return existing
    context = selectors.report_data(period)
    html = render_to_string("kompas/report_document.html", context)
    report = Report(period=period, html=html)
    pdf = html_to_pdf(render_to_string("kompas/report_pdf.html", {"html": html}))
    report.pdf.save(f"kompasrapport-{period.slug}.pdf", ContentFile(pdf), save=False)
    report.save()
    record(report, "kompas.report.generate")
    return report
