"""Schouwen for tests, made through the services so every phase holds what that phase needs.

``running_deal(partners=3)`` is a deal in progress whose partners each have inbreng and one member;
``schouw_in(phase, deal=...)`` a schouw of it moved to ``phase`` by an ambtenaar, with the meetlat
confirmed, an appraisal per member (and, from the bespreking on, one by an invited
ervaringsdeskundige), a bespreking and a lesson as the phase requires."""

import datetime

from django.contrib.auth.models import Group
from django.utils import timezone

from deals.models import DealPartner
from deals.tests.factories import ContributionFactory, DealFactory, DealPartnerFactory
from reisgids.roles import CIVIL_SERVANTS_GROUP
from reisgids.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from schouw import services
from schouw.models import Criterion, Lesson, Participant, Schouw

Ph = Schouw.Phase
ORDER = [Ph.PLANNED, Ph.OPEN, Ph.MEETLAT, Ph.APPRAISAL, Ph.DISCUSSION, Ph.REPORT, Ph.PUBLISHED]


def civil_servant(**fields):
    user = UserFactory(verified=True, **fields)
    user.groups.add(Group.objects.get_or_create(name=CIVIL_SERVANTS_GROUP)[0])
    return user


def running_deal(*, partners=3, title=None, members_per_partner=1):
    """A deal in progress with ``partners`` accepted partners (the trekker among them), each with
    inbreng; returns the deal and {organisation id: [members]}."""
    deal = DealFactory(running=True, **({"title": title} if title else {}))
    rows = [deal.partners.get()]
    rows += [DealPartnerFactory(deal=deal, organisation=OrganisationFactory()) for _ in range(partners - 1)]
    members = {}
    for row in rows:
        ContributionFactory(partner=row, description=f"Inbreng van {row.organisation.name}")
        members[row.organisation_id] = [
            MembershipFactory(organisation=row.organisation).user for _ in range(members_per_partner)
        ]
    return deal, members


def first_members(members):
    return [users[0] for users in members.values()]


def trekker_member(deal, members):
    trekker = DealPartner.objects.get(deal=deal, role=DealPartner.Role.TREKKER)
    return members[trekker.organisation_id][0]


def schouw_in(phase, *, deal=None, members=None, actor=None, title="Schouw najaar", kind=None, deals=()):
    """A schouw moved to ``phase`` through the services. Returns schouw, actor, deal, members. With
    ``kind`` a peer review or college tour linked to ``deals`` (their partners take part; ``members``
    then holds the members of all of them), and ``deal`` None."""
    if deal is None and not kind:
        deal, members = running_deal()
    actor = actor or civil_servant()
    schouw = services.schouw_create(
        actor=actor,
        title=title,
        planned_for=timezone.localdate() + datetime.timedelta(days=7),
        **({"kind": kind, "deals": list(deals)} if kind else {"deal": deal}),
    )
    target = ORDER.index(phase)
    people = first_members(members or {})
    steps = [
        (Ph.OPEN, lambda: services.schouw_open(schouw=schouw, actor=actor)),
        (Ph.MEETLAT, lambda: services.schouw_to_meetlat(schouw=schouw, actor=actor)),
        (Ph.APPRAISAL, lambda: _confirm_all_and_appraise(schouw, actor, members)),
        (Ph.DISCUSSION, lambda: _appraise_and_discuss(schouw, actor, people)),
        (Ph.REPORT, lambda: _discuss_and_report(schouw, actor, people)),
        (Ph.PUBLISHED, lambda: _write_and_publish(schouw, actor, people)),
    ]
    for reached, step in steps:
        if ORDER.index(reached) > target:
            break
        step()
    schouw.refresh_from_db()
    return schouw, actor, deal, members


def _confirm_all_and_appraise(schouw, actor, members):
    for partner in schouw.partners.all():
        services.meetlat_confirm(partner=partner, actor=members[partner.organisation_id][0])
    services.schouw_to_appraisal(schouw=schouw, actor=actor)


def _appraise_and_discuss(schouw, actor, people):
    ids = list(Criterion.objects.filter(partner__schouw=schouw).values_list("pk", flat=True))
    for number, person in enumerate(people):
        services.appraisal_save(
            schouw=schouw, actor=person, entries={pk: (f"Goed samengewerkt ({number})", 3) for pk in ids}
        )
    # the bespreking needs an outsider's fresh eye: an ervaringsdeskundige appraises through its link
    outsider, _link = services.participant_invite(
        schouw=schouw,
        actor=actor,
        kind=Participant.Kind.EXPERT,
        name="Eva Ervaring",
        email=f"eva-{schouw.pk}@example.org",
    )
    services.appraisal_save(
        schouw=schouw, participant=outsider, entries={ids[0]: ("Ik voelde me welkom in de buurt.", 3)}
    )
    services.schouw_to_discussion(schouw=schouw, actor=actor)


def _discuss_and_report(schouw, actor, people):
    services.discussion_save(
        schouw=schouw,
        actor=people[0],
        fields={"goes_well": "De buurt weet ons te vinden.", "next_steps": "Opschalen naar Charlois."},
    )
    services.lesson_add(
        schouw=schouw,
        actor=people[0],
        title="Kleine percelen werken",
        text="Kleine initiatieven passen niet in grote aanbestedingen.",
        kind=Lesson.Kind.SYSTEM,
    )
    services.schouw_to_report(schouw=schouw, actor=actor)


def _write_and_publish(schouw, actor, people):
    services.report_save(schouw=schouw, actor=people[0], summary="Een rijk beeld van de samenwerking.")
    services.schouw_publish(schouw=schouw, actor=actor)
