"""factory_boy factories for deals; one trait per state.

``DealFactory()`` is a deal in verkennen with a trekker (``deal.partners`` holds it);
``DealFactory(closed=True)`` a closed deal, etc. ``DealPartnerFactory(deal=deal)`` adds an accepted
partner; ``ContributionFactory(partner=partner)`` its inbreng."""

import datetime

import factory
from django.utils import timezone
from django.utils.text import slugify

from deals.models import (
    Contribution,
    Deal,
    DealEvent,
    DealPartner,
    ExpectedResult,
    KickoffMoment,
    Milestone,
    Risk,
)
from reisgids.tests.factories import OrganisationFactory

S = Deal.Status


def _closed_at(deal):
    return timezone.now() - datetime.timedelta(days=30)


class DealFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deal
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Deal {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    goal = factory.Faker("paragraph", locale="nl_NL")
    idea = factory.Faker("paragraph", locale="nl_NL")
    status = S.EXPLORING
    trekker = factory.RelatedFactory(
        "deals.tests.factories.DealPartnerFactory", factory_related_name="deal", role=DealPartner.Role.TREKKER
    )

    class Params:
        idea_step = factory.Trait(status=S.IDEA)
        in_the_making = factory.Trait(
            status=S.IDEA, seeking_partners=True, seeking_text="Een woningcorporatie met ruimte in de wijk."
        )
        testing = factory.Trait(status=S.TESTING, test_method=Deal.TestMethod.ROLEPLAY)
        planning = factory.Trait(status=S.PLANNING)
        closed = factory.Trait(status=S.CLOSED, closed_at=factory.LazyAttribute(_closed_at))
        kickoff = factory.Trait(
            status=S.KICKOFF,
            closed_at=factory.LazyAttribute(_closed_at),
            kickoff_at=factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=7)),
            kickoff_place="Wijkcentrum",
        )
        running = factory.Trait(status=S.RUNNING, closed_at=factory.LazyAttribute(_closed_at))
        finished = factory.Trait(
            status=S.FINISHED,
            closed_at=factory.LazyAttribute(_closed_at),
            follow_up="We gaan door in Charlois.",
        )
        stopped = factory.Trait(status=S.STOPPED, stop_reason="De trekker had geen menskracht meer.")

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.areas.set(extracted)

    @factory.post_generation
    def neighbourhoods(self, create, extracted, **kwargs):
        if create and extracted:
            self.neighbourhoods.set(extracted)


class DealPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DealPartner

    deal = factory.SubFactory(DealFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = DealPartner.Role.PARTNER
    status = DealPartner.Status.ACCEPTED

    class Params:
        invited = factory.Trait(status=DealPartner.Status.INVITED)
        requested = factory.Trait(status=DealPartner.Status.REQUESTED)
        suggested = factory.Trait(status=DealPartner.Status.SUGGESTED)
        declined = factory.Trait(status=DealPartner.Status.DECLINED)
        confirmed = factory.Trait(confirmed_at=factory.LazyFunction(timezone.now))


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contribution

    partner = factory.SubFactory(DealPartnerFactory)
    kind = Contribution.Kind.KNOWLEDGE
    description = factory.Faker("sentence", locale="nl_NL")
    expectations = ""

    class Params:
        money = factory.Trait(kind=Contribution.Kind.MONEY, amount_eur=2500)
        people = factory.Trait(kind=Contribution.Kind.PEOPLE, hours=120)


class ExpectedResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpectedResult

    deal = factory.SubFactory(DealFactory)
    description = factory.Faker("sentence", locale="nl_NL")
    indicator = "40 mantelzorgers bereikt"


class RiskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Risk

    deal = factory.SubFactory(DealFactory)
    description = "Vrijwilligers haken af"
    mitigation = "Vaste coördinator en onkostenvergoeding"
    owner = "Trekker"


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    deal = factory.SubFactory(DealFactory)
    title = factory.Sequence(lambda n: f"Mijlpaal {n}")
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=60))


class KickoffMomentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KickoffMoment

    title = "Dealdag najaar"
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=40))
    place = "Stadhuis Rotterdam"


class DealEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DealEvent

    deal = factory.SubFactory(DealFactory)
    action = "deals.deal.update"


def ready_to_close(*, partners=2, **deal_kwargs):
    """A deal in plannen with ``partners`` accepted partners (trekker included), each with one
    confirmed contribution."""
    deal = DealFactory(planning=True, **deal_kwargs)
    members = list(deal.partners.all())
    for _ in range(partners - 1):
        members.append(DealPartnerFactory(deal=deal))
    for partner in members:
        ContributionFactory(partner=partner)
        partner.confirmed_at = timezone.now()
        partner.save(update_fields=["confirmed_at"])
    return deal
