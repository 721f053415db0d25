"""factory_boy factories for the marktplaats; one trait per state."""

import datetime

import factory
from django.utils import timezone

from marktplaats.models import Conversation, Listing, Message, VoucherClaim
from reisgids.tests.factories import MembershipFactory, OrganisationFactory, UserFactory


class ListingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Listing
        skip_postgeneration_save = True

    kind = Listing.Kind.VRAAG
    category = Listing.Category.SUBSIDIE
    title = factory.Sequence(lambda n: f"Hulp gezocht {n}")
    description = "We zoeken iemand die ons helpt."
    organisation = factory.SubFactory(OrganisationFactory)
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))

    class Params:
        aanbod = factory.Trait(kind=Listing.Kind.AANBOD)
        filled = factory.Trait(status=Listing.Status.INGEVULD)
        expired = factory.Trait(status=Listing.Status.VERLOPEN)
        withdrawn = factory.Trait(status=Listing.Status.INGETROKKEN)

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


class ConversationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Conversation

    listing = factory.SubFactory(ListingFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    conversation = factory.SubFactory(ConversationFactory)
    sender = factory.SubFactory(UserFactory)
    sender_organisation = factory.LazyAttribute(lambda o: o.conversation.organisation)
    body = "Wij kunnen helpen."


class VoucherClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VoucherClaim

    listing = factory.SubFactory(ListingFactory, aanbod=True, vouchers_total=5)
    organisation = factory.SubFactory(OrganisationFactory)
    claimed_by = factory.SubFactory(UserFactory)


def member_of(organisation, **kwargs):
    return MembershipFactory(organisation=organisation, **kwargs).user
