"""The permission matrix of every write of the intake's front end: for each write view the role that
may use it succeeds, and every other role is refused with the exact status (a visitor: to the login
page; a member who has nothing to do with the idea: 404, it does not exist for them; someone who may
open the idea but not take this step: 403), and the refused write changes nothing: not the intake's
row, not its steps, meetings, advices, requests, audit rows, listings or deals. A co-initiator (a
member of the organisation the idea was sent on behalf of) may what the initiator may; a member of
another organisation and a signed-in user in none may not."""

import datetime
from dataclasses import dataclass, field

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from deals.models import Deal
from intake import services, views
from intake.models import Advice, CoInitiator, Intake, Meeting, Request, StepPeriod
from intake.tests.factories import Route
from marktplaats.models import Listing
from reisgids.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db
S = Intake.Status
REFUSED_ROLES = ("visitor", "stranger", "initiator", "co_initiator", "team", "contact")


def _future():
    return (timezone.localtime() + datetime.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")


# --- the states the writes start from -----------------------------------------------------------


def triage(route):
    return route.intake


def handed_over(route):
    services.intake_hand_over(intake=route.intake, actor=route.team, contact_point=route.contact_point)
    return route.refresh()


def assigned(route):
    return route.assign()


def with_influence(route):
    route.assign()
    services.intake_set_influence(intake=route.intake, actor=route.contact, influence="raadplegen")
    return route.refresh()


def planned(route):
    route.meet()
    services.plan_update(
        intake=route.intake, actor=route.initiator, fields={"plan_task": "Een huiskamer"}, amount_eur=30000
    )
    return route.refresh()


def advised(route):
    return route.advise()


def second_opinion(route):
    route.advise()
    services.intake_answer_advice(
        intake=route.intake, actor=route.initiator, agree=False, reason="Te voorzichtig"
    )
    return route.refresh()


def escalated(route):
    route.assign()
    services.request_raise(
        intake=route.intake,
        actor=route.initiator,
        kind=Request.Kind.ESCALATION,
        text="We worden niet gehoord",
    )
    return route.refresh()


def escalated_in_triage(route):
    """Raised before a process guide or a contact person: the team answers."""
    services.request_raise(
        intake=route.intake, actor=route.initiator, kind=Request.Kind.ESCALATION, text="Nog niets gehoord"
    )
    return route.refresh()


@dataclass
class Write:
    name: str
    state: object
    url: object  # (route) -> the address
    data: object = field(default_factory=dict)  # (route) -> the POST data, or a dict
    allowed: tuple = ()
    # The status each refused role gets where it is not 403 (the stranger always gets 404).
    statuses: dict = field(default_factory=dict)

    def post_data(self, route):
        return self.data(route) if callable(self.data) else self.data


def step(slug):
    return lambda route: reverse("intake:step", args=[route.intake.pk, slug])


def page(name, *extra):
    return lambda route: reverse(f"intake:{name}", args=[route.intake.pk, *extra])


NOT_YET_THEIRS = {"contact": 404}  # in triage the contact person has nothing to do with the idea yet
WRITES = [
    Write(
        "hand_over",
        triage,
        step("overdragen"),
        lambda r: {"contact_point": r.contact_point.pk, "note": "Past bij het wijkteam"},
        ("team",),
        NOT_YET_THEIRS,
    ),
    Write(
        "not_municipal",
        triage,
        step("geen-gemeentezaak"),
        {"reasons": "Geen gemeentezaak", "pointers": "De marktplaats"},
        ("team",),
        NOT_YET_THEIRS,
    ),
    Write(
        "assign_contact",
        triage,
        step("contactpersoon"),
        lambda r: {"route": "cooperate", "contact_person": r.contact.pk},
        ("team",),
        NOT_YET_THEIRS,
    ),
    Write("take_on", handed_over, step("oppakken"), {}, ("contact",)),
    Write("pass_on", handed_over, step("doorgeven"), {"reason": "Hoort bij sport"}, ("contact",)),
    Write(
        "plan_meeting",
        assigned,
        step("afspraak"),
        lambda r: {"starts_at": _future(), "duration_minutes": "60", "place": "Wijkhuis"},
        ("contact",),
    ),
    Write("submit_plan", planned, step("ter-advies"), {}, ("initiator", "contact")),
    Write(
        "advise", lambda r: r.plan(), step("advies"), {"recommend": "ja", "text": "Goed plan"}, ("advisor",)
    ),
    Write("agree", advised, step("eens"), {}, ("initiator",)),
    Write("disagree", advised, step("oneens"), {"reason": "Te voorzichtig"}, ("initiator",)),
    Write(
        "second_opinion",
        second_opinion,
        step("second-opinion"),
        {"recommend": "ja", "text": "Toch goed"},
        ("second",),
    ),
    Write("approve", lambda r: r.decision(), step("akkoord"), {"reasons": "Past"}, ("decider",)),
    Write("refuse", lambda r: r.decision(), step("afwijzen"), {"reasons": "Past niet"}, ("decider",)),
    Write("to_deal", lambda r: r.approved(), step("deal"), {}, ("initiator",)),
    Write("guide", triage, page("guide"), lambda r: {"guide": r.guide.pk}, ("team",), NOT_YET_THEIRS),
    Write("influence", assigned, page("influence"), {"influence": "coproduceren"}, ("contact",)),
    Write(
        "plan",
        assigned,
        page("plan"),
        {"plan_task": "Een huiskamer", "amount_eur": "100"},
        ("initiator", "contact"),
    ),
    Write("plan_help", assigned, page("plan_help"), {}, ("initiator",)),
    Write(
        "co_initiator_invite",
        triage,
        page("co_initiator"),
        {"name": "Mo Buur", "email": "mo@example.nl"},
        ("initiator",),
        NOT_YET_THEIRS,
    ),
    Write(
        "request_escalation", assigned, page("request", "escalatie"), {"text": "Niet gehoord"}, ("initiator",)
    ),
    Write(
        "request_influence",
        with_influence,
        page("request", "invloed"),
        {"text": "Meer invloed", "proposed_influence": "coproduceren"},
        ("initiator",),
    ),
    Write(
        "request_answer",
        escalated,
        lambda r: reverse("intake:answer", args=[r.intake.pk, r.intake.requests.get().pk]),
        {"answer": "Ik praat met het team"},
        ("guide",),
    ),
    Write(
        "request_answer_before_a_guide",
        escalated_in_triage,
        lambda r: reverse("intake:answer", args=[r.intake.pk, r.intake.requests.get().pk]),
        {"answer": "We kijken ernaar"},
        ("team",),
        NOT_YET_THEIRS,
    ),
]


def test_the_matrix_covers_every_write_view():
    steps = {write.name for write in WRITES}
    assert set(views.STEP_ALLOWED) <= steps
    assert {"guide", "influence", "plan", "plan_help", "request_escalation", "request_answer"} <= steps
    assert "co_initiator_invite" in steps


def _user(route, role):
    if role == "visitor":
        return None
    if role == "stranger":
        stranger = UserFactory(first_name="Vera", last_name="Vreemd")
        MembershipFactory(user=stranger)  # a member of another organisation
        return stranger
    if role == "plain":
        return UserFactory(first_name="Piet", last_name="Particulier")
    if role == "co_initiator":
        return MembershipFactory(
            user=UserFactory(first_name="Cor", last_name="Collega"), organisation=route.organisation
        ).user
    return {
        "initiator": route.initiator,
        "team": route.team,
        "contact": route.contact,
        "guide": route.guide,
        "advisor": route.advisor,
        "second": route.second,
        "decider": route.decider(),
    }[role]


def _snapshot(intake):
    """Everything a write could change."""
    return {
        "intake": Intake.objects.filter(pk=intake.pk).values().get(),
        "periods": list(StepPeriod.objects.filter(intake=intake).values_list("pk", "status", "ended_at")),
        "meetings": Meeting.objects.filter(intake=intake).count(),
        "advices": Advice.objects.filter(intake=intake).count(),
        "requests": list(Request.objects.filter(intake=intake).values()),
        "co_initiators": list(CoInitiator.objects.filter(intake=intake).values()),
        "audit": ModelLogEntry.objects.filter(object_id=str(intake.pk)).count(),
        "listings": Listing.objects.count(),
        "deals": Deal.objects.count(),
    }


def _allowed(write):
    """The roles that may: a co-initiator (a member of the organisation the idea was sent on behalf
    of) wherever the initiator may."""
    return (*write.allowed, "co_initiator") if "initiator" in write.allowed else write.allowed


def _cases():
    for write in WRITES:
        allowed = _allowed(write)
        refused = [r for r in REFUSED_ROLES if r not in allowed]
        if "initiator" in write.allowed:
            refused.append("plain")  # signed in, in no organisation: the idea does not exist for them
        for role in (*allowed, *refused):
            yield pytest.param(write, role, id=f"{write.name}-{role}")


@pytest.mark.parametrize(("write", "role"), list(_cases()))
def test_only_the_allowed_role_writes(client, write, role):
    route = Route()
    intake = write.state(route)
    url, data = write.url(route), write.post_data(route)
    user = _user(route, role)
    if user is not None:
        client.force_login(user)
    before = _snapshot(intake)

    response = client.post(url, data)

    if role in _allowed(write):
        assert response.status_code == 302, response.content.decode()[:2000]
        assert "/accounts/login/" not in response["Location"]
        assert _snapshot(intake) != before
        return
    if role == "visitor":
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    else:
        expected = 404 if role in ("stranger", "plain") else write.statuses.get(role, 403)
        assert response.status_code == expected
    assert _snapshot(intake) == before
