"""The intake's open data (``reisgids.datasets``): the anonymised figures that ``/idee/`` shows, per
step of the route: how many ideas are in it now, how many went through it, and the median time they
spent in it, kept per step (``intake.figures``). No idea itself, no name: the ideas are not public.
Registered from ``discovery.register()``."""

import datetime
from typing import Literal

from django.utils.translation import gettext_lazy as _

from intake import figures
from intake.models import Intake, StepFigure, StepPeriod
from reisgids.caching import register_invalidation, register_namespace
from reisgids.datasets import Dataset, Field, register_dataset

CACHE_NAMESPACE = register_namespace("intake-figures")


def _days(value):
    return round(value.total_seconds() / 86400, 1) if isinstance(value, datetime.timedelta) else None


STEP_LABELS = dict(Intake.Status.choices)

STEP_FIELDS = (
    Field(
        "status",
        _("Step"),
        lambda row: row.status,
        type=Literal[tuple(Intake.Status.values)],
        display=lambda value: str(STEP_LABELS.get(value, value)),
    ),
    Field("ideas_now", _("Ideas in this step now"), lambda row: row.ideas_now, type=int),
    Field("ideas_total", _("Ideas that were in this step"), lambda row: row.ideas_total, type=int),
    Field(
        "median_days",
        _("Median days in this step"),
        lambda row: _days(row.median),
        type=float | None,
        nullable=True,
    ),
)


def register():
    register_invalidation(Intake, StepPeriod, StepFigure, namespaces=(CACHE_NAMESPACE,))
    register_dataset(Dataset(
        key="intake-steps", title=_("Ideas for cooperation: figures per step"), order=130, lookup="status",
        description=_("Anonymised figures of the Right to Cooperate intake: per step, how many ideas are "
                      "in it, how many went through it, and the median number of days they spent in it."),
        rows=figures.shown, fields=STEP_FIELDS, updated="updated_at", namespaces=(CACHE_NAMESPACE,),
        frequency="daily",
        page_url="/idee/", keywords=("right to cooperate", "initiatieven", "doorlooptijden"),
    ))  # fmt: skip
