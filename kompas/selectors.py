"""Reads of the kompas, permission-aware; each a fixed number of queries whatever the data size."""

import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404
from django.utils import timezone

from atlas.models import LessonPage
from deals.models import Deal, DealEvent
from kompas.models import (
    Measure,
    MonitoringUpdate,
    Period,
    Priority,
    Proposal,
    ProposalComment,
    Report,
    Review,
    Support,
)
from marktplaats.selectors import match_counts
from reisgids import roles
from reisgids.models import Neighbourhood, Theme
from reisgids.registries import kompas_figures


def _day_start(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def lesson_inventory():
    """Every published lesson, systeem-lessons from the schouw first, then newest."""
    system_first = Q(kind=LessonPage.Kind.SYSTEM)
    schouw_first = Q(source=LessonPage.Source.SCHOUW)
    from django.db.models import Case, IntegerField, Value, When

    return (
        LessonPage.objects.live()
        .annotate(
            rank=Case(
                When(system_first & schouw_first, then=Value(0)),
                When(system_first, then=Value(1)),
                When(schouw_first, then=Value(2)),
                default=Value(3),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "-first_published_at", "pk")
        .prefetch_related(
            Prefetch("themes", queryset=Theme.objects.only("pk", "name", "name_en", "slug")),
            Prefetch("neighbourhoods", queryset=Neighbourhood.objects.only("pk", "name")),
            "organisations",
        )
    )


def lessons_chosen(ids):
    """The published lessons among ``ids`` (ticked on the inventory page), in that order: one query."""
    found = LessonPage.objects.live().only("pk", "title").in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def can_edit(user):
    return roles.is_kompas_editor(user)


def can_decide(user):
    return roles.is_board_member(user)


def proposal_list(*, drafts):
    """The proposals an audience sees: the public ones (everything but drafts), and with ``drafts``
    (kompas editors) the drafts too."""
    queryset = Proposal.objects.all()
    if not drafts:
        queryset = queryset.filter(status__in=Proposal.PUBLIC_STATUSES)
    return queryset.select_related("gremium", "period").prefetch_related(
        Prefetch("organisations", queryset=roles.Organisation.objects.only("pk", "name", "slug"))
    )


def proposal_get(*, slug, drafts):
    """The proposal ``slug`` with everything its page shows; drafts only with ``drafts``."""
    proposal = (
        proposal_list(drafts=drafts)
        .select_related("news_page", "created_by", "decided_by")
        .prefetch_related(
            Prefetch(
                "lessons",
                queryset=LessonPage.objects.live().only("pk", "title", "url_path", "kind", "source", "intro"),
            ),
            Prefetch(
                "supports", queryset=Support.objects.select_related("organisation").order_by("created_at")
            ),
            "themes",
            Prefetch(
                "measures",
                queryset=Measure.objects.select_related("owner").prefetch_related(
                    Prefetch("updates", queryset=MonitoringUpdate.objects.order_by("date", "pk")),
                    Prefetch("reviews", queryset=Review.objects.order_by("due")),
                ),
            ),
        )
        .filter(slug=slug)
        .first()
    )
    if proposal is None:
        raise Http404
    return proposal


def proposal_get_for_user(*, user, slug):
    return proposal_get(slug=slug, drafts=roles.is_kompas_editor(user))


def proposal_comments(proposal):
    """Visible top comments with their visible replies: two queries."""
    visible = ProposalComment.objects.filter(hidden_at__isnull=True).select_related("author")
    return list(
        visible.filter(proposal=proposal, parent__isnull=True).prefetch_related(
            Prefetch("replies", queryset=visible.order_by("created_at", "pk"))
        )
    )


def priorities(period):
    return (
        Priority.objects.filter(period=period)
        .select_related("theme")
        .prefetch_related(Prefetch("proposals", queryset=Proposal.objects.only("pk", "title", "slug")))
    )


def latest_priorities():
    """The priorities of the latest period that has any (a new period starts without)."""
    period = Period.objects.filter(priorities__isnull=False).order_by("-start").first()
    return period, (list(priorities(period)) if period else [])


def reports():
    return Report.objects.select_related("period").only(
        "pk", "generated_at", "pdf", "period__slug", "period__start", "period__end"
    )


def report_get(slug):
    report = Report.objects.select_related("period").filter(period__slug=slug).first()
    if report is None:
        raise Http404
    return report


def overdue_reviews(today=None):
    today = today or timezone.localdate()
    return (
        Review.objects.filter(answered_by__isnull=True, due__lt=today, measure__closed_at__isnull=True)
        .select_related("measure__owner", "measure__proposal")
        .order_by("due", "pk")
    )


def report_data(period):
    """Everything the kompas report of ``period`` shows; a fixed number of queries."""
    start, end = _day_start(period.start), _day_start(period.end)
    lessons = LessonPage.objects.live().filter(first_published_at__gte=start, first_published_at__lt=end)
    lesson_kinds = dict(lessons.order_by().values_list("kind").annotate(n=Count("pk")))
    lesson_list = list(lessons.order_by("kind", "title").only("pk", "title", "kind", "source", "url_path"))
    proposals = list(
        Proposal.objects.filter(Q(period=period) | Q(decided_at__gte=start, decided_at__lt=end))
        .filter(status__in=Proposal.PUBLIC_STATUSES)
        .select_related("gremium")
        .order_by("status", "title")
    )
    statuses = {}
    for proposal in proposals:
        statuses[proposal.get_status_display()] = statuses.get(proposal.get_status_display(), 0) + 1
    decisions = [p for p in proposals if p.decided_at and start <= p.decided_at < end]
    measures = list(
        Measure.objects.filter(proposal__status__in=Proposal.ADOPTED_STATUSES, created_at__lt=end)
        .select_related("proposal", "owner")
        .prefetch_related(
            Prefetch(
                "updates",
                queryset=MonitoringUpdate.objects.filter(date__lt=period.end).order_by("date", "pk"),
            ),
        )
        .order_by("created_at", "pk")
    )
    deals_closed = Deal.objects.filter(closed_at__gte=start, closed_at__lt=end).count()
    # Finished in the period: the moment of the step "afronden" on the deal's timeline.
    finished = DealEvent.objects.filter(
        deal=OuterRef("pk"), action="deals.deal.finish", created_at__gte=start, created_at__lt=end
    )
    deals_finished = Deal.objects.filter(Exists(finished), status=Deal.Status.FINISHED).count()
    theme_matches, wijk_matches = match_counts(start, end)
    names = dict(Theme.objects.filter(slug__in=theme_matches).values_list("slug", "name"))
    wijk_names = dict(Neighbourhood.objects.filter(slug__in=wijk_matches).values_list("slug", "name"))
    figures = [(figure.label, figure.provider(period.start, period.end)) for figure in kompas_figures()]
    return {
        "period": period,
        "lesson_count": len(lesson_list),
        "lesson_kinds": [(label, lesson_kinds.get(value, 0)) for value, label in LessonPage.Kind.choices],
        "lessons": lesson_list,
        "proposals": proposals,
        "statuses": sorted(statuses.items()),
        "decisions": decisions,
        "measures": measures,
        "deals_closed": deals_closed,
        "deals_finished": deals_finished,
        "matches_by_theme": sorted((names.get(slug, slug), n) for slug, n in theme_matches.items()),
        "matches_by_wijk": sorted((wijk_names.get(slug, slug), n) for slug, n in wijk_matches.items()),
        "figures": figures,
        "priorities": list(priorities(period)),
    }


def priority_proposal_options(period):
    """The public proposals a priority of ``period`` can name as being behind it: those of this
    period and the one before (the round the priorities close), and those its priorities already
    name. Not every proposal ever made: the form shows them under each theme."""
    before = Period.objects.filter(start__lt=period.start).order_by("-start").values("start")[:1]
    periods = Period.objects.filter(Q(pk=period.pk) | Q(start__in=before)).values("pk")
    chosen = Priority.proposals.through.objects.filter(priority__period=period).values("proposal_id")
    return (
        Proposal.objects.filter(status__in=Proposal.PUBLIC_STATUSES)
        .filter(Q(period__in=periods) | Q(pk__in=chosen))
        .order_by("title")
    )
