import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from django.test import Client

from reisgids.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def editor(with_totp):
    user = UserFactory(verified=True)
    user.groups.add(Group.objects.get(name="Contentbeheerders"))
    if with_totp:
        TOTP.activate(user, generate_totp_secret())
    client = Client()
    client.force_login(user)
    return client


def test_anonymous_admin_visitor_goes_to_the_allauth_login(client):
    response = client.get("/beheer/snippets/reisgids/instrument/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/beheer/snippets/reisgids/instrument/"


def test_wagtail_login_page_sends_to_the_allauth_login(client):
    response = client.get("/beheer/login/?next=/beheer/pages/")
    assert response["Location"] == "/accounts/login/?next=/beheer/pages/"


def test_admin_user_without_totp_gets_dutch_guidance():
    response = editor(with_totp=False).get("/beheer/")
    html = response.content.decode()
    assert response.status_code == 403
    assert "Tweestapsverificatie" in html
    assert 'href="/accounts/2fa/totp/activate/"' in html


def test_admin_user_with_totp_reaches_the_admin():
    response = editor(with_totp=True).get("/beheer/snippets/reisgids/instrument/")
    assert response.status_code == 200


def test_non_admin_users_are_unaffected():
    client = Client()
    client.force_login(UserFactory(verified=True))
    assert client.get("/accounts/profiel/").status_code == 200
    assert client.get("/").status_code == 200
    response = client.get("/beheer/pages/")
    # Refused outright: not the 2FA page, and no redirect to a login that sends them back (a loop)
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()


def test_admin_user_without_totp_can_still_use_the_public_site():
    client = editor(with_totp=False)
    assert client.get("/accounts/profiel/").status_code == 200
    # the set-up page asks for the password again first (allauth's reauthentication)
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
