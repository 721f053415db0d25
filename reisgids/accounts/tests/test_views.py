import json
import re

import pytest
from django.core import mail
from django.test import Client

from reisgids.models import Membership, User
from reisgids.tests.factories import PASSWORD, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    return UserFactory(verified=True, first_name="Fatima", last_name="El Amrani")


@pytest.fixture
def user_client(user):
    client = Client()
    client.force_login(user)
    return client


# --- profile ----------------------------------------------------------------------------------


def test_profile_refuses_anonymous(client):
    response = client.get("/accounts/profiel/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/profiel/"


def test_profile_shows_memberships_with_role_and_links(user, user_client):
    membership = MembershipFactory(user=user, beheerder=True)
    other = MembershipFactory()
    response = user_client.get("/accounts/profiel/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="/partijen/{membership.organisation.slug}/"' in html
    assert "Beheerder" in html
    assert other.organisation.name not in html
    for url in [
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/2fa/",
        "/accounts/profiel/verwijderen/",
    ]:
        assert f'href="{url}"' in html
    assert 'action="/accounts/profiel/mijn-gegevens/"' in html


@pytest.mark.parametrize("organisations", [1, 15])
def test_profile_runs_a_fixed_number_of_queries(
    user, user_client, organisations, django_assert_max_num_queries
):
    for _ in range(organisations):
        MembershipFactory(user=user)
    with django_assert_max_num_queries(12):
        assert user_client.get("/accounts/profiel/").status_code == 200


def test_profile_edit_saves(user, user_client):
    response = user_client.post(
        "/accounts/profiel/",
        {"first_name": "Fatma", "last_name": "Amrani", "notification_preference": "direct"},
        follow=True,
    )
    assert "Je profiel is opgeslagen." in response.content.decode()
    user.refresh_from_db()
    assert (user.first_name, user.last_name, user.notification_preference) == ("Fatma", "Amrani", "direct")


def test_profile_sets_the_language_of_notifications(user, user_client):
    html = user_client.get("/accounts/profiel/").content.decode()
    assert "Taal van de meldingen" in html
    assert 'name="language" value="nl"' in html and 'value="en"' in html
    data = {"first_name": "Fatma", "last_name": "Amrani", "notification_preference": "direct"}
    user_client.post("/accounts/profiel/", {**data, "language": "en"})
    user.refresh_from_db()
    assert user.language == "en"
    user_client.post("/accounts/profiel/", data)  # a form sent without a choice keeps it
    user.refresh_from_db()
    assert user.language == "en"
    response = user_client.post("/accounts/profiel/", {**data, "language": "de"})
    assert "id_language_error" in response.content.decode()
    user.refresh_from_db()
    assert user.language == "en"


def test_profile_edit_bad_input_shows_dutch_error_and_keeps_input(user, user_client):
    response = user_client.post(
        "/accounts/profiel/", {"first_name": "Fatma", "last_name": "", "notification_preference": "hourly"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "id_notification_preference_error" in html
    assert "Selecteer een geldige keuze" in html
    assert 'value="Fatma"' in html
    user.refresh_from_db()
    assert user.first_name == "Fatima"


def test_profile_escapes_user_text(user, user_client):
    User.objects.filter(pk=user.pk).update(first_name="<script>alert(1)</script>")
    html = user_client.get("/accounts/profiel/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


# --- download my data -------------------------------------------------------------------------


def test_export_refuses_anonymous_and_get(client, user_client):
    response = client.post("/accounts/profiel/mijn-gegevens/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert user_client.get("/accounts/profiel/mijn-gegevens/").status_code == 405


def test_export_downloads_my_json_only(user, user_client):
    other = UserFactory(verified=True)
    MembershipFactory(user=other)
    response = user_client.post("/accounts/profiel/mijn-gegevens/", {"user": other.pk, "email": other.email})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="mijn-gegevens-reisgids-')
    data = json.loads(response.content)
    assert data["profile"]["email"] == user.email
    assert other.email not in response.content.decode()


# --- delete my account ------------------------------------------------------------------------


def test_delete_refuses_anonymous(client):
    response = client.post("/accounts/profiel/verwijderen/", {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_delete_with_wrong_password_shows_dutch_error_and_changes_nothing(user, user_client):
    response = user_client.post("/accounts/profiel/verwijderen/", {"password": "fout", "confirm": "on"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "id_password_error" in html and "Dit wachtwoord klopt niet." in html
    user.refresh_from_db()
    assert user.is_active and user.anonymised_at is None


def test_delete_requires_the_confirmation_box(user, user_client):
    response = user_client.post("/accounts/profiel/verwijderen/", {"password": PASSWORD})
    assert "id_confirm_error" in response.content.decode()
    user.refresh_from_db()
    assert user.is_active


def test_delete_anonymises_logs_out_and_login_fails(user, user_client):
    email = user.email
    response = user_client.post(
        "/accounts/profiel/verwijderen/", {"password": PASSWORD, "confirm": "on"}, follow=True
    )
    assert "Je account is verwijderd." in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated
    user.refresh_from_db()
    assert user.anonymised_at is not None
    response = Client().post("/accounts/login/", {"login": email, "password": PASSWORD})
    assert response.status_code == 200
    assert "Het e-mailadres of het wachtwoord klopt niet." in response.content.decode()


def test_delete_keeps_the_organisation_with_a_beheerder(user, user_client):
    membership = MembershipFactory(user=user, beheerder=True)
    other = MembershipFactory(organisation=membership.organisation)
    user_client.post("/accounts/profiel/verwijderen/", {"password": PASSWORD, "confirm": "on"})
    other.refresh_from_db()
    assert other.role == Membership.Role.BEHEERDER


# --- signup, email confirmation, login ---------------------------------------------------------


def test_signup_confirmation_link_works_and_login_works_after(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the mail is sent after commit (outbox)
        response = client.post(
            "/accounts/signup/",
            {
                "email": "nieuw@example.nl",
                "password1": "Zorg-en-welzijn-2024",
                "password2": "Zorg-en-welzijn-2024",
            },
        )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["nieuw@example.nl"]
    assert "E-mailadres" in message.subject or "e-mailadres" in message.subject
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+/)", message.body).group(1)

    # not verified yet: logging in sends you to the verification page again
    fresh = Client()
    response = fresh.post(
        "/accounts/login/", {"login": "nieuw@example.nl", "password": "Zorg-en-welzijn-2024"}
    )
    assert response["Location"] == "/accounts/confirm-email/"

    page = fresh.get(link)
    assert page.status_code == 200
    response = fresh.post(link)
    assert response.status_code == 302
    fresh.post("/accounts/logout/")

    response = fresh.post(
        "/accounts/login/", {"login": "nieuw@example.nl", "password": "Zorg-en-welzijn-2024"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/profiel/"
    assert fresh.get("/accounts/profiel/").status_code == 200


def test_password_reset_mail_is_dutch_and_links_back(client, user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/reset/", {"email": user.email})
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "/accounts/password/reset/key/" in body
    assert "wachtwoord" in body.lower()


# --- rate limits (real Redis cache) ------------------------------------------------------------


def test_failed_logins_for_one_address_are_rate_limited(client, user):
    for _ in range(5):
        response = client.post("/accounts/login/", {"login": user.email, "password": "verkeerd"})
        assert "Te veel mislukte" not in response.content.decode()
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 200
    assert "Te veel mislukte inlogpogingen" in response.content.decode()


def test_many_login_posts_answer_429(client):
    statuses = [
        client.post("/accounts/login/", {"login": f"x{i}@example.nl", "password": "verkeerd"}).status_code
        for i in range(31)
    ]
    assert statuses[:30] == [200] * 30
    assert statuses[30] == 429
