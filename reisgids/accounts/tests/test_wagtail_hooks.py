"""Deleting a user in /beheer/ (Wagtail's user admin): refused while they are an organisation's only
beheerder, allowed once another member manages it; afterwards the audit no longer names them."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from reisgids import services as core_services
from reisgids.models import User
from reisgids.tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = UserFactory(verified=True, is_staff=True, is_superuser=True)
    TOTP.activate(admin, generate_totp_secret())
    client.force_login(admin)
    return client


def test_deleting_the_only_beheerder_in_beheer_is_refused_with_a_dutch_message(admin_client):
    membership = MembershipFactory(beheerder=True)
    MembershipFactory(organisation=membership.organisation)
    url = reverse("wagtailusers_users:delete", args=[membership.user.pk])

    response = admin_client.post(url, follow=True)

    assert User.objects.filter(pk=membership.user.pk).exists()
    html = response.content.decode()
    assert "enige beheerder van" in html and membership.organisation.name in html


def test_deleting_a_beheerder_with_a_successor_in_beheer_is_allowed_and_forgets_them(admin_client):
    membership = MembershipFactory(beheerder=True)
    MembershipFactory(organisation=membership.organisation, beheerder=True)
    person = membership.user
    person.email, person.first_name, person.last_name = "weg@example.nl", "Fatima", "El Amrani"
    person.save()
    core_services.membership_request(organisation=OrganisationFactory(), user=person)
    assert ModelLogEntry.objects.filter(label__contains="Fatima El Amrani").exists()

    response = admin_client.post(reverse("wagtailusers_users:delete", args=[person.pk]))

    assert response.status_code == 302
    assert not User.objects.filter(pk=person.pk).exists()
    assert not ModelLogEntry.objects.filter(label__icontains="El Amrani").exists()
    assert not ModelLogEntry.objects.filter(label__icontains="weg@example.nl").exists()


def test_deactivating_users_in_bulk_in_beheer_signs_them_out_at_once(admin_client):
    person = UserFactory()
    member = Client()
    member.force_login(person)
    assert member.get("/accounts/profiel/").status_code == 200  # the user is cached now
    url = reverse("wagtail_bulk_action", args=("reisgids", "user", "set_active_state"))

    response = admin_client.post(f"{url}?id={person.pk}", {"mark_as_active": "False"})

    assert response.status_code == 302
    assert not User.objects.get(pk=person.pk).is_active
    assert member.get("/accounts/profiel/").status_code == 302
