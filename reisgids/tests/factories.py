"""factory_boy factories for the core. Other apps import these; one trait per state."""

import factory
from allauth.account.models import EmailAddress
from django.utils.text import slugify

from reisgids.models import (
    Area,
    ContactPoint,
    Instrument,
    JoinRequest,
    Membership,
    Neighbourhood,
    Organisation,
    Theme,
    User,
)

PASSWORD = "Wachtwoord-voor-tests-42"


class UserFactory(factory.django.DjangoModelFactory):
    """A user with the password ``PASSWORD``. Use ``verified=True`` for a user who can log in
    through allauth (a primary, verified ``EmailAddress``)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"gebruiker{n}@example.nl")
    first_name = factory.Faker("first_name", locale="nl_NL")
    last_name = factory.Faker("last_name", locale="nl_NL")
    password = factory.django.Password(PASSWORD)

    class Params:
        verified = factory.Trait(
            email_address=factory.RelatedFactory(
                "reisgids.tests.factories.EmailAddressFactory", factory_related_name="user"
            )
        )


class EmailAddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmailAddress

    user = factory.SubFactory(UserFactory)
    email = factory.LazyAttribute(lambda o: o.user.email)
    verified = True
    primary = True


class AreaFactory(factory.django.DjangoModelFactory):
    """Migration 0002 already holds Rotterdam's gebieden; prefer ``Area.objects.get(slug=...)``."""

    class Meta:
        model = Area
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Gebied {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class NeighbourhoodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Neighbourhood
        django_get_or_create = ("slug",)

    area = factory.SubFactory(AreaFactory)
    name = factory.Sequence(lambda n: f"Wijk {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class ThemeFactory(factory.django.DjangoModelFactory):
    """Get-or-create by slug, so ``ThemeFactory(name="Mantelzorg")`` reuses the seeded theme."""

    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Thema {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    description = factory.Faker("sentence", locale="nl_NL")


class OrganisationFactory(factory.django.DjangoModelFactory):
    """An organisation. ``OrganisationFactory(areas=[...], themes=[...], neighbourhoods=[...])``
    sets the many-to-many fields."""

    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    kind = Organisation.Kind.INITIATIEF
    name = factory.Sequence(lambda n: f"Organisatie {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    summary = factory.Faker("sentence", locale="nl_NL")
    description = factory.Faker("paragraph", locale="nl_NL")

    class Params:
        gemeente = factory.Trait(kind=Organisation.Kind.GEMEENTE)
        with_public_contact = factory.Trait(
            contact_email=factory.LazyAttribute(lambda o: f"info@{o.slug}.example.nl"),
            contact_phone="010 123 45 67",
            show_contact=True,
        )

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.areas.set(extracted)

    @factory.post_generation
    def neighbourhoods(self, create, extracted, **kwargs):
        if create and extracted:
            self.neighbourhoods.set(extracted)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


class MembershipFactory(factory.django.DjangoModelFactory):
    """A membership as ``lid``; ``MembershipFactory(beheerder=True)`` for a manager."""

    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory, verified=True)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.LID

    class Params:
        beheerder = factory.Trait(role=Membership.Role.BEHEERDER)


class JoinRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JoinRequest

    user = factory.SubFactory(UserFactory, verified=True)
    organisation = factory.SubFactory(OrganisationFactory)
    motivation = factory.Faker("sentence", locale="nl_NL")
    status = JoinRequest.Status.PENDING


class ContactPointFactory(factory.django.DjangoModelFactory):
    """An aanspreekpunt at a gemeente department. Pass ``themes=[...]`` / ``areas=[...]``."""

    class Meta:
        model = ContactPoint
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory, gemeente=True)
    name = factory.Faker("name", locale="nl_NL")
    function = "Beleidsadviseur"
    approach_for = factory.Faker("sentence", locale="nl_NL")
    email = factory.Sequence(lambda n: f"aanspreekpunt{n}@rotterdam.example.nl")
    phone = "14 010"
    availability = "Maandag tot en met donderdag, 9.00–17.00 uur"

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.areas.set(extracted)


class InstrumentFactory(factory.django.DjangoModelFactory):
    """A beleidsinstrument owned by a gemeente department. Pass ``themes=[...]``."""

    class Meta:
        model = Instrument
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Instrument {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    owner = factory.SubFactory(OrganisationFactory, gemeente=True)
    summary = factory.Faker("sentence", locale="nl_NL")
    description = factory.Faker("paragraph", locale="nl_NL")
    offers_money = True

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)
