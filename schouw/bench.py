"""The schouw's part of ``manage.py bench`` (found like ``deals.bench``): the bespreking page of a
schouw with 10 partners (the bench's partner organisation among them) and 50 invited participants
who appraised every criterion, for the bench's signed-in partner; and, in the report's totals, how
long the PDF of that schouw takes to render (``schouw_pdf_ms``, target ≤ 2,000 ms; issue 13).

The schouw is the same at both scales (its size is the issue's), so the bench's scale checks show
that the page does not grow with the rest of the data; more schouwen are seeded with the scale."""

import hashlib
import time

from django.utils import timezone

from reisgids.management.commands.bench import PARTNER, PARTNER_ORGANISATION
from reisgids.management.commands.seed_bulk import SLUG_PREFIX
from reisgids.models import Organisation
from schouw.models import Appraisal, Criterion, Participant, Schouw, SchouwPartner

PREFIX = "bench-schouw-"
PARTNERS, PARTICIPANTS, CRITERIA_PER_PARTNER = 10, 50, 3
SCHOUWEN_PER_ORGANISATION = 0.01

PAGES = [("schouw_discussion", "/schouw/{schouw}/bespreking/", (PARTNER,))]
PARAMS = {"schouw": 0}  # set by seed()
TARGET_PAGES = ["schouw_discussion"]
PDF_TARGET_MS = 2000


def clear():
    Schouw.objects.filter(title__startswith=PREFIX).delete()


def _schouw(number, organisations):
    schouw = Schouw.objects.create(
        title=f"{PREFIX}{number:06d}",
        kind=Schouw.Kind.PEER_REVIEW,
        phase=Schouw.Phase.DISCUSSION,
        planned_for=timezone.localdate(),
        goes_well="Bewoners vinden de weg.",
    )
    partners = SchouwPartner.objects.bulk_create(
        SchouwPartner(schouw=schouw, organisation=o) for o in organisations
    )
    criteria = Criterion.objects.bulk_create(
        Criterion(partner=p, title=f"Criterium {i}", is_inbreng=i == 0, position=i)
        for p in partners
        for i in range(CRITERIA_PER_PARTNER)
    )
    now = timezone.now()
    participants = Participant.objects.bulk_create(
        Participant(
            schouw=schouw,
            kind=Participant.Kind.PEER if i % 2 else Participant.Kind.EXPERT,
            name=f"Deelnemer {i}",
            email=f"deelnemer{i}@{PREFIX}{number}.example.org",
            token_hash=hashlib.sha256(f"{PREFIX}{number}-{i}".encode()).hexdigest(),
            expires_at=now,
            completed_at=now,
        )
        for i in range(PARTICIPANTS)
    )
    Appraisal.objects.bulk_create(
        Appraisal(
            criterion=c,
            participant=p,
            text="Een warme, betrokken partner in de wijk.",
            score=1 + (c.pk + p.pk) % 4,
        )
        for c in criteria
        for p in participants
    )
    return schouw


def seed(*, organisations, clear):
    """The measured schouw, and one more small schouw per 100 organisations."""
    Schouw.objects.filter(title__startswith=PREFIX).delete()  # the measured schouw is made anew
    partner = Organisation.objects.get(slug=PARTNER_ORGANISATION)
    others = list(
        Organisation.objects.filter(slug__startswith=SLUG_PREFIX)
        .exclude(pk=partner.pk)
        .order_by("slug")[: PARTNERS - 1]
    )
    measured = _schouw(0, [partner, *others])
    PARAMS["schouw"] = measured.pk
    for number in range(1, 1 + int(organisations * SCHOUWEN_PER_ORGANISATION)):
        _schouw(number, others[:2])
    return {"schouwen": Schouw.objects.filter(title__startswith=PREFIX).count()}


def after_seed(*, organisations, clear):
    """Time the PDF of the measured schouw: the second of two renders (the first loads the fonts)."""
    from schouw.report import render_pdf

    schouw = Schouw.objects.get(pk=PARAMS["schouw"])
    timings = []
    for _ in range(2):
        started = time.perf_counter()
        render_pdf(schouw)
        timings.append((time.perf_counter() - started) * 1000)
    return {"schouw_pdf_ms": round(timings[-1], 1), "schouw_pdf_target_ms": PDF_TARGET_MS}
