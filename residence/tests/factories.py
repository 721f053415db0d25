"""factory_boy factories for the residencies; one trait per state.

``ResidencyFactory()`` is an active residency in a running deal: the resident is a member of the
trekker (home partner) and resides at a second accepted partner (host partner).
``ResidencyFactory(planned=True)`` waits for confirmation."""

import datetime

import factory
from django.utils import timezone

from deals.models import DealPartner
from deals.tests.factories import DealFactory, DealPartnerFactory
from reisgids.tests.factories import MembershipFactory, OrganisationFactory
from residence.models import Activity, Concern, ConcernReminder, LogEntry, Residency, Response


def _trekker_organisation(residency):
    return residency.deal.partners.get(role=DealPartner.Role.TREKKER).organisation


def _host_organisation(residency):
    return DealPartnerFactory(
        deal=residency.deal, organisation=OrganisationFactory(gemeente=True)
    ).organisation


class ResidencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Residency

    deal = factory.SubFactory(DealFactory, running=True)
    home_partner = factory.LazyAttribute(_trekker_organisation)
    host_partner = factory.LazyAttribute(_host_organisation)
    person = factory.LazyAttribute(lambda o: MembershipFactory(organisation=o.home_partner).user)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    time_amount = 8
    time_unit = "uren"
    functions = factory.LazyFunction(lambda: ["signaleren", "bemiddelen"])
    openness = "Ziet de wijkplanning; deelt niets over individuele bewoners."
    status = Residency.Status.ACTIVE
    home_confirmed_at = factory.LazyFunction(timezone.now)
    host_confirmed_at = factory.LazyFunction(timezone.now)

    class Params:
        planned = factory.Trait(
            status=Residency.Status.PLANNED, home_confirmed_at=None, host_confirmed_at=None
        )
        ended = factory.Trait(status=Residency.Status.ENDED, end_note="Afgerond volgens plan.")


class LogEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LogEntry

    residency = factory.SubFactory(ResidencyFactory)
    author = factory.LazyAttribute(lambda o: o.residency.person)
    date = factory.LazyFunction(timezone.localdate)
    kind = LogEntry.Kind.OBSERVATION
    text = factory.Sequence(lambda n: f"Logregel {n}: gesprek met het wijkteam.")
    visibility = LogEntry.Visibility.ALL

    class Params:
        pair_only = factory.Trait(visibility=LogEntry.Visibility.PAIR)


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response

    entry = factory.SubFactory(LogEntryFactory)
    author = factory.LazyAttribute(
        lambda o: MembershipFactory(organisation=o.entry.residency.host_partner).user
    )
    organisation = factory.LazyAttribute(lambda o: o.entry.residency.host_partner)
    text = "Goed punt, we pakken het op."


class ConcernFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Concern

    residency = factory.SubFactory(ResidencyFactory)
    deal = factory.LazyAttribute(lambda o: o.residency.deal)
    title = factory.Sequence(lambda n: f"Knelpunt {n}")
    severity = Concern.Severity.PROBLEM
    owner = factory.LazyAttribute(lambda o: o.residency.host_partner)
    raised_by = factory.LazyAttribute(lambda o: o.residency.person)

    class Params:
        handrem = factory.Trait(severity=Concern.Severity.HANDREM)
        closed = factory.Trait(
            status=Concern.Status.CLOSED,
            resolution="Samen opgelost.",
            closed_at=factory.LazyFunction(timezone.now),
        )
        old = factory.Trait(
            raised_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=20))
        )


class ConcernReminderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConcernReminder

    concern = factory.SubFactory(ConcernFactory)
    week = "2026-W01"


class ActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activity
        skip_postgeneration_save = True

    residency = factory.SubFactory(ResidencyFactory)
    kind = Activity.Kind.WORKSHOP
    title = factory.Sequence(lambda n: f"Workshop samen ontwikkelen {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    place = "Buurthuis De Put"
    is_public = True
    created_by = factory.LazyAttribute(lambda o: o.residency.person)
