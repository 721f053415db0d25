"""The anonymised figures per step (``StepFigure``): kept in the transaction of every move of an idea,
read as a dozen rows by ``/idee/`` and the open data, whatever the number of ideas.

``refresh(statuses)`` recomputes the figures of those steps from the times per step (``StepPeriod``):
the service that moves an idea refreshes the step it leaves and the one it enters; a write that goes
around the services (the bench's bulk seed, a repair) refreshes every step. The rows of the steps are
locked first, in a fixed order, so two moves at the same time count each other's periods."""

from django.db import connection, transaction
from django.db.models import Aggregate, Count, DurationField, ExpressionWrapper, F, Q
from django.utils import timezone

from intake.models import Intake, StepFigure, StepPeriod
from reisgids.caching import bump_for

S = Intake.Status
COUNTED = [status for status in S if status != S.UNVERIFIED]


class Median(Aggregate):
    """PostgreSQL's median (percentile_cont(0.5) WITHIN GROUP)."""

    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


def _medians(periods):
    """{status: median time of the closed periods}: PostgreSQL's percentile_cont; on the zero-setup
    SQLite default, in Python (the lower middle value)."""
    closed = periods.filter(ended_at__isnull=False)
    duration = ExpressionWrapper(F("ended_at") - F("started_at"), output_field=DurationField())
    if connection.vendor == "postgresql":
        return dict(closed.values_list("status").annotate(m=Median(duration)).order_by())
    spans = {}
    for status, started, ended in closed.values_list("status", "started_at", "ended_at"):
        spans.setdefault(status, []).append(ended - started)
    return {status: sorted(values)[len(values) // 2] for status, values in spans.items()}


def refresh(statuses=None):
    """Recompute the figures of ``statuses`` (every counted step when None), in the transaction that
    changed their periods (or a transaction of its own)."""
    statuses = sorted({str(status) for status in (statuses or COUNTED)} - {S.UNVERIFIED.value})
    if statuses:
        with transaction.atomic():
            _recount(statuses)


def _recount(statuses):
    rows = _locked(statuses)
    if len(rows) < len(statuses):  # a step's first idea: its row, made once
        StepFigure.objects.bulk_create(
            [StepFigure(status=status) for status in statuses], ignore_conflicts=True
        )
        rows = _locked(statuses)
    periods = StepPeriod.objects.filter(status__in=statuses)
    counts = {
        row["status"]: row
        for row in periods.values("status")
        .annotate(
            total=Count("intake", distinct=True),
            now=Count("intake", filter=Q(ended_at__isnull=True), distinct=True),
        )
        .order_by()
    }
    medians, now = _medians(periods), timezone.now()
    for row in rows:
        found = counts.get(row.status, {})
        row.ideas_now, row.ideas_total = found.get("now", 0), found.get("total", 0)
        row.median, row.updated_at = medians.get(row.status), now
    StepFigure.objects.bulk_update(rows, ["ideas_now", "ideas_total", "median", "updated_at"])
    bump_for(StepFigure)


def _locked(statuses):
    return list(StepFigure.objects.select_for_update().filter(status__in=statuses).order_by("status"))


def shown():
    """The steps that have had an idea, in the order of their codes."""
    return StepFigure.objects.filter(ideas_total__gt=0).order_by("status")
