import pytest
from allauth.account.models import EmailAddress

from reisgids.models import Membership
from reisgids.tests.factories import (
    PASSWORD,
    ContactPointFactory,
    InstrumentFactory,
    MembershipFactory,
    OrganisationFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_verified_user_has_a_primary_verified_email_and_the_test_password():
    user = UserFactory(verified=True)
    assert EmailAddress.objects.filter(user=user, email=user.email, verified=True, primary=True).exists()
    assert user.check_password(PASSWORD)
    assert not EmailAddress.objects.filter(user=UserFactory()).exists()


def test_factories_set_many_to_many_fields_and_traits():
    theme = ThemeFactory(name="Mantelzorg")
    assert ThemeFactory(name="Mantelzorg") == theme
    organisation = OrganisationFactory(themes=[theme])
    assert list(organisation.themes.all()) == [theme]
    membership = MembershipFactory(beheerder=True, organisation=organisation)
    assert membership.role == Membership.Role.BEHEERDER
    assert ContactPointFactory(themes=[theme]).organisation.kind == "gemeente"
    assert list(InstrumentFactory(themes=[theme]).themes.all()) == [theme]
