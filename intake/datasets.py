"""The intake's open data (``reisgids.datasets``): the anonymised figures that ``/idee/`` shows, per
step of the route: how many ideas are in it now, how many went through it, and the median time they
spent in it. No idea itself, no name: the ideas are not public. Registered from ``discovery.register()``."""

import datetime
from typing import Literal

from django.db import connection
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Value
from django.utils.translation import gettext_lazy as _

from intake.models import Intake, StepPeriod
from intake.selectors import Median
from reisgids.caching import register_invalidation, register_namespace
from reisgids.datasets import Dataset, Field, register_dataset

CACHE_NAMESPACE = register_namespace("intake-figures")


def step_rows():
    """One row per step an idea has been in (email confirmation excluded): a grouped query."""
    duration = ExpressionWrapper(F("ended_at") - F("started_at"), output_field=DurationField())
    if connection.vendor == "postgresql":
        median = Median(duration, filter=Q(ended_at__isnull=False))
    else:  # the zero-setup SQLite default has no percentile_cont
        median = Value(None, output_field=DurationField())
    return (
        StepPeriod.objects.exclude(status=Intake.Status.UNVERIFIED)
        .values("status")
        .annotate(
            ideas=Count("intake", distinct=True),
            current=Count("intake", filter=Q(ended_at__isnull=True), distinct=True),
            median=median,
        )
        .order_by("status")
    )


def _days(value):
    return round(value.total_seconds() / 86400, 1) if isinstance(value, datetime.timedelta) else None


STEP_LABELS = dict(Intake.Status.choices)

STEP_FIELDS = (
    Field(
        "status",
        _("Step"),
        lambda row: row["status"],
        type=Literal[tuple(Intake.Status.values)],
        display=lambda value: str(STEP_LABELS.get(value, value)),
    ),
    Field("ideas_now", _("Ideas in this step now"), lambda row: row["current"], type=int),
    Field("ideas_total", _("Ideas that were in this step"), lambda row: row["ideas"], type=int),
    Field(
        "median_days",
        _("Median days in this step"),
        lambda row: _days(row["median"]),
        type=float | None,
        nullable=True,
    ),
)


def register():
    register_invalidation(Intake, StepPeriod, namespaces=(CACHE_NAMESPACE,))
    register_dataset(Dataset(
        key="intake-steps", title=_("Ideas for cooperation: figures per step"), order=130, lookup="status",
        description=_("Anonymised figures of the Right to Cooperate intake: per step, how many ideas are "
                      "in it, how many went through it, and the median number of days they spent in it."),
        rows=step_rows, fields=STEP_FIELDS, namespaces=(CACHE_NAMESPACE,), frequency="daily",
        page_url="/idee/", keywords=("right to cooperate", "initiatieven", "doorlooptijden"),
    ))  # fmt: skip
