"""The kompas' part of ``manage.py bench`` (found like ``seed_demo`` finds ``demo.py``): /kompas/, a
proposal page and the report of the current period, with one bulk proposal for every ten bulk
organisations (10 and 1,000 at the default scales), and the time the report's PDF takes to render
(in the totals, ``report_pdf_seconds``, with the numbers of lessons and proposals it covers)."""

import time

from django.db import transaction

from atlas.models import LessonPage
from kompas import services
from kompas.models import Proposal, Report
from reisgids.caching import bump_for
from reisgids.management.commands.seed_bulk import FULL_PAGE, SLUG_PREFIX
from reisgids.models import Organisation
from reisgids.pdf import render_pdf

PROPOSAL_PREFIX = "bench-voorstel-"
PROPOSALS_PER_ORGANISATION = 0.1

PAGES = [
    ("kompas_list", "/kompas/"),
    ("kompas_proposal", "/kompas/voorstellen/{proposal}/"),
    ("kompas_report", "/kompas/rapporten/{report}/"),
]
PARAMS = {"proposal": f"{PROPOSAL_PREFIX}000000", "report": "bench"}
TARGET_PAGES = [name for name, _path in PAGES]
LIST_PAGES = ["kompas_list"]
# A kompas report is the half year's document, stored as HTML when it was made: it names every lesson,
# proposal and decision of its period, so it is meant to grow with them (14 KB at 100 organisations,
# 67 KB at 10,000). Its times, cold (reading the stored document) and warm (serving it from the
# cache), are reported, not held to the pages' scale ratios.
TARGET_LIMITS = {"kompas_report": {"cold_scale_ratio": None, "scale_ratio": None}}


def clear():
    Report.objects.filter(period__proposals__slug__startswith=PROPOSAL_PREFIX).delete()
    Proposal.objects.filter(slug__startswith=PROPOSAL_PREFIX).delete()


@transaction.atomic
def seed(*, organisations, clear):
    """Bulk proposals (open, held and rejected) in the current period, proposed by bulk organisation
    0 with up to two lessons each; then the period's report, whose PDF rendering is timed."""
    count = max(FULL_PAGE, round(organisations * PROPOSALS_PER_ORGANISATION))  # a full first page of /kompas/
    period = services.period_for()
    PARAMS["report"] = period.slug
    existing = Proposal.objects.filter(slug__startswith=PROPOSAL_PREFIX).count()
    statuses = [Proposal.Status.OPEN, Proposal.Status.HELD, Proposal.Status.REJECTED]
    created = Proposal.objects.bulk_create(
        Proposal(
            title=f"Benchvoorstel {number:06d}",
            slug=f"{PROPOSAL_PREFIX}{number:06d}",
            kind=Proposal.Kind.PROCUREMENT,
            problem="Een probleem dat de lessen laten zien.",
            change="Een voorgestelde verandering.",
            intended_effect="Een beter samenspel.",
            status=statuses[number % len(statuses)],
            decision_reasoning="Motivering." if number % 3 else "",
            period=period,
        )
        for number in range(existing, count)
    )
    organisation = Organisation.objects.filter(slug__startswith=SLUG_PREFIX).order_by("slug").first()
    if organisation is not None:
        Proposal.organisations.through.objects.bulk_create(
            Proposal.organisations.through(proposal_id=proposal.pk, organisation_id=organisation.pk)
            for proposal in created
        )
    lessons = list(LessonPage.objects.live().values_list("pk", flat=True)[:2])
    Proposal.lessons.through.objects.bulk_create(
        Proposal.lessons.through(proposal_id=proposal.pk, lessonpage_id=lesson)
        for proposal in created
        for lesson in lessons
    )
    bump_for(Proposal)  # bulk_create sends no signals (reisgids.caching)
    Report.objects.filter(period=period).delete()
    report = services.report_generate(period=period)
    started = time.perf_counter()
    render_pdf("kompas/report_pdf.html", {"html": report.html})
    return {
        "proposals": Proposal.objects.filter(slug__startswith=PROPOSAL_PREFIX).count(),
        "report_lessons": LessonPage.objects.live().count(),
        "report_pdf_seconds": round(time.perf_counter() - started, 3),
    }
