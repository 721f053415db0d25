"""/accounts/profiel/ is kept per user: a warm request runs no query, and what it shows follows every
change of what it shows (the name, the settings, the organisations and their names, the role, the
two-step verification), with each visitor's own CSRF token in its forms."""

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from reisgids.models import Membership, Organisation
from reisgids.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from reisgids.tests.helpers import client_for, warm_queries

pytestmark = pytest.mark.django_db

URL = "/accounts/profiel/"


def page(client):
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def test_a_warm_profile_runs_no_query():
    user = MembershipFactory(user__verified=True).user
    assert warm_queries(client_for(user), URL) == []


def test_the_kept_profile_follows_every_change_it_shows():
    membership = MembershipFactory(user__verified=True, organisation__name="Buurtkracht")
    user, client = membership.user, client_for(membership.user)
    assert "Buurtkracht" in page(client) and "Tweestapsverificatie</a>: uit" in page(client)

    organisation = Organisation.objects.get(pk=membership.organisation_id)
    organisation.name = "Buurtkracht Noord"
    organisation.save()
    assert "Buurtkracht Noord" in page(client)

    MembershipFactory(user=user, organisation=OrganisationFactory(name="Wijkkeuken"))
    assert "Wijkkeuken" in page(client)

    Membership.objects.get(pk=membership.pk).delete()
    html = page(client)
    assert "Buurtkracht Noord" not in html and "Wijkkeuken" in html

    TOTP.activate(user, generate_totp_secret())
    assert "Tweestapsverificatie</a>: aan" in page(client)

    user.first_name = "Fatima"
    user.save()
    assert 'value="Fatima"' in page(client)


def test_each_visitor_gets_their_own_csrf_token_and_nobody_elses_profile():
    first = UserFactory(verified=True, first_name="Anna")
    second = UserFactory(verified=True, first_name="Bram")
    html_first, html_second = page(client_for(first)), page(client_for(second))
    assert 'value="Anna"' in html_first and "Bram" not in html_first
    assert 'value="Bram"' in html_second and "Anna" not in html_second
    token = 'name="csrfmiddlewaretoken" value="'
    assert token in html_first and "\x00" not in html_first
    assert client_for(None).get(URL).status_code == 302


def test_a_form_with_errors_is_not_kept():
    user = UserFactory(verified=True, first_name="Anna")
    client = client_for(user)
    page(client)
    response = client.post(URL, {"first_name": "x" * 200, "notification_preference": "direct"})
    html = response.content.decode()
    assert response.status_code == 200 and "x" * 200 in html
    assert "<title>Fout: " in html
    assert 'value="Anna"' in page(client)
