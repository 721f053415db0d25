"""An idea sent with only an email address is tied to the submitter's account through the signed link
in the confirmation mail (/idee/koppel/<token>/): it then shows in their account. Refused for a wrong or
expired link, another account, and an idea that is already someone's; a visitor is sent to sign in."""

import time

import pytest
from django.core import signing
from wagtail.models import ModelLogEntry

from intake import services
from intake.models import Intake
from intake.tests.factories import IntakeFactory
from reisgids.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

IDEA = {
    "name": "Anne",
    "email": "anne@example.nl",
    "title": "Buurtmoestuin",
    "what": "Een moestuin",
    "for_whom": "Buren",
    "needs": "Grond",
    "brings": "Handen",
}


def submit_without_account(client, mailoutbox, capture):
    with capture(execute=True):
        client.post("/idee/nieuw/", IDEA)
    body = mailoutbox[0].body
    link = next(line for line in body.splitlines() if "/idee/koppel/" in line)
    return Intake.objects.get(), link.replace("http://testserver", "")


def test_the_submitter_links_the_idea_to_their_account(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    intake, link = submit_without_account(client, mailoutbox, django_capture_on_commit_callbacks)
    assert intake.initiator is None
    anne = UserFactory(email="Anne@example.nl")
    client.force_login(anne)
    assert "Buurtmoestuin" not in client.get("/idee/").content.decode()
    page = client.get(link)
    assert page.status_code == 200 and "Koppel aan mijn account" in page.content.decode()
    response = client.post(link)
    assert response.status_code == 302 and response["Location"] == intake.get_absolute_url()
    intake.refresh_from_db()
    assert intake.initiator == anne
    assert "Buurtmoestuin" in client.get("/idee/").content.decode()  # in their account now
    assert client.get(intake.get_absolute_url()).status_code == 200
    assert ModelLogEntry.objects.filter(action="intake.intake.link", user=anne).count() == 1
    assert client.post(link).status_code == 302  # again: nothing changes
    assert ModelLogEntry.objects.filter(action="intake.intake.link").count() == 1


def test_another_account_is_refused(client, mailoutbox, django_capture_on_commit_callbacks):
    intake, link = submit_without_account(client, mailoutbox, django_capture_on_commit_callbacks)
    client.force_login(UserFactory(email="bob@example.nl"))
    response = client.post(link)
    assert response.status_code == 400
    assert "anne@example.nl" in response.content.decode()
    intake.refresh_from_db()
    assert intake.initiator is None
    assert client.get(intake.get_absolute_url()).status_code == 404


def test_an_idea_that_is_already_someones_is_refused(client):
    owner = UserFactory(email="anne@example.nl")
    intake = IntakeFactory(initiator=owner)
    other = UserFactory(email="anne2@example.nl")
    other.emailaddress_set.create(email="anne@example.nl", verified=True)
    client.force_login(other)
    response = client.post(f"/idee/koppel/{services.link_token(intake)}/")
    assert response.status_code == 400 and "al aan een ander account gekoppeld" in response.content.decode()
    # the refusal in the one error summary, focused, and named first in the title
    html = response.content.decode()
    assert "<title>Fout: " in html and html.count("data-error-summary") == 1 and " autofocus" in html
    intake.refresh_from_db()
    assert intake.initiator == owner


def test_a_wrong_or_expired_link_is_refused(client):
    intake = IntakeFactory(initiator=None, email="anne@example.nl")
    client.force_login(UserFactory(email="anne@example.nl"))
    for token in ("onzin", signing.dumps({"intake": intake.pk, "email": "anne@example.nl"}, salt="other")):
        response = client.post(f"/idee/koppel/{token}/")
        assert response.status_code == 404 and "niet geldig of verlopen" in response.content.decode()

    class LongAgo(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - services.LINK_MAX_AGE - 60)

    expired = LongAgo(salt=services.LINK_SALT).sign_object({"intake": intake.pk, "email": "anne@example.nl"})
    assert client.post(f"/idee/koppel/{expired}/").status_code == 404
    # The confirmation link does not link (another salt), nor does a link of another idea's address.
    assert client.post(f"/idee/koppel/{services.confirm_token(intake)}/").status_code == 404
    intake.refresh_from_db()
    assert intake.initiator is None
    assert client.post(f"/idee/koppel/{services.link_token(intake)}/").status_code == 302


def test_a_visitor_is_sent_to_sign_in_first(client):
    intake = IntakeFactory(initiator=None, email="anne@example.nl")
    url = f"/idee/koppel/{services.link_token(intake)}/"
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/idee/koppel/")
    intake.refresh_from_db()
    assert intake.initiator is None
