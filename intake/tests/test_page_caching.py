"""The team's list and an intake's page come from the fragment cache (reisgids.caching): the list for
the whole initiative team, an intake's page for everyone who may open it, once the access check (one
query) let them in; what each may do is a slot filled per request. A warm page runs the same few
queries at 10 and 1,000 intakes; nobody gets an intake or a list from a cache someone with more
rights warmed, nor a button of someone else's role, whichever order the caches were warmed in; and
a write shows at the next request."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from intake import services
from intake.bulk import BENCH_INTAKE_PK, seed_intakes_bulk
from intake.models import Intake, Request, StepPeriod
from intake.tests.factories import IntakeFactory, Route, official, role_user
from reisgids import roles
from reisgids.caching import bump_for
from reisgids.tests.factories import UserFactory
from reisgids.tests.helpers import client_for, warm_queries

pytestmark = pytest.mark.django_db

TEAM_LIST = "/idee/overzicht/"
DETAIL = f"/idee/{BENCH_INTAKE_PK}/"


@pytest.mark.parametrize("url", [TEAM_LIST, f"{TEAM_LIST}?status=plan&overdue=on", DETAIL])
def test_a_warm_team_page_runs_the_same_few_queries_at_10_and_1000_intakes(url):
    client = client_for(role_user(roles.INITIATIVE_TEAM_GROUP))
    counts = []
    for size in (10, 1000):
        seed_intakes_bulk(size)
        counts.append(len(warm_queries(client, url)))
    # the list: none (session and user are cached); an intake's page: the access check
    assert counts[0] == counts[1] == (1 if url == DETAIL else 0), counts


def test_a_warm_intake_page_runs_one_query_for_whoever_may_open_it_at_10_and_1000_intakes():
    """The access check is the one query: for the team and for an initiator alike."""
    seed_intakes_bulk(10)
    initiator = UserFactory()
    Intake.objects.filter(pk=BENCH_INTAKE_PK).update(initiator=initiator)
    team, own = client_for(role_user(roles.INITIATIVE_TEAM_GROUP)), client_for(initiator)
    counts = []
    for size in (10, 1000):
        seed_intakes_bulk(size, clear=False)
        counts.append([len(warm_queries(client, DETAIL)) for client in (team, own)])
    assert counts[0] == counts[1] == [1, 1], counts


def test_the_team_list_of_someone_outside_the_team_runs_the_same_queries_at_10_and_1000_intakes():
    """An official an intake was handed to sees only their own: rendered per request, a fixed number
    of queries (and a visitor who is not signed in is sent to sign in, without a query)."""
    route = Route()
    route.assign()
    contact, anonymous = client_for(route.contact), client_for()
    counts = []
    for size in (10, 1000):
        seed_intakes_bulk(size)
        counts.append(len(warm_queries(contact, TEAM_LIST)))
        with CaptureQueriesContext(connection) as queries:
            assert anonymous.get(TEAM_LIST).status_code == 302
            assert anonymous.get(DETAIL).status_code == 302
        assert len(queries) == 0
    assert counts[0] == counts[1] <= 5, counts


@pytest.mark.parametrize("team_first", [True, False])
def test_nobody_who_may_not_open_an_intake_gets_it_from_a_warm_cache(team_first):
    route = Route()
    intake = route.to("meet")
    url = intake.get_absolute_url()
    allowed = {
        "team": client_for(route.team),
        "initiator": client_for(route.initiator),
        "contact": client_for(route.contact),
        "attendee": client_for(route.colleague),
    }
    refused = {
        "official": client_for(official()),
        "member": client_for(UserFactory()),
        "advisor before the plan": client_for(route.advisor),
        "decider before the plan": client_for(route.wethouder),
    }
    order = [*allowed.values(), *refused.values()]
    for client in order if team_first else reversed(order):
        client.get(url)
        client.get(TEAM_LIST)
    for who, client in refused.items():
        response = client.get(url)
        assert response.status_code == 404, who
        assert intake.title not in response.content.decode(), who
        listing = client.get(TEAM_LIST)
        assert listing.status_code in (403, 200), who
        assert intake.title not in listing.content.decode(), who
    for who, client in allowed.items():
        page = client.get(url)
        assert page.status_code == 200, who
        assert "Wijkhuis Bospolder" in page.content.decode(), who  # the meeting


@pytest.mark.parametrize("team_first", [True, False])
def test_the_team_list_of_someone_outside_the_team_never_comes_from_the_teams_cache(team_first):
    route = Route()
    route.assign()
    other = IntakeFactory(title="Een idee dat de contactpersoon niet heeft")
    team, contact = client_for(route.team), client_for(route.contact)
    for client in [team, contact] if team_first else [contact, team]:
        client.get(TEAM_LIST)
        client.get(f"{TEAM_LIST}?status=triage")
    assert other.title not in contact.get(TEAM_LIST).content.decode()
    assert route.intake.title in contact.get(TEAM_LIST).content.decode()
    assert other.title not in contact.get(f"{TEAM_LIST}?status=triage").content.decode()
    listing = team.get(TEAM_LIST).content.decode()
    assert other.title in listing and route.intake.title in listing
    assert other.title in team.get(f"{TEAM_LIST}?status=triage").content.decode()


def _holders(pages, link):
    return {who for who, page in pages.items() if link in page}


@pytest.mark.parametrize("team_first", [True, False])
def test_the_buttons_on_a_warm_intake_page_are_each_visitors_own(team_first):
    route = Route()
    intake = route.to("meet")
    pk = intake.pk
    services.intake_set_influence(intake=intake, actor=route.contact, influence="coproduceren")
    clients = {
        "team": client_for(route.team),
        "initiator": client_for(route.initiator),
        "contact": client_for(route.contact),
        "attendee": client_for(route.colleague),
    }
    order = list(clients.values())
    for client in order if team_first else reversed(order):
        client.get(intake.get_absolute_url())
    pages = {who: client.get(intake.get_absolute_url()).content.decode() for who, client in clients.items()}
    guide, influence = f"/idee/{pk}/procesbegeleider/", f"/idee/{pk}/invloed/"
    escalate, plan = f"/idee/{pk}/vraag/escalatie/", f"/idee/{pk}/plan/"
    help_form = f"/idee/{pk}/plan/hulp/"
    assert _holders(pages, guide) == {"team"}
    assert _holders(pages, influence) == {"contact"}
    assert _holders(pages, escalate) == {"initiator"}
    assert _holders(pages, plan) == {"initiator", "contact"}
    assert _holders(pages, help_form) == {"initiator"}
    assert 'name="csrfmiddlewaretoken"' in pages["initiator"]
    assert all("\x00" not in page for page in pages.values())


def test_the_time_in_the_current_step_is_counted_at_each_request():
    intake = IntakeFactory()
    StepPeriod.objects.filter(intake=intake).update(started_at=timezone.now() - datetime.timedelta(days=3))
    bump_for(StepPeriod)  # an update sends no signals
    team = client_for(role_user(roles.INITIATIVE_TEAM_GROUP))
    assert "3 dagen" in team.get(intake.get_absolute_url()).content.decode()
    StepPeriod.objects.filter(intake=intake).update(started_at=timezone.now() - datetime.timedelta(days=5))
    # no write the cache hears of: the start shown is the kept one, the time in the step is now's
    assert "3 dagen" in team.get(intake.get_absolute_url()).content.decode()


def test_a_write_shows_on_warm_team_pages_at_the_next_request():
    route = Route()
    intake = route.intake
    team = client_for(route.team)
    url = intake.get_absolute_url()
    team.get(TEAM_LIST)
    team.get(url)
    services.intake_assign_contact(
        intake=intake, actor=route.team, route=Intake.Route.COOPERATE, contact_person=route.contact
    )
    page = team.get(url).content.decode()
    assert "Chris Contact" in page and "Contactpersoon" in page
    assert "Chris Contact" in team.get(TEAM_LIST).content.decode()  # the holder
    services.intake_plan_meeting(
        intake=intake,
        actor=route.contact,
        starts_at=timezone.now() + datetime.timedelta(days=7),
        duration_minutes=90,
        place="Buurthuis De Kolk",
        attendees=[route.colleague],
    )
    assert "Buurthuis De Kolk" in team.get(url).content.decode()
    services.intake_attach_guide(intake=intake, actor=route.team, guide=route.guide)
    team.get(url)
    services.request_raise(  # writes a request only, not the intake
        intake=Intake.objects.get(pk=intake.pk),
        actor=route.initiator,
        kind=Request.Kind.ESCALATION,
        text="We horen niets terug van de gemeente.",
    )
    assert "We horen niets terug van de gemeente." in team.get(url).content.decode()
    newer = IntakeFactory(title="Een idee van vandaag")
    assert newer.title in team.get(TEAM_LIST).content.decode()
    route.contact.first_name = "Christa"
    route.contact.save()
    assert "Christa Contact" in team.get(url).content.decode()
