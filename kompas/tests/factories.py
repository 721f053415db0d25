"""Kompas test data: people with a kompas role, and proposals in every state (``proposal(state=…)``)
made through the services, so each state is one the application can reach."""

import datetime

from django.utils import timezone

from atlas.models import LessonPage
from atlas.tests.factories import lesson_page
from kompas import services
from kompas.models import Gremium, Proposal
from reisgids import roles
from reisgids.tests.factories import MembershipFactory, OrganisationFactory, UserFactory


def editor(**fields):
    """A kompas editor: a partner (member of a zorgaanbieder), not a gemeente employee."""
    user = UserFactory(verified=True, **fields)
    MembershipFactory(user=user, organisation=OrganisationFactory(kind="zorgaanbieder"))
    roles.grant(user, roles.KOMPAS_EDITORS_GROUP)
    return user


def college():
    """The college van B&W (the data migration's bodies are gone after a transactional test's flush)."""
    return Gremium.objects.get_or_create(name="College van B&W", defaults={"order": 20})[0]


def board_member(**fields):
    user = UserFactory(verified=True, **fields)
    roles.grant(user, roles.BOARD_GROUP)
    return user


def member(organisation=None, **fields):
    membership = MembershipFactory(organisation=organisation or OrganisationFactory(), user__verified=True)
    return membership.user


def system_lessons(count=2, organisations=()):
    return [
        lesson_page(
            title=f"Systeemles {n}",
            kind=LessonPage.Kind.SYSTEM,
            source=LessonPage.Source.SCHOUW,
            organisations=organisations or [OrganisationFactory()],
        )
        for n in range(count)
    ]


def proposal(
    *,
    state=Proposal.Status.DRAFT,
    actor=None,
    lessons=None,
    title="Kleine percelen in de aanbesteding welzijn",
    **fields,
):
    actor = actor or editor()
    lessons = lessons or system_lessons()
    data = {
        "title": title,
        "kind": Proposal.Kind.PROCUREMENT,
        "problem": "Grote percelen sluiten kleine aanbieders uit.",
        "change": "Deel de aanbesteding welzijn op in kleine percelen.",
        "intended_effect": "Kleine initiatieven kunnen meedoen.",
        "lessons": lessons,
        "organisations": [OrganisationFactory()],
        **fields,
    }
    created = services.proposal_create(actor=actor, **data)
    if state == Proposal.Status.DRAFT:
        return created
    created = services.proposal_submit(proposal=created, actor=actor)
    if state == Proposal.Status.OPEN:
        return created
    gremium = college()
    meeting = timezone.localdate() + datetime.timedelta(days=14)
    created = services.proposal_schedule(proposal=created, actor=actor, gremium=gremium, meeting_date=meeting)
    if state == Proposal.Status.SCHEDULED:
        return created
    return decide(created, state)


def decide(proposal, decision, *, board=None):
    board = board or board_member()
    extra = {}
    if decision in Proposal.ADOPTED_STATUSES:
        extra = {
            "measure": "Kleine percelen vanaf de volgende aanbesteding.",
            "indicator": "Aandeel kleine aanbieders in de aanbesteding",
            "owner": board,
            "review_dates": [timezone.localdate() + datetime.timedelta(days=90)],
        }
    return services.proposal_decide(
        proposal=proposal, actor=board, decision=decision, reasoning="Past bij het beleid.", **extra
    )
