"""Co-initiators: an idea sent on behalf of an organisation has every member of it as an initiator.
They open it, find it among their ideas on /idee/, write the plan, answer the advice and raise
requests, and hear what the initiator hears, each person once. A member of another organisation, a
signed-in user in none, and a colleague of the initiator when the idea was not sent on behalf of
their organisation are refused. (The permission matrix over HTTP is in test_permissions.py.)"""

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from intake import services
from intake.models import Intake, Request
from intake.tests.factories import Route
from reisgids.notifications.models import Notification
from reisgids.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
S = Intake.Status


def _member(organisation, **names):
    return MembershipFactory(user=UserFactory(**names), organisation=organisation).user


def _outsiders():
    """A member of another organisation, and a signed-in user in none."""
    return [MembershipFactory().user, UserFactory()]


def _notifications(user):
    return list(Notification.objects.filter(recipient=user).values_list("subject", flat=True))


def test_the_initiators_hear_each_message_once_and_outsiders_nothing():
    route = Route()  # the initiator is a beheerder of the organisation too: told once, not twice
    co = _member(route.organisation, first_name="Cor", last_name="Collega")
    outsiders = _outsiders()
    route.assign()  # a contact person assigned, a process guide attached: both told to the initiators
    for user in (route.initiator, co):
        subjects = _notifications(user)
        assert len(subjects) == 2 and len(set(subjects)) == 2, subjects
    for outsider in outsiders:
        assert _notifications(outsider) == []
    duplicated = (
        Notification.objects.values("recipient", "subject").annotate(n=Count("id")).filter(n__gt=1).exists()
    )
    assert not duplicated


def test_a_co_initiator_answers_the_advice_and_the_initiator_hears_of_it():
    route = Route()
    co = _member(route.organisation)
    route.advise()
    initiator_before, co_before = len(_notifications(route.initiator)), len(_notifications(co))
    services.intake_answer_advice(intake=route.intake, actor=co, agree=False, reason="Te voorzichtig")
    assert route.refresh().status == S.SECOND_OPINION
    assert len(_notifications(route.initiator)) == initiator_before + 1
    assert len(_notifications(co)) == co_before  # the one who acted is not told of it


def test_a_co_initiator_writes_the_plan_and_raises_a_request_and_outsiders_are_refused():
    route = Route()
    co = _member(route.organisation)
    route.assign()
    for outsider in _outsiders():
        with pytest.raises(PermissionDenied):
            services.plan_update(intake=route.intake, actor=outsider, fields={"plan_task": "x"})
        with pytest.raises(PermissionDenied):
            services.request_raise(
                intake=route.intake, actor=outsider, kind=Request.Kind.ESCALATION, text="x"
            )
    services.plan_update(intake=route.intake, actor=co, fields={"plan_task": "Samen geschreven"})
    raised = services.request_raise(
        intake=route.intake, actor=co, kind=Request.Kind.ESCALATION, text="We worden niet gehoord"
    )
    assert route.refresh().plan_task == "Samen geschreven" and raised.author == co
    assert route.guide.notifications.filter(subject__icontains="initiatiefnemers").exists()


def test_a_co_initiator_answers_the_advice_and_outsiders_are_refused():
    route = Route()
    route.advise()
    for outsider in _outsiders():
        with pytest.raises(PermissionDenied):
            services.intake_answer_advice(intake=route.intake, actor=outsider, agree=True)
    services.intake_answer_advice(intake=route.intake, actor=_member(route.organisation), agree=True)
    assert route.refresh().status == S.DECISION


def test_a_colleague_is_no_co_initiator_of_an_idea_not_sent_on_behalf_of_the_organisation(client):
    route = Route()
    colleague = _member(route.organisation)
    Intake.objects.filter(pk=route.intake.pk).update(organisation=None)
    route.assign()
    assert _notifications(colleague) == []
    with pytest.raises(PermissionDenied):
        services.plan_update(intake=route.intake, actor=colleague, fields={"plan_task": "x"})
    client.force_login(colleague)
    assert client.get(route.intake.get_absolute_url()).status_code == 404
    assert route.intake.title not in client.get("/idee/").content.decode()


def test_a_co_initiator_opens_the_idea_and_finds_it_among_their_ideas_at_once():
    route = Route()
    route.assign()
    url = route.intake.get_absolute_url()
    newcomer, outsider = UserFactory(), MembershipFactory().user
    clients = {"newcomer": Client(), "outsider": Client()}
    clients["newcomer"].force_login(newcomer)
    clients["outsider"].force_login(outsider)
    for client in clients.values():  # warm: their own ideas are kept per person
        assert route.intake.title not in client.get("/idee/").content.decode()
        assert client.get(url).status_code == 404

    MembershipFactory(user=newcomer, organisation=route.organisation)  # joins the organisation

    assert route.intake.title in clients["newcomer"].get("/idee/").content.decode()
    page = clients["newcomer"].get(url).content.decode()
    assert reverse("intake:request", args=[route.intake.pk, "escalatie"]) in page
    assert reverse("intake:plan", args=[route.intake.pk]) in page
    assert route.intake.title not in clients["outsider"].get("/idee/").content.decode()
    assert clients["outsider"].get(url).status_code == 404


def _invite(route, client, capture, email="mo@example.nl"):
    client.force_login(route.initiator)
    with capture(execute=True):
        response = client.post(
            reverse("intake:co_initiator", args=[route.intake.pk]), {"name": "Mo Buur", "email": email}
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    return route.intake.co_initiators.get(email=email)


def test_an_invited_co_initiator_accepts_with_their_address_and_then_writes(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    route = Route()
    route.assign()
    invitation = _invite(route, client, django_capture_on_commit_callbacks)
    (mail,) = [m for m in mailoutbox if "mo@example.nl" in m.to]
    assert "Uitnodiging" in mail.subject and "Ilse Initiatief" in mail.body
    link = next(line for line in mail.body.splitlines() if "/idee/uitnodiging/" in line)
    url = link.strip().replace("http://testserver", "")
    assert "Mo Buur (uitgenodigd)" in client.get(route.intake.get_absolute_url()).content.decode()

    other = UserFactory(email="iemand@example.nl")  # signed in with another address: refused
    client.force_login(other)
    assert client.post(url).status_code == 400
    assert client.get(route.intake.get_absolute_url()).status_code == 404

    mo = UserFactory(email="Mo@Example.nl")
    client.force_login(mo)
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    invitation.refresh_from_db()
    assert invitation.user == mo and invitation.accepted_at is not None
    assert route.intake.title in client.get("/idee/").content.decode()
    assert any("Mo Buur" in str(n.body) for n in route.initiator.notifications.all())

    services.plan_update(intake=route.intake, actor=mo, fields={"plan_task": "Met Mo"})
    route.plan()
    route.intake.refresh_from_db()
    services.intake_advise(intake=route.intake, actor=route.advisor, text="Goed", recommend=True)
    assert Notification.objects.filter(recipient=mo, subject__startswith="Het advies over").count() == 1
    services.intake_answer_advice(intake=route.intake, actor=mo, agree=True)
    assert route.refresh().status == S.DECISION

    client.force_login(other)
    assert client.post(url).status_code == 400  # accepted by another account: not taken over
    assert client.get(route.intake.get_absolute_url()).status_code == 404


def test_an_invitation_needs_a_name_and_a_valid_new_address(client):
    route = Route()
    client.force_login(route.initiator)
    url = reverse("intake:co_initiator", args=[route.intake.pk])
    response = client.post(url, {"name": "", "email": "geen-adres"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Geef de naam" in page and "Geef een geldig e-mailadres" in page
    response = client.post(url, {"name": "Ilse", "email": route.initiator.email})
    assert response.status_code == 400 and "al initiatiefnemer of uitgenodigd" in response.content.decode()
    assert not route.intake.co_initiators.exists()
    assert client.get("/idee/uitnodiging/onzin/").status_code == 404


def test_a_co_initiators_invitation_is_in_their_data_and_goes_with_their_account():
    from intake.exports import export_intake
    from reisgids.accounts.services import account_delete

    route = Route()
    mo = UserFactory(email="mo@example.nl")
    invitation = services.co_initiator_invite(
        intake=route.intake, actor=route.initiator, name="Mo Buur", email="mo@example.nl", accept_url=str
    )
    services.co_initiator_accept(invitation=invitation, actor=mo)
    (row,) = export_intake(mo)["co_initiators"]
    assert row["name"] == "Mo Buur" and row["accepted_at"] and not row["invited_by_me"]
    assert export_intake(route.initiator)["co_initiators"][0]["invited_by_me"]

    account_delete(user=mo, actor=mo)
    invitation.refresh_from_db()
    assert invitation.name == "(verwijderd account)" and "example.nl" not in invitation.email


def test_an_invited_co_initiator_does_not_act_for_the_organisation(client):
    """Help on the marktplaats and the deal are on behalf of the organisation: not offered to a
    co-initiator from outside it, and refused (nothing saved)."""
    route = Route()
    route.assign()
    mo = UserFactory(email="mo@example.nl")
    invitation = services.co_initiator_invite(
        intake=route.intake, actor=route.initiator, name="Mo Buur", email="mo@example.nl", accept_url=str
    )
    services.co_initiator_accept(invitation=invitation, actor=mo)
    client.force_login(mo)
    page = client.get(route.intake.get_absolute_url()).content.decode()
    assert reverse("intake:plan", args=[route.intake.pk]) in page
    assert reverse("intake:plan_help", args=[route.intake.pk]) not in page
    assert client.post(reverse("intake:plan_help", args=[route.intake.pk])).status_code == 403
    assert route.refresh().plan_help_listing_id is None

    Intake.objects.filter(pk=route.intake.pk).update(status=S.APPROVED)
    assert client.post(reverse("intake:step", args=[route.intake.pk, "deal"])).status_code == 403
    assert route.refresh().status == S.APPROVED
