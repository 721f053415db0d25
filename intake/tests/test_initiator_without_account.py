"""An idea sent in with only a verified email address (no account): every message to the initiator
reaches that address (through the outbox), with a signed read-only status link."""

import datetime
import re
import time

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail, signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from intake import services
from intake.models import Intake
from intake.tests.factories import IntakeFactory, Route
from reisgids.outbox.models import OutboxMessage
from reisgids.outbox.tasks import sweep


class ExpiredSigner(signing.TimestampSigner):
    """Signs as if it were a year and a day ago: a status link past STATUS_MAX_AGE."""

    def timestamp(self):
        return signing.b62_encode(int(time.time()) - services.STATUS_MAX_AGE - 24 * 3600)


pytestmark = pytest.mark.django_db
S = Intake.Status
EMAIL = "anne@example.nl"


def _no_account(route):
    """``route``'s idea as if it had been sent in without an account, from EMAIL."""
    Intake.objects.filter(pk=route.intake.pk).update(initiator=None, email=EMAIL, name="Anne")
    return route.refresh()


def _mails_to(address=EMAIL):
    return [message for message in mail.outbox if message.to == [address]]


def _status_link(message):
    return re.search(r"http\S+/idee/\d+/status/\S+/", message.body).group(0)


def test_a_not_municipal_answer_reaches_the_address_with_reasons_pointers_and_status_link(
    django_capture_on_commit_callbacks,
):
    route = Route()
    intake = _no_account(route)
    with django_capture_on_commit_callbacks(execute=True):
        services.intake_not_municipal(
            intake=intake,
            actor=route.team,
            reasons="Dit regelt de buurt zelf.",
            pointers="Kijk op de marktplaats.",
        )
    (message,) = _mails_to()
    assert "geen zaak van de gemeente" in message.subject
    assert "Dit regelt de buurt zelf." in message.body and "Kijk op de marktplaats." in message.body
    assert "Anne" in message.body
    link = _status_link(message)
    assert services.intake_from_status_token(pk=intake.pk, token=link.rstrip("/").rsplit("/", 1)[1]) == intake
    assert OutboxMessage.objects.filter(task="reisgids.send_mail").exists()


def test_every_step_and_message_reaches_the_address(django_capture_on_commit_callbacks):
    route = Route()
    intake = _no_account(route)
    with django_capture_on_commit_callbacks(execute=True):
        route.assign()  # contact person assigned, process guide attached
        route.meet()  # the first meeting
        services.intake_set_influence(intake=intake, actor=route.contact, influence="coproduceren")
    subjects = [message.subject for message in _mails_to()]
    assert any("Contactpersoon toegewezen" in subject for subject in subjects)
    assert any("procesbegeleider" in subject.lower() for subject in subjects)
    assert any("eerste gesprek" in subject.lower() for subject in subjects)
    assert any("invloed" in subject.lower() for subject in subjects)
    meeting_mail = next(m for m in _mails_to() if "eerste gesprek" in m.subject.lower())
    assert "Wijkhuis Bospolder" in meeting_mail.body
    assert all(_status_link(message) for message in _mails_to())


def test_advice_and_decision_reach_the_address(django_capture_on_commit_callbacks):
    route = Route()
    route.advise()
    services.intake_answer_advice(intake=route.intake, actor=route.initiator, agree=True)
    intake = _no_account(route)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.intake_decide(
            intake=intake, actor=route.wethouder, approve=True, reasons="Past in het beleid."
        )
    (message,) = _mails_to()
    assert "goedgekeurd" in message.subject
    assert "Past in het beleid." in message.body


def test_the_advice_reaches_the_address(django_capture_on_commit_callbacks):
    route = Route()
    route.plan()
    intake = _no_account(route)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.intake_advise(intake=intake, actor=route.advisor, text="Een sterk plan.", recommend=True)
    (message,) = _mails_to()
    assert "Een sterk plan." in message.body


def test_an_unconfirmed_address_hears_nothing_and_an_account_gets_no_mail_to_the_address(
    django_capture_on_commit_callbacks,
):
    unconfirmed = IntakeFactory(initiator=None, email="nog-niet@example.nl", status=S.UNVERIFIED)
    services._tell_initiator(unconfirmed, None, subject="x", body="y")
    route = Route()
    with django_capture_on_commit_callbacks(execute=True):
        services.intake_not_municipal(intake=route.intake, actor=route.team, reasons="r", pointers="p")
    assert not _mails_to("nog-niet@example.nl")
    assert not OutboxMessage.objects.filter(task="reisgids.send_mail").exists()
    assert route.initiator.notifications.filter(subject__icontains="geen zaak van de gemeente").exists()


def test_a_confirmed_visitor_gets_the_status_link(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        intake = services.intake_submit(
            actor=AnonymousUser(),
            data={
                "title": "Moestuin",
                "what": "w",
                "for_whom": "f",
                "needs": "n",
                "brings": "b",
                "name": "Anne",
                "email": EMAIL,
            },
            confirm_url=lambda token: f"https://reisgids.test/idee/bevestig/{token}/",
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.intake_confirm(intake=intake, actor=AnonymousUser())
    assert len(_mails_to()) == 2
    assert _status_link(_mails_to()[1])


@pytest.mark.django_db(transaction=True)
def test_a_mail_server_outage_keeps_the_mail_until_the_server_accepts_it(smtp_server):
    route = Route()
    intake = _no_account(route)
    services.intake_not_municipal(intake=intake, actor=route.team, reasons="Buurtzaak.", pointers="p")
    row = OutboxMessage.objects.get(task="reisgids.send_mail", args__0=EMAIL)
    assert row.is_pending and "ConnectionRefusedError" in row.last_error
    smtp_server.start()
    sweep(now=timezone.now() + datetime.timedelta(days=1))
    (delivered,) = [message for message in smtp_server.messages if message["To"] == EMAIL]
    assert OutboxMessage.objects.get(pk=row.pk).done_at is not None


# --- the status link --------------------------------------------------------------------------


def test_the_status_link_shows_status_and_step_history(client):
    route = Route()
    intake = _no_account(route)
    services.intake_not_municipal(
        intake=intake, actor=route.team, reasons="Buurtzaak.", pointers="Marktplaats"
    )
    intake.refresh_from_db()
    response = client.get(reverse("intake:status", args=[intake.pk, services.status_token(intake)]))
    html = response.content.decode()
    assert response.status_code == 200
    assert intake.title in html and "Beantwoord: geen zaak van de gemeente" in html
    assert html.count('data-testid="intake-step"') == 2  # with the team, then answered
    assert "Buurtzaak." in html
    assert response["X-Robots-Tag"] == "noindex"
    assert "intake-actions" not in html and "<form" not in html.split("<main", 1)[-1]


def test_a_tampered_status_link_is_refused(client):
    intake = IntakeFactory(initiator=None, email=EMAIL)
    token = services.status_token(intake)
    assert client.get(reverse("intake:status", args=[intake.pk, token[:-2] + "xx"])).status_code == 404
    assert client.get(reverse("intake:status", args=[intake.pk, "onzin"])).status_code == 404
    confirm = services.confirm_token(intake)  # another kind of signed link
    assert client.get(reverse("intake:status", args=[intake.pk, confirm])).status_code == 404


def test_the_status_link_of_one_idea_does_not_open_another(client):
    mine, other = IntakeFactory(initiator=None, email=EMAIL), IntakeFactory(initiator=None, email=EMAIL)
    token = services.status_token(mine)
    assert client.get(reverse("intake:status", args=[other.pk, token])).status_code == 404
    assert client.get(reverse("intake:status", args=[mine.pk, token])).status_code == 200


def test_the_status_link_stops_when_the_address_changes(client):
    intake = IntakeFactory(initiator=None, email=EMAIL)
    token = services.status_token(intake)
    Intake.objects.filter(pk=intake.pk).update(email="ander@example.nl")
    assert client.get(reverse("intake:status", args=[intake.pk, token])).status_code == 404


# --- the advice answered through the status link ---------------------------------------------


def _advised_without_account():
    route = Route()
    route.plan()
    _no_account(route)
    services.intake_advise(intake=route.intake, actor=route.advisor, text="Te groot plan.", recommend=False)
    return route, route.refresh()


def _status(intake, token=None):
    return reverse("intake:status", args=[intake.pk, token or services.status_token(intake)])


def test_the_advice_is_answered_through_the_status_link_with_a_second_opinion_and_an_audit_row(
    client, django_capture_on_commit_callbacks
):
    route, intake = _advised_without_account()
    url = _status(intake)
    page = client.get(url).content.decode()
    assert "Te groot plan." in page and "Je antwoord op het advies" in page
    assert 'data-testid="advice-answer"' in page
    assert client.get(url)["Referrer-Policy"] == "same-origin"  # the token goes to no other site

    # disagreeing without a reason: a Dutch message next to the field and in the summary, input kept
    response = client.post(url, {"agree": "nee", "reason": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count("Vertel waarom je het oneens bent.") >= 2
    assert re.search(r'<input[^>]*value="nee"[^>]*checked|<input[^>]*checked[^>]*value="nee"', html)
    response = client.post(url, {"agree": "", "reason": "Wij doen het al."})
    assert response.status_code == 400
    assert "Kies of je het eens bent met het advies." in response.content.decode()
    assert "Wij doen het al." in response.content.decode()
    response = client.post(url, {"agree": "nee", "reason": "x" * 10_001})
    assert response.status_code == 400
    assert route.refresh().status == S.ADVISED

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"agree": "nee", "reason": "Het advies onderschat de buurt."})
    assert response.status_code == 302 and response["Location"] == url
    intake = route.refresh()
    assert intake.status == S.SECOND_OPINION and intake.disagreement == "Het advies onderschat de buurt."
    (row,) = ModelLogEntry.objects.filter(action="intake.intake.disagree", object_id=str(intake.pk))
    assert row.user is None and row.data["by_email"] == EMAIL and row.data["via"] == "status_link"
    assert route.second.notifications.filter(subject__icontains=intake.title).exists()
    assert any("second-opinion" in m.subject.lower() for m in _mails_to())
    page = client.get(url).content.decode()
    assert "Je antwoord op het advies is verstuurd." in page
    assert 'data-testid="advice-answer"' not in page and "Het advies onderschat de buurt." in page


def test_agreeing_through_the_status_link_sends_the_plan_to_the_decision_maker(client):
    route, intake = _advised_without_account()
    assert client.post(_status(intake), {"agree": "ja", "reason": ""}).status_code == 302
    intake = route.refresh()
    assert intake.status == S.DECISION and intake.initiators_agree is True
    assert ModelLogEntry.objects.filter(action="intake.intake.agree", object_id=str(intake.pk)).count() == 1


def test_a_tampered_expired_or_other_link_cannot_answer_the_advice(client):
    route, intake = _advised_without_account()
    token = services.status_token(intake)
    expired = ExpiredSigner(salt=services.STATUS_SALT).sign_object(
        {"intake": intake.pk, "email": EMAIL}, compress=True
    )
    other = IntakeFactory(initiator=None, email=EMAIL)
    for bad in (
        token[:-2] + "xx",
        "onzin",
        expired,
        services.confirm_token(intake),
        services.status_token(other),
    ):
        assert client.post(_status(intake, bad), {"agree": "ja"}).status_code == 404
        with pytest.raises(PermissionDenied):
            services.intake_answer_advice(intake=intake, actor=AnonymousUser(), agree=True, status_token=bad)
    assert route.refresh().status == S.ADVISED
    assert not ModelLogEntry.objects.filter(
        action__in=["intake.intake.agree", "intake.intake.disagree"]
    ).exists()


def test_the_status_link_answers_only_while_the_advice_waits(client):
    route = Route()
    route.plan()  # with the advisory platform: no advice yet
    intake = _no_account(route)
    url = _status(intake)
    assert 'data-testid="advice-answer"' not in client.get(url).content.decode()
    response = client.post(url, {"agree": "ja"})
    assert response.status_code == 400
    assert "Het advies kun je beantwoorden zolang het op het antwoord van de initiatiefnemers wacht." in (
        response.content.decode()
    )
    assert route.refresh().status == S.ADVICE
    with pytest.raises(ValidationError):
        services.intake_answer_advice(
            intake=intake, actor=AnonymousUser(), agree=True, status_token=services.status_token(intake)
        )
    assert route.refresh().status == S.ADVICE
