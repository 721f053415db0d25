# ruff: noqa: E501 - long Dutch sentences
"""Demo data of the kompas (found by ``seed_demo`` as ``seed_kompas``; run after the atlas demo): the
bestuur demo user in the group Bestuur (it can open proposals and decide), the partner demo user as
kompas editor (a partner, not a gemeente employee), a period with four proposals in different states
(one adopted with two monitoring updates, one on the agenda of the college for the bestuur to decide),
the priorities of the period and one archived report of the previous period. Idempotent: proposals
are keyed on their slug, the report on its period."""

import datetime

from django.db import transaction
from django.utils import timezone

from atlas.demo import seed_atlas
from atlas.models import LessonPage
from kompas import services
from kompas.models import Gremium, MonitoringUpdate, Period, Proposal, Report, Review
from reisgids import roles
from reisgids.demo import _demo_email
from reisgids.models import Organisation, Theme, User

P = Proposal.Status

PROPOSALS = [
    (
        "kleine-percelen-in-de-aanbesteding-welzijn",
        "Kleine percelen in de aanbesteding welzijn",
        Proposal.Kind.PROCUREMENT,
        P.ADOPTED,
        ["werk-met-kleine-percelen", "de-gemeente-is-niet-de-gemeente"],
        ["wmo-radar", "zorgvrijstaat-west"],
    ),
    (
        "een-loket-voor-subsidie-en-inkoop",
        "Eén loket voor subsidie en inkoop",
        Proposal.Kind.SUBSIDY,
        P.SCHEDULED,
        ["initiatieven-zoeken-meer-dan-geld"],
        ["zorgzaam010"],
    ),
    (
        "ruimte-voor-experimenten-in-het-beleid",
        "Ruimte voor experimenten in het beleid",
        Proposal.Kind.POLICY,
        P.OPEN,
        ["ruimte-voor-blunders-en-bonje"],
        ["humanitas-rotterdam"],
    ),
    (
        "vaste-aanspreekpunten-voor-verwijzers",
        "Vaste aanspreekpunten voor verwijzers",
        Proposal.Kind.BOUNDARIES,
        P.REJECTED,
        ["verwijzers-moeten-je-kennen"],
        ["logeerhuis-de-buren"],
    ),
]


def _user(local):
    return User.objects.get(email=_demo_email(local))


@transaction.atomic
def seed_kompas():
    if not LessonPage.objects.filter(slug="werk-met-kleine-percelen").exists():
        seed_atlas()
    board, editor = _user("bestuur"), _user("partner")
    roles.grant(board, roles.BOARD_GROUP)
    roles.grant(editor, roles.KOMPAS_EDITORS_GROUP)
    today = timezone.localdate()
    gremium = Gremium.objects.filter(name__icontains="College").first() or Gremium.objects.create(
        name="College van B&W"
    )
    created = 0
    for slug, title, kind, state, lessons, organisations in PROPOSALS:
        if Proposal.objects.filter(slug=slug).exists():
            continue
        created += 1
        proposal = services.proposal_create(
            actor=editor,
            title=title,
            kind=kind,
            problem="De lessen laten zien dat de huidige regels kleine initiatieven buitensluiten.",
            change=f"{title}: de regel verandert met ingang van de volgende ronde.",
            intended_effect="Kleine en grote partijen werken op gelijke voet samen.",
            lessons=list(LessonPage.objects.filter(slug__in=lessons)),
            organisations=list(Organisation.objects.filter(slug__in=organisations)),
            themes=list(Theme.objects.filter(slug="eenzaamheid")),
        )
        Proposal.objects.filter(pk=proposal.pk).update(slug=slug)
        proposal.refresh_from_db()
        proposal = services.proposal_submit(proposal=proposal, actor=editor)
        if state == P.OPEN:
            continue
        proposal = services.proposal_schedule(
            proposal=proposal, actor=editor, gremium=gremium, meeting_date=today + datetime.timedelta(days=14)
        )
        if state == P.SCHEDULED:
            continue
        extra = {}
        if state == P.ADOPTED:
            extra = {
                "measure": "Vanaf de volgende aanbesteding welzijn zijn er percelen tot € 50.000.",
                "indicator": "Aandeel kleine aanbieders in de aanbesteding welzijn",
                "owner": board,
                "review_dates": [today + datetime.timedelta(days=90), today + datetime.timedelta(days=180)],
            }
        proposal = services.proposal_decide(
            proposal=proposal,
            actor=board,
            decision=state,
            reasoning="Het bestuur volgt de lessen uit de schouw; zie de toelichting bij het besluit.",
            **extra,
        )
        if state == P.ADOPTED:
            measure = proposal.measures.get()
            for days, value in ((40, "12%"), (10, "18%")):
                update = MonitoringUpdate.objects.create(
                    measure=measure, date=today - datetime.timedelta(days=days), value=value, author=board
                )
                review = (
                    Review.objects.filter(measure=measure, answered_by__isnull=True).order_by("due").first()
                )
                if review is not None and days == 10:
                    review.answered_by = update
                    review.save(update_fields=["answered_by"])
    period = services.period_for(today)
    loneliness = Theme.objects.filter(slug="eenzaamheid").first()
    if loneliness is not None and not period.priorities.exists():
        services.priorities_set(
            period=period,
            actor=editor,
            items=[
                (
                    loneliness,
                    "Eenzaamheid kwam in de schouw het vaakst terug; kleine initiatieven bereiken wie niemand anders bereikt.",
                    list(Proposal.objects.filter(slug=PROPOSALS[0][0])),
                )
            ],
        )
    previous = services.period_for(period.start - datetime.timedelta(days=1))
    if not Report.objects.filter(period=previous).exists():
        services.report_generate(period=previous)
    return {"proposals": created, "periods": Period.objects.count()}
