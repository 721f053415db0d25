import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone
from icalendar import Calendar
from wagtail.models import ModelLogEntry

from deals.models import Deal, DealPartner
from intake import figures, selectors, services
from intake.ical import meeting_ical
from intake.models import Intake, Request, StepPeriod
from intake.tests.factories import IntakeFactory, Route, official, role_user
from marktplaats.models import Listing
from reisgids import roles
from reisgids.models import Theme
from reisgids.notifications.models import Notification
from reisgids.tests.factories import ContactPointFactory, UserFactory

pytestmark = pytest.mark.django_db
S = Intake.Status

IDEA = {
    "title": "Huiskamer voor mantelzorgers",
    "what": "Een huiskamer in de wijk waar mantelzorgers elkaar treffen.",
    "for_whom": "Mantelzorgers in Bospolder",
    "needs": "Een ruimte",
    "brings": "Vrijwilligers",
}


def _actions(intake):
    return list(ModelLogEntry.objects.filter(object_id=str(intake.pk)).values_list("action", flat=True))


def test_add_working_days_skips_the_weekend():
    friday = datetime.date(2026, 11, 27)
    assert services.add_working_days(friday, 1) == datetime.date(2026, 11, 30)
    assert services.add_working_days(friday, 10) == datetime.date(2026, 12, 11)


@pytest.mark.parametrize(
    ("amount", "budget_change", "maker"),
    [
        (Decimal("0"), False, "teamleider"),
        (Decimal("10000"), False, "teamleider"),
        (Decimal("10000.01"), False, "wethouder"),
        (Decimal("30000"), False, "wethouder"),
        (Decimal("50000"), False, "wethouder"),
        (Decimal("50001"), False, "college"),
        (Decimal("500"), True, "gemeenteraad"),
    ],
)
def test_who_decides_follows_the_zutphen_thresholds(amount, budget_change, maker):
    assert services.decision_maker_for(amount, budget_change=budget_change) == maker


@override_settings(INTAKE_DECISION_TEAM_LEAD_MAX=1000, INTAKE_DECISION_WETHOUDER_MAX=5000)
def test_the_thresholds_come_from_the_settings():
    assert services.decision_maker_for(Decimal("2000")) == "wethouder"
    assert services.decision_maker_for(Decimal("6000")) == "college"


def test_a_signed_in_initiator_submits_an_idea_straight_to_the_team():
    user = UserFactory()
    team = role_user(roles.INITIATIVE_TEAM_GROUP)
    intake = services.intake_submit(actor=user, data={**IDEA, "theme": Theme.objects.get(slug="mantelzorg")})
    assert intake.status == S.TRIAGE and intake.initiator == user and intake.email == user.email
    assert intake.holder_role == roles.INITIATIVE_TEAM_GROUP
    assert intake.due_on == services.add_working_days(timezone.localdate(), 10)
    assert [p.status for p in intake.periods.all()] == [S.UNVERIFIED, S.TRIAGE]
    assert sorted(_actions(intake)) == ["intake.intake.confirm", "intake.intake.create"]
    assert Notification.objects.filter(recipient=team).exists()


def test_a_visitor_confirms_by_email_before_the_idea_reaches_the_team(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        intake = services.intake_submit(
            actor=_anonymous(),
            data={**IDEA, "name": "Anne", "email": "anne@example.nl"},
            confirm_url=lambda token: f"https://reisgids.test/idee/bevestig/{token}/",
        )
    assert intake.status == S.UNVERIFIED and intake.initiator is None
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["anne@example.nl"]
    assert "https://reisgids.test/idee/bevestig/" in mail.outbox[0].body
    token = services.confirm_token(intake)
    assert services.intake_from_token(token) == intake
    assert services.intake_from_token(token + "x") is None
    services.intake_confirm(intake=intake, actor=_anonymous())
    intake.refresh_from_db()
    assert intake.status == S.TRIAGE


def _anonymous():
    return AnonymousUser()


def test_an_empty_idea_is_refused_with_messages_and_nothing_saved():
    with pytest.raises(ValidationError) as error:
        services.intake_submit(actor=UserFactory(), data={"title": " ", "what": ""})
    assert {"title", "what", "for_whom", "needs", "brings"} <= set(error.value.message_dict)
    assert not Intake.objects.exists()


def test_hand_over_and_the_contact_point_passes_it_on_with_a_reason():
    route = Route()
    intake = services.intake_hand_over(
        intake=route.intake, actor=route.team, contact_point=route.contact_point, note="Past bij Citylab010"
    )
    assert intake.status == S.HANDED_OVER and intake.holder == route.contact
    with pytest.raises(PermissionDenied):
        services.intake_pass_on(intake=intake, actor=route.initiator, reason="x")
    with pytest.raises(ValidationError):
        services.intake_pass_on(intake=intake, actor=route.contact, reason=" ")
    intake = services.intake_pass_on(
        intake=intake, actor=route.contact, reason="Hoort bij sport, niet bij mij"
    )
    assert intake.status == S.TRIAGE and intake.handover_note == "Hoort bij sport, niet bij mij"
    services.intake_hand_over(intake=intake, actor=route.team, contact_point=route.contact_point)
    intake = services.intake_take_on(intake=intake, actor=route.contact)
    assert intake.status == S.TAKEN_ON


def test_a_contact_point_without_account_cannot_receive_a_hand_over():
    route = Route()
    with pytest.raises(ValidationError):
        services.intake_hand_over(intake=route.intake, actor=route.team, contact_point=ContactPointFactory())


def test_not_a_municipal_matter_needs_reasons_and_pointers():
    route = Route()
    with pytest.raises(ValidationError) as error:
        services.intake_not_municipal(intake=route.intake, actor=route.team, reasons="", pointers="")
    assert set(error.value.message_dict) == {"reasons", "pointers"}
    intake = services.intake_not_municipal(
        intake=route.intake, actor=route.team, reasons="Een buurtfeest", pointers="De marktplaats"
    )
    assert intake.status == S.NOT_MUNICIPAL and intake.is_ended and intake.due_on is None


def test_only_the_team_triages():
    route = Route()
    for actor in (route.initiator, route.contact, route.advisor):
        with pytest.raises(PermissionDenied):
            services.intake_assign_contact(
                intake=route.intake, actor=actor, route=Intake.Route.COOPERATE, contact_person=route.contact
            )
    assert route.refresh().status == S.TRIAGE


def test_the_meeting_is_planned_in_the_future_and_its_ical_parses():
    route = Route()
    route.assign()
    with pytest.raises(ValidationError) as error:
        services.intake_plan_meeting(
            intake=route.intake,
            actor=route.contact,
            starts_at=timezone.now() - datetime.timedelta(days=1),
            duration_minutes=60,
            place="Wijkhuis",
            attendees=[],
        )
    assert "starts_at" in error.value.message_dict
    assert route.refresh().status == S.CONTACT_ASSIGNED and not route.intake.meetings.exists()
    intake = route.meet()
    meeting = intake.meetings.get()
    assert intake.status == S.PLAN and list(meeting.attendees.all()) == [route.colleague]
    assert Notification.objects.filter(recipient=route.colleague, subject__startswith="Uitnodiging").exists()
    calendar = Calendar.from_ical(meeting_ical(intake, meeting).content)
    event = next(iter(calendar.walk("VEVENT")))
    assert str(event["location"]) == "Wijkhuis Bospolder"
    assert event.decoded("dtstart") == timezone.localtime(meeting.starts_at).replace(microsecond=0)


def test_a_negative_amount_is_refused_and_nothing_half_saved():
    route = Route()
    route.meet()
    with pytest.raises(ValidationError) as error:
        services.plan_update(
            intake=route.intake, actor=route.initiator, fields={"plan_task": "Iets"}, amount_eur=Decimal("-5")
        )
    assert "amount_eur" in error.value.message_dict
    assert route.refresh().plan_task == ""


def test_advice_disagreement_second_opinion_and_the_wethouder_decides():
    route = Route(amount=Decimal("30000"))
    intake = route.advise()
    assert intake.status == S.ADVISED and intake.decision_maker == "wethouder"
    assert intake.holder == route.initiator
    intake = services.intake_answer_advice(
        intake=intake, actor=route.initiator, agree=False, reason="Te voorzichtig"
    )
    assert intake.status == S.SECOND_OPINION
    with pytest.raises(PermissionDenied):
        services.intake_second_opinion(intake=intake, actor=route.advisor, text="x", recommend=True)
    intake = services.intake_second_opinion(
        intake=intake, actor=route.second, text="Wel doen", recommend=True
    )
    assert intake.status == S.DECISION and intake.holder_role == roles.WETHOUDERS_GROUP
    with pytest.raises(PermissionDenied):
        services.intake_decide(intake=intake, actor=route.team_lead, approve=True, reasons="x")
    with pytest.raises(PermissionDenied):
        services.intake_decide(intake=intake, actor=route.initiator, approve=True, reasons="x")
    intake = services.intake_decide(
        intake=intake, actor=route.wethouder, approve=True, reasons="Sluit aan bij beleid"
    )
    assert intake.status == S.APPROVED
    assert Notification.objects.filter(recipient=route.initiator, url=intake.get_absolute_url()).count() >= 3
    assert [a.kind for a in intake.advices.all()] == ["advies", "second-opinion"]


def test_challenging_the_level_of_influence_is_answered_by_the_process_guide():
    route = Route()
    route.assign()
    services.intake_set_influence(intake=route.intake, actor=route.contact, influence="raadplegen")
    with pytest.raises(ValidationError):
        services.request_raise(
            intake=route.intake,
            actor=route.initiator,
            kind=Request.Kind.INFLUENCE,
            text="x",
            proposed_influence="raadplegen",
        )
    raised = services.request_raise(
        intake=route.intake,
        actor=route.initiator,
        kind=Request.Kind.INFLUENCE,
        text="Wij willen meebeslissen",
        proposed_influence="coproduceren",
    )
    with pytest.raises(PermissionDenied):
        services.request_answer(request=raised, actor=route.contact, answer="Nee", grant=False)
    services.request_answer(request=raised, actor=route.guide, answer="Terecht", grant=True)
    assert route.refresh().influence == "coproduceren"
    with pytest.raises(ValidationError):
        services.request_answer(request=raised, actor=route.guide, answer="Nog eens")
    escalation = services.request_raise(
        intake=route.intake, actor=route.initiator, kind=Request.Kind.ESCALATION, text="We horen niets"
    )
    assert escalation.kind == "escalatie"
    assert {"intake.request.raise", "intake.request.answer", "intake.influence.set"} <= set(
        _actions(route.intake)
    )


def test_help_with_the_plan_puts_a_request_on_the_marktplaats():
    route = Route()
    route.meet()
    listing = services.plan_ask_help(intake=route.intake, actor=route.initiator)
    assert listing.kind == Listing.Kind.VRAAG and listing.organisation == route.organisation
    assert route.refresh().plan_help_listing_id == listing.pk
    with pytest.raises(ValidationError):
        services.plan_ask_help(intake=route.intake, actor=route.initiator)


def test_an_approved_idea_becomes_a_deal_in_one_click():
    route = Route()
    intake = route.approved()
    with pytest.raises(PermissionDenied):
        services.intake_to_deal(intake=intake, actor=route.contact)
    deal = services.intake_to_deal(intake=intake, actor=route.initiator)
    assert deal.title == intake.title and deal.goal == "Een huiskamer voor mantelzorgers"
    assert route.refresh().status == S.DEAL and route.intake.deal_slug == deal.slug
    partners = {p.organisation: p.status for p in DealPartner.objects.filter(deal=deal)}
    assert partners[route.organisation] == DealPartner.Status.ACCEPTED
    assert partners[route.gemeente] == DealPartner.Status.INVITED
    assert Deal.objects.count() == 1


def test_steps_out_of_order_are_refused():
    route = Route()
    with pytest.raises(ValidationError):
        services.plan_submit(intake=route.intake, actor=route.initiator)
    with pytest.raises(ValidationError):
        services.intake_to_deal(intake=route.intake, actor=route.initiator)


def test_time_per_step_overdue_and_the_public_stats():
    route = Route()
    route.assign()
    earlier = timezone.now() - datetime.timedelta(days=30)
    StepPeriod.objects.filter(intake=route.intake, status=S.TRIAGE).update(started_at=earlier)
    figures.refresh()  # an update around the services: recount
    Intake.objects.filter(pk=route.intake.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=1))
    intake = selectors.intake_get_for_user(user=route.team, pk=route.intake.pk).intake
    assert selectors.is_overdue(intake)
    times = selectors.step_times(intake)
    assert times[0]["duration"].days >= 29 and times[-1]["current"]
    IntakeFactory.create_batch(2)
    stats = selectors.public_stats()
    rows = {row["status"]: row for row in stats["rows"]}
    assert rows[S.TRIAGE]["count"] == 2 and rows[S.CONTACT_ASSIGNED]["count"] == 1
    assert rows[S.TRIAGE]["median"].days >= 29
    assert stats["total"] == 3


def test_who_may_open_an_intake():
    route = Route()
    route.meet()
    outsider = official()
    assert selectors.intake_get_for_user(user=route.colleague, pk=route.intake.pk)  # invited to the meeting
    for user in (outsider, route.advisor, UserFactory()):
        with pytest.raises(Exception) as error:
            selectors.intake_get_for_user(user=user, pk=route.intake.pk)
        assert error.type.__name__ == "Http404"
    assert list(selectors.intake_list_for_user(user=outsider)) == []
    assert list(selectors.intake_list_for_user(user=route.team)) == [route.intake]


def test_deleting_the_account_removes_the_initiators_name_and_email_from_their_ideas():
    from reisgids.accounts.services import account_delete

    route = Route()
    account_delete(user=route.initiator, actor=route.initiator)
    intake = route.refresh()
    assert intake.email != "" and "example.nl" not in intake.email and intake.name == "(verwijderd account)"


def test_an_area_that_does_not_hold_the_chosen_neighbourhood_is_refused_and_nothing_saved():
    from reisgids.tests.factories import AreaFactory, NeighbourhoodFactory

    bospolder = NeighbourhoodFactory(name="Bospolder", area=AreaFactory(name="Delfshaven"))
    other_area = AreaFactory(name="Feijenoord")
    with pytest.raises(ValidationError) as error:
        services.intake_submit(
            actor=UserFactory(), data={**IDEA, "area": other_area, "neighbourhood": bospolder}
        )
    assert "Bospolder" in error.value.message_dict["neighbourhood"][0]
    assert not Intake.objects.exists()
    intake = services.intake_submit(
        actor=UserFactory(), data={**IDEA, "area": bospolder.area, "neighbourhood": bospolder}
    )
    assert (intake.area, intake.neighbourhood) == (bospolder.area, bospolder)
    only_wijk = services.intake_submit(actor=UserFactory(), data={**IDEA, "neighbourhood": bospolder})
    assert only_wijk.area == bospolder.area
