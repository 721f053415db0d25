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
