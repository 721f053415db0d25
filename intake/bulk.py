"""Many intakes at once, for the bench and the query-count tests: ``seed_intakes_bulk(n)`` makes ``n``
ideas spread over every step, each with its time per step (two closed steps and the current one), and
one measured idea with a fixed id (``BENCH_INTAKE_PK``) that has a meeting, advice and a request.
``bulk_create`` and the clearing delete go around the services, so both recount the kept figures
per step (``intake.figures.refresh``) and bump the namespaces of what they show
(``reisgids.caching.bump_for``)."""

import datetime

from django.db import transaction
from django.utils import timezone

from intake import figures
from intake.models import Advice, Intake, Meeting, Request, StepPeriod
from reisgids.caching import bump_for

TITLE_PREFIX = "bulk-idee-"
BENCH_INTAKE_PK = 1_900_000_000
S = Intake.Status
STEPS = [status for status in S if status != S.UNVERIFIED]


def clear_intakes_bulk():
    with transaction.atomic():
        Intake.objects.filter(title__startswith=TITLE_PREFIX).delete()
        figures.refresh()


def seed_intakes_bulk(n, *, clear=True, batch_size=2000):
    """Bring the bulk intakes up to ``n`` (all new after removing the old ones when ``clear``)."""
    if clear:
        clear_intakes_bulk()
    start = Intake.objects.filter(title__startswith=TITLE_PREFIX).count()
    now = timezone.now()
    today = timezone.localdate()
    intakes = [
        Intake(
            pk=BENCH_INTAKE_PK if i == 0 else None,
            title=f"{TITLE_PREFIX}{i:06}",
            email=f"idee{i}@bench.example.org",
            name=f"Initiatiefnemer {i}",
            what="Een huiskamer voor mantelzorgers in de wijk.",
            for_whom="Mantelzorgers",
            needs="Een ruimte",
            brings="Vrijwilligers",
            status=S.PLAN if i == 0 else STEPS[i % len(STEPS)],
            status_since=now - datetime.timedelta(days=i % 30),
            due_on=today + datetime.timedelta(days=(i % 21) - 10),
            holder_role="Initiatieventeam",
            plan_task="Een huiskamer" if i == 0 else "",
        )
        for i in range(start, n)
    ]
    Intake.objects.bulk_create(intakes, batch_size=batch_size)
    titles = [intake.title for intake in intakes]
    created = list(Intake.objects.filter(title__in=titles).values_list("pk", "status"))
    periods = []
    for pk, status in created:
        began = now - datetime.timedelta(days=40)
        periods += [
            StepPeriod(
                intake_id=pk,
                status=S.UNVERIFIED,
                started_at=began,
                ended_at=began + datetime.timedelta(hours=2),
            ),
            StepPeriod(
                intake_id=pk,
                status=S.TRIAGE,
                started_at=began + datetime.timedelta(hours=2),
                ended_at=began + datetime.timedelta(days=pk % 12 + 1),
            ),
            StepPeriod(intake_id=pk, status=status, started_at=began + datetime.timedelta(days=pk % 12 + 1)),
        ]
    with transaction.atomic():
        StepPeriod.objects.bulk_create(periods, batch_size=batch_size)
        figures.refresh()
    bump_for(Intake, StepPeriod)
    if start:
        return {"intakes": start + len(created), "step_periods": len(periods)}
    measured = Intake.objects.get(pk=BENCH_INTAKE_PK)
    Meeting.objects.create(
        intake=measured,
        starts_at=now + datetime.timedelta(days=3),
        ends_at=now + datetime.timedelta(days=3, hours=1),
        place="Wijkhuis",
    )
    Advice.objects.create(intake=measured, kind=Advice.Kind.ADVICE, recommend=True, text="Goed plan.")
    Request.objects.create(intake=measured, kind=Request.Kind.ESCALATION, text="We horen niets.")
    return {"intakes": start + len(created), "step_periods": len(periods)}
