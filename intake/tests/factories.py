"""Factories of the intake. ``IntakeFactory`` makes an idea with the initiatieventeam (step triage);
``Route`` takes one through the real services to any later step, with the people of each role."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from intake import figures, services
from intake.models import Intake, StepPeriod
from reisgids import roles
from reisgids.models import Organisation
from reisgids.tests.factories import ContactPointFactory, MembershipFactory, OrganisationFactory, UserFactory


def role_user(group, **kwargs):
    """A user who holds the role ``group`` (a group name of reisgids.roles)."""
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get_or_create(name=group)[0])
    return user


def official(**kwargs):
    return role_user(roles.CIVIL_SERVANTS_GROUP, **kwargs)


class IntakeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Intake
        skip_postgeneration_save = True

    initiator = factory.SubFactory(UserFactory)
    email = factory.LazyAttribute(lambda o: o.initiator.email if o.initiator else "idee@example.nl")
    name = factory.LazyAttribute(lambda o: o.initiator.get_full_name() if o.initiator else "Anoniem")
    title = factory.Sequence(lambda n: f"Idee {n:04}")
    what = "Een huiskamer voor mantelzorgers in de wijk."
    for_whom = "Mantelzorgers in Bospolder"
    needs = "Een ruimte en een klein budget"
    brings = "Vrijwilligers en een netwerk"
    status = Intake.Status.TRIAGE
    holder_role = roles.INITIATIVE_TEAM_GROUP

    @factory.post_generation
    def period(obj, create, extracted, **kwargs):
        if create:
            StepPeriod.objects.create(intake=obj, status=obj.status, started_at=timezone.now())
            figures.refresh([obj.status])  # as the service that sends an idea in


def _free(name):
    """``name``, or ``name 2``, ``name 3``… when a route made earlier in the test has it."""
    taken = Organisation.objects.filter(name__startswith=name).count()
    return f"{name} {taken + 1}" if taken else name


class Route:
    """The people around one idea, and the steps through the services: ``Route().to("decision")``."""

    def __init__(self, *, amount=Decimal("30000"), organisation=True, **intake_fields):
        self.initiator = UserFactory(first_name="Ilse", last_name="Initiatief")
        self.organisation = OrganisationFactory(name=_free("Buurtkamer Bospolder")) if organisation else None
        if self.organisation is not None:
            MembershipFactory(user=self.initiator, organisation=self.organisation, beheerder=True)
        self.gemeente = OrganisationFactory(
            gemeente=True, name=_free("Cluster Maatschappelijke Ontwikkeling")
        )
        self.team = role_user(roles.INITIATIVE_TEAM_GROUP, first_name="Tessa", last_name="Team")
        self.contact = official(first_name="Chris", last_name="Contact")
        self.contact_point = ContactPointFactory(
            organisation=self.gemeente, user=self.contact, name="Chris Contact", function="Vakambtenaar"
        )
        self.colleague = official(first_name="Anna", last_name="Ambtenaar")
        self.guide = role_user(roles.PROCESS_GUIDES_GROUP, first_name="Peter", last_name="Proces")
        self.advisor = role_user(roles.ADVISORY_PLATFORM_GROUP, first_name="Ada", last_name="Advies")
        self.second = role_user(roles.SECOND_OPINION_GROUP, first_name="Sam", last_name="Second")
        self.wethouder = role_user(roles.WETHOUDERS_GROUP, first_name="Wim", last_name="Wethouder")
        self.team_lead = role_user(roles.TEAM_LEADS_GROUP, first_name="Lea", last_name="Teamleider")
        self.amount = amount
        self.intake = IntakeFactory(initiator=self.initiator, organisation=self.organisation, **intake_fields)

    def refresh(self):
        self.intake.refresh_from_db()
        return self.intake

    def assign(self):
        services.intake_assign_contact(
            intake=self.intake, actor=self.team, route=Intake.Route.COOPERATE, contact_person=self.contact
        )
        services.intake_attach_guide(intake=self.intake, actor=self.team, guide=self.guide)
        return self.refresh()

    def meet(self):
        if self.refresh().status == Intake.Status.TRIAGE:
            self.assign()
        services.intake_plan_meeting(
            intake=self.intake,
            actor=self.contact,
            starts_at=timezone.now() + datetime.timedelta(days=7),
            duration_minutes=90,
            place="Wijkhuis Bospolder",
            attendees=[self.colleague],
        )
        return self.refresh()

    def plan(self):
        self.meet()
        services.plan_update(
            intake=self.intake,
            actor=self.initiator,
            fields={"plan_task": "Een huiskamer voor mantelzorgers", "plan_costs": "Huur en koffie"},
            amount_eur=self.amount,
        )
        services.plan_submit(intake=self.intake, actor=self.initiator)
        return self.refresh()

    def advise(self):
        self.plan()
        services.intake_advise(intake=self.intake, actor=self.advisor, text="Goed plan.", recommend=True)
        return self.refresh()

    def decision(self):
        self.advise()
        services.intake_answer_advice(intake=self.intake, actor=self.initiator, agree=True)
        return self.refresh()

    def decider(self):
        return self.wethouder if self.refresh().decision_maker == "wethouder" else self.team_lead

    def approved(self):
        self.decision()
        services.intake_decide(intake=self.intake, actor=self.decider(), approve=True, reasons="Akkoord.")
        return self.refresh()

    def to(self, step):
        return getattr(self, step)()
