"""Challenges and escalations are handled like a concern: due within INTAKE_REQUEST_WORKING_DAYS
working days, open until answered (one state machine, an audit row), flagged overdue in the team's
list and on the intake page, and whoever answers is reminded once per request per week. Initiators
may raise one before a process guide is attached: the contact person answers, or the team."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from wagtail.models import ModelLogEntry

from intake import services, tasks
from intake.models import Request, RequestReminder
from intake.tests.factories import Route
from reisgids.caching import bump
from reisgids.notifications.models import Notification

pytestmark = pytest.mark.django_db
ESCALATION = Request.Kind.ESCALATION


def _raise(route, text="We worden niet gehoord"):
    return services.request_raise(intake=route.intake, actor=route.initiator, kind=ESCALATION, text=text)


def _overdue(request, days=3):
    Request.objects.filter(pk=request.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=days))
    request.refresh_from_db()
    return request


def test_a_request_is_open_with_a_due_date_and_answering_it_closes_it_with_an_audit_row():
    route = Route()
    route.assign()
    raised = _raise(route)
    assert raised.status == Request.Status.OPEN
    assert raised.due_on == services.add_working_days(timezone.localdate(), 10)
    answered = services.request_answer(request=raised, actor=route.guide, answer="Ik praat met het team")
    assert answered.status == Request.Status.ANSWERED and answered.answered_by == route.guide
    with pytest.raises(ValidationError, match="al beantwoord"):
        services.request_answer(request=raised, actor=route.guide, answer="Nog eens")
    actions = ModelLogEntry.objects.filter(object_id=str(route.intake.pk)).values_list("action", flat=True)
    assert {"intake.request.raise", "intake.request.answer"} <= set(actions)


def test_before_a_process_guide_the_team_answers_then_the_contact_person():
    route = Route()
    raised = _raise(route)  # in triage: no guide, no contact person
    assert Notification.objects.filter(recipient=route.team, subject__icontains="vragen je").exists()
    with pytest.raises(PermissionDenied):
        services.request_answer(request=raised, actor=route.guide, answer="x")
    services.request_answer(request=raised, actor=route.team, answer="We kijken ernaar")

    services.intake_assign_contact(
        intake=route.intake, actor=route.team, route="cooperate", contact_person=route.contact
    )
    second = _raise(route, "Nog steeds niets gehoord")
    with pytest.raises(PermissionDenied):
        services.request_answer(request=second, actor=route.team, answer="x")
    services.request_answer(request=second, actor=route.contact, answer="Ik bel je morgen")
    assert Request.objects.filter(status=Request.Status.ANSWERED).count() == 2


def test_an_overdue_request_is_reminded_once_a_week(django_capture_on_commit_callbacks):
    route = Route()
    route.assign()
    raised = _overdue(_raise(route))
    monday = timezone.localdate() - datetime.timedelta(days=timezone.localdate().weekday())
    assert services.overdue_requests_to_remind() == [raised.pk]
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_request_reminders()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.send_request_reminders()  # a second run in the same week sends nothing more
    assert services.request_remind_overdue(request_id=raised.pk) is False
    assert RequestReminder.objects.filter(request=raised, week=monday).count() == 1
    reminders = Notification.objects.filter(recipient=route.guide, subject__startswith="Te laat")
    assert reminders.count() == 1
    next_week = timezone.localdate() + datetime.timedelta(days=7)
    assert services.overdue_requests_to_remind(today=next_week) == [raised.pk]
    assert services.request_remind_overdue(request_id=raised.pk, today=next_week) is True
    services.request_answer(request=raised, actor=route.guide, answer="Sorry, hier is het antwoord")
    in_two_weeks = timezone.localdate() + datetime.timedelta(days=14)
    assert services.overdue_requests_to_remind(today=in_two_weeks) == []


def test_the_overdue_flag_in_the_team_list_and_on_the_intake_page(client):
    route = Route(title="Idee met een open verzoek")
    route.assign()
    raised = _raise(route)
    client.force_login(route.team)
    assert 'data-testid="request-overdue"' not in client.get("/idee/overzicht/").content.decode()
    _overdue(raised)
    bump("intake_pages")  # the update above skipped the signals that outdate the cached pages
    html = client.get("/idee/overzicht/").content.decode()
    assert 'data-testid="request-overdue"' in html
    html = client.get(route.intake.get_absolute_url()).content.decode()
    assert 'data-testid="request-overdue"' in html and "Open" in html
