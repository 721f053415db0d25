"""Demo schouwen (``seed_demo`` runs ``seed_schouw()`` after the deals): one schouw in each phase on
the demo deals that can have one, and one published report with three lessons, which are drafts in
the lessons knowledge base; and a published peer review linked to two or three demo deals, whose
report is listed on each of their pages. Idempotent: keyed on the schouw's title; an existing demo
schouw is left as it is (people may have worked in it)."""

import datetime
import hashlib

from django.db import transaction
from django.utils import timezone

from deals.models import Deal, DealPartner
from reisgids.models import User
from schouw import services
from schouw.models import (
    Appraisal,
    Criterion,
    Lesson,
    Observation,
    Participant,
    Schouw,
    SchouwDeal,
    SchouwPartner,
)

Ph = Schouw.Phase
PHASES = [Ph.PLANNED, Ph.OPEN, Ph.MEETLAT, Ph.APPRAISAL, Ph.DISCUSSION, Ph.REPORT, Ph.PUBLISHED]
PEER_REVIEW_TITLE = "Demo-peer review: initiatieven in de wijk kijken bij elkaar"
PEER_REVIEW_DEALS = 3  # at most this many demo deals linked (two when there are only two)
AMBTENAAR = "ambtenaar@"  # the demo ambtenaar's address starts with this (reisgids.demo)

OBSERVATIONS = [
    ("Mantelzorgers komen terug en nemen een buur mee.", "positief", "onverwacht"),
    ("Op zondag is het buurthuis soms nog dicht.", "negatief", "verwacht"),
    ("Huisartsen verwijzen vaker door dan we dachten.", "positief", "onverwacht"),
]
LESSONS = [
    (
        "Begin met één vaste plek",
        "Een vaste plek in de wijk maakt het voor bewoners makkelijk om aan te sluiten.",
        Lesson.Kind.CONTENT,
    ),
    (
        "Spreek de rol van de gemeente vooraf af",
        "Als de gemeente partner is, helpt het om vooraf te zeggen wat zij wel en niet beslist.",
        Lesson.Kind.COLLABORATION,
    ),
    (
        "Kleine subsidies vragen lichte verantwoording",
        "De verantwoording van een kleine subsidie kost initiatieven nu meer tijd dan het geld waard is.",
        Lesson.Kind.SYSTEM,
    ),
]


def _actor():
    return User.objects.filter(email__startswith=AMBTENAAR).order_by("pk").first()


def _seed_peer_review(deals, actor):
    """A published peer review of the partners of two or three demo deals, linked to those deals.
    Its lessons stay with the schouw (the demo's three lesson drafts come from the schouw above)."""
    linked = deals[:PEER_REVIEW_DEALS]
    if len(linked) < 2 or Schouw.objects.filter(title=PEER_REVIEW_TITLE, is_demo=True).exists():
        return 0
    rows = {}
    for deal in linked:
        for row in deal.partners.all():
            if row.status == DealPartner.Status.ACCEPTED:
                rows.setdefault(row.organisation_id, []).append(row)
    if len(rows) < 2:
        return 0
    schouw = Schouw.objects.create(
        title=PEER_REVIEW_TITLE,
        kind=Schouw.Kind.PEER_REVIEW,
        phase=Ph.PUBLISHED,
        planned_for=timezone.localdate() - datetime.timedelta(days=60),
        setting="Elk initiatief ontvangt de andere een middag op de eigen plek.",
        coordinator=actor,
        is_demo=True,
        report_summary=(
            "De initiatieven bezochten elkaar en zagen hoe verschillend ze met vrijwilligers werken.\n\n"
            "Wat ze van elkaar overnemen: een vaste plek, en de gemeente vroeg aan tafel."
        ),
        goes_well="Initiatieven leren sneller van elkaar dan van een handboek.",
        published_at=timezone.now() - datetime.timedelta(days=30),
    )
    SchouwDeal.objects.bulk_create(SchouwDeal(schouw=schouw, deal=deal) for deal in linked)
    for organisation_id, partner_rows in rows.items():
        partner = SchouwPartner.objects.create(
            schouw=schouw, organisation_id=organisation_id, meetlat_confirmed_at=timezone.now()
        )
        criterion = services._inbreng_criterion(partner_rows)
        criterion.partner = partner
        criterion.save()
    Observation.objects.create(
        schouw=schouw,
        author=actor,
        text=OBSERVATIONS[0][0],
        tone=OBSERVATIONS[0][1],
        expectation=OBSERVATIONS[0][2],
    )
    return 1


def _fill(schouw, phase, actor):
    """What the demo schouw holds in ``phase``: written directly, as seed data."""
    index = PHASES.index(phase)
    partners = list(schouw.partners.select_related("organisation"))
    if index >= PHASES.index(Ph.OPEN):
        Observation.objects.bulk_create(
            Observation(schouw=schouw, author=actor, text=text, tone=tone, expectation=expectation)
            for text, tone, expectation in OBSERVATIONS
        )
    for partner in partners:
        Criterion.objects.create(
            partner=partner, title="Bereikt de mensen voor wie de deal bedoeld is", position=1
        )
        if index >= PHASES.index(Ph.APPRAISAL):
            partner.meetlat_confirmed_at = timezone.now()
            partner.save(update_fields=["meetlat_confirmed_at"])
    if index >= PHASES.index(Ph.APPRAISAL):
        token = hashlib.sha256(f"demo-{schouw.pk}".encode()).hexdigest()
        peer = Participant.objects.create(
            schouw=schouw,
            kind=Participant.Kind.PEER,
            name="Demo Peer",
            email=f"peer-{schouw.pk}@example.org",
            token_hash=services.token_hash(token),
            expires_at=timezone.now() + datetime.timedelta(days=21),
            completed_at=timezone.now() if index > PHASES.index(Ph.APPRAISAL) else None,
        )
        if index > PHASES.index(Ph.APPRAISAL):
            Appraisal.objects.bulk_create(
                Appraisal(criterion=criterion, participant=peer, text="Warm contact met de buurt.", score=3)
                for criterion in Criterion.objects.filter(partner__schouw=schouw)
            )
    if index >= PHASES.index(Ph.REPORT):
        schouw.goes_well = "Bewoners vinden de weg naar de activiteiten."
        schouw.can_improve = "De afspraken over openingstijden op zondag."
        schouw.worth_sharing = "Buren als eerste aanspreekpunt werkt."
        schouw.next_steps = "Opschalen naar een tweede wijk."
        for partner in partners:
            partner.advice = "Blijf de buurt betrekken bij de planning."
            partner.save(update_fields=["advice"])
        for title, text, kind in LESSONS:
            Lesson.objects.create(schouw=schouw, title=title, text=text, kind=kind, author=actor)
    if index >= PHASES.index(Ph.PUBLISHED):
        from schouw.report import render_pdf

        schouw.report_summary = (
            "De partners werken als gelijken samen. Het initiatief brengt vertrouwen van bewoners, de "
            "gemeente ruimte in de regels en de welzijnsorganisatie kennis van vrijwilligers.\n\n"
            "Wat nog schuurt zijn de openingstijden op zondag; de partners spraken af dat te herzien."
        )
        schouw.published_at = timezone.now()
        schouw.report_pdf = render_pdf(schouw)
        services._draft_lessons(schouw, actor)
    schouw.save()


@transaction.atomic
def seed_schouw():
    actor = _actor()
    deals = list(
        Deal.objects.filter(is_demo=True, status__in=services.EVALUABLE)
        .order_by("slug")
        .prefetch_related("partners")
    )
    if not deals or actor is None:
        return {"schouwen": 0}
    created = 0
    today = timezone.localdate()
    for number, phase in enumerate(PHASES):
        deal = deals[number % len(deals)]
        title = f"Demo-schouw {number + 1}: {deal.title}"
        if Schouw.objects.filter(title=title, is_demo=True).exists():
            continue
        schouw = Schouw.objects.create(
            title=title,
            deal=deal,
            phase=phase,
            planned_for=today + datetime.timedelta(days=14 - 14 * number),
            setting=deal.schouw_setting or "In het buurthuis, met de partners en twee buitenstaanders.",
            reporter=deal.schouw_reporter,
            coordinator=actor,
            is_demo=True,
        )
        partners = [p for p in deal.partners.all() if p.status == DealPartner.Status.ACCEPTED]
        SchouwPartner.objects.bulk_create(
            SchouwPartner(schouw=schouw, organisation_id=p.organisation_id) for p in partners
        )
        for partner in schouw.partners.all():
            row = next(p for p in partners if p.organisation_id == partner.organisation_id)
            criterion = services._inbreng_criterion(row)
            criterion.partner = partner
            criterion.save()
        _fill(schouw, phase, actor)
        created += 1
    created += _seed_peer_review(deals, actor)
    return {"schouwen": created}
