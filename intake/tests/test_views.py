import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from intake import figures, services
from intake.models import Intake, Request, StepPeriod
from intake.tests.factories import IntakeFactory, Route, official
from marktplaats.models import Listing
from reisgids import roles
from reisgids.tests.beheer import staff_client
from reisgids.tests.factories import AreaFactory, NeighbourhoodFactory, UserFactory

pytestmark = pytest.mark.django_db
S = Intake.Status
IDEA = {
    "title": "Buurtmoestuin",
    "what": "Een moestuin",
    "for_whom": "Buren",
    "needs": "Grond",
    "brings": "Handen",
}


def _step_url(intake, slug):
    return reverse("intake:step", args=[intake.pk, slug])


def test_the_public_page_shows_counts_per_step_and_no_idea_itself(client):
    IntakeFactory(title="Geheim plan van Ilse")
    html = client.get("/idee/").content.decode()
    assert "Ik heb een idee voor samenwerking" in html
    assert "Tot nu toe 1 idee ingediend" in html
    assert "Geheim plan van Ilse" not in html
    assert "10 werkdagen" in html


def test_a_visitor_submits_with_an_email_address_and_confirms_it(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/idee/nieuw/",
            {
                "name": "Anne",
                "email": "anne@example.nl",
                "title": "Buurtmoestuin",
                "what": "Een moestuin",
                "for_whom": "Buren",
                "needs": "Grond",
                "brings": "Handen",
            },
        )
    assert response.status_code == 200 and "Bevestig je e-mailadres" in response.content.decode()
    intake = Intake.objects.get()
    assert intake.status == S.UNVERIFIED
    link = next(line for line in mailoutbox[0].body.splitlines() if "/idee/bevestig/" in line)
    response = client.get(link.replace("http://testserver", ""))
    assert "Je idee is ingediend" in response.content.decode()
    intake.refresh_from_db()
    assert intake.status == S.TRIAGE
    assert client.get("/idee/bevestig/onzin/").status_code == 404


def test_an_empty_idea_gets_dutch_messages_and_keeps_what_was_typed(client):
    client.force_login(UserFactory())
    response = client.post("/idee/nieuw/", {"title": "Mijn titel", "what": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Beschrijf je idee." in html and "Vertel voor wie het is." in html
    assert 'value="Mijn titel"' in html
    assert not Intake.objects.exists()


def test_signed_in_submission_lands_with_the_team_and_shows_status_and_holder(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post("/idee/nieuw/", IDEA)
    intake = Intake.objects.get()
    assert response.status_code == 302 and response["Location"] == intake.get_absolute_url()
    html = client.get(intake.get_absolute_url()).content.decode()
    assert "Bij het initiatieventeam" in html and "Initiatieventeam" in html and "Tijd per stap" in html


def test_an_initiator_cannot_triage_or_decide(client):
    route = Route()
    client.force_login(route.initiator)
    for slug in ("overdragen", "geen-gemeentezaak", "contactpersoon"):
        assert client.get(_step_url(route.intake, slug)).status_code == 403
        assert (
            client.post(_step_url(route.intake, slug), {"reasons": "x", "pointers": "y"}).status_code == 403
        )
    assert (
        client.post(reverse("intake:guide", args=[route.intake.pk]), {"guide": route.guide.pk}).status_code
        == 403
    )
    route.decision()
    client.force_login(route.initiator)
    assert client.post(_step_url(route.intake, "akkoord"), {"reasons": "Zelf besloten"}).status_code == 403
    assert route.refresh().status == S.DECISION


def test_the_team_triages_through_the_page(client):
    route = Route()
    client.force_login(route.team)
    response = client.post(
        _step_url(route.intake, "contactpersoon"), {"route": "cooperate", "contact_person": route.contact.pk}
    )
    assert response.status_code == 302
    assert route.refresh().status == S.CONTACT_ASSIGNED and route.intake.contact_person == route.contact
    response = client.post(reverse("intake:guide", args=[route.intake.pk]), {"guide": route.guide.pk})
    assert response.status_code == 302 and route.refresh().process_guide == route.guide


def test_an_official_outside_the_intake_cannot_see_its_plan(client):
    route = Route()
    route.plan()
    client.force_login(official())
    assert client.get(route.intake.get_absolute_url()).status_code == 404
    assert client.get(reverse("intake:plan", args=[route.intake.pk])).status_code == 404
    assert client.get("/idee/overzicht/").status_code == 403
    client.force_login(route.colleague)  # invited to the meeting
    assert "Een huiskamer voor mantelzorgers" in client.get(route.intake.get_absolute_url()).content.decode()
    assert client.get(reverse("intake:plan", args=[route.intake.pk])).status_code == 403


def test_a_visitor_sees_only_the_public_counts(client):
    route = Route()
    route.meet()
    meeting = route.intake.meetings.get()
    for url in (
        route.intake.get_absolute_url(),
        "/idee/overzicht/",
        reverse("intake:plan", args=[route.intake.pk]),
        reverse("intake:meeting_ical", args=[route.intake.pk, meeting.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/idee/").status_code == 200


def test_a_meeting_in_the_past_and_a_negative_amount_get_dutch_messages_and_nothing_half_saved(client):
    route = Route()
    route.assign()
    client.force_login(route.contact)
    past = (timezone.localtime() - datetime.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        _step_url(route.intake, "afspraak"),
        {"starts_at": past, "duration_minutes": "60", "place": "Wijkhuis", "attendees": [route.colleague.pk]},
    )
    assert response.status_code == 400 and "Kies een moment in de toekomst." in response.content.decode()
    assert route.refresh().status == S.CONTACT_ASSIGNED and not route.intake.meetings.exists()
    future = (timezone.localtime() + datetime.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        _step_url(route.intake, "afspraak"),
        {
            "starts_at": future,
            "duration_minutes": "60",
            "place": "Wijkhuis",
            "attendees": [route.colleague.pk],
        },
    )
    assert response.status_code == 302 and route.refresh().status == S.PLAN
    client.force_login(route.initiator)
    response = client.post(
        reverse("intake:plan", args=[route.intake.pk]), {"plan_task": "Een huiskamer", "amount_eur": "-5"}
    )
    assert response.status_code == 400 and "Een bedrag kan niet negatief zijn." in response.content.decode()
    assert "Een huiskamer" in response.content.decode()
    assert route.refresh().plan_task == ""


def test_the_meeting_invitation_downloads_as_ical(client):
    route = Route()
    route.meet()
    meeting = route.intake.meetings.get()
    client.force_login(route.colleague)
    response = client.get(reverse("intake:meeting_ical", args=[route.intake.pk, meeting.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in response.content and b"Wijkhuis Bospolder" in response.content


def test_the_process_guide_answers_a_challenge_and_only_they_can(client):
    route = Route()
    route.assign()
    client.force_login(route.contact)
    client.post(reverse("intake:influence", args=[route.intake.pk]), {"influence": "raadplegen"})
    client.force_login(route.initiator)
    response = client.post(
        reverse("intake:request", args=[route.intake.pk, "invloed"]),
        {"proposed_influence": "coproduceren", "text": "We willen meebeslissen"},
    )
    assert response.status_code == 302
    raised = Request.objects.get()
    answer_url = reverse("intake:answer", args=[route.intake.pk, raised.pk])
    assert client.post(answer_url, {"answer": "Ik besluit zelf"}).status_code == 403
    client.force_login(route.guide)
    assert client.post(answer_url, {"answer": "", "grant": "on"}).status_code == 400
    assert client.post(answer_url, {"answer": "Terecht", "grant": "on"}).status_code == 302
    assert route.refresh().influence == "coproduceren"


def test_the_team_list_flags_overdue_intakes(client):
    route = Route()
    late = IntakeFactory(title="Te laat idee", due_on=timezone.localdate() - datetime.timedelta(days=2))
    IntakeFactory(title="Op tijd idee", due_on=timezone.localdate() + datetime.timedelta(days=2))
    client.force_login(route.team)
    html = client.get("/idee/overzicht/").content.decode()
    assert "Te laat idee" in html and "te laat" in html
    html = client.get("/idee/overzicht/", {"overdue": "on"}).content.decode()
    assert "Te laat idee" in html and "Op tijd idee" not in html
    assert late.pk


def test_one_click_from_approved_to_deal(client):
    route = Route()
    route.approved()
    client.force_login(route.initiator)
    html = client.get(route.intake.get_absolute_url()).content.decode()
    assert "Omzetten in een deal" in html
    response = client.post(_step_url(route.intake, "deal"))
    assert response.status_code == 302
    assert route.refresh().status == S.DEAL
    assert response["Location"] == f"/deals/{route.intake.deal_slug}/"


@pytest.mark.parametrize("superuser", [False, True])
def test_the_admin_shows_intakes_but_changes_nothing(client, superuser):
    permissions = ("intake.view_intake", "intake.change_intake", "intake.add_intake", "intake.delete_intake")
    staff_client(client, *permissions, group=roles.NETWORK_MANAGERS_GROUP, superuser=superuser)
    intake = IntakeFactory(title="Idee in beheer")
    address = reverse("wagtailsnippets_intake_intake:list")
    assert "Idee in beheer" in client.get(address).content.decode()
    for address, data in [
        (
            reverse("wagtailsnippets_intake_intake:edit", args=[intake.pk]),
            {"title": "Anders", "status": "akkoord"},
        ),
        (reverse("wagtailsnippets_intake_intake:delete", args=[intake.pk]), {}),
        (reverse("wagtailsnippets_intake_intake:add"), {"title": "Nieuw"}),
    ]:
        response = client.post(address, data)
        assert response.status_code in (302, 403), address
        assert response.status_code == 403 or "/beheer/snippets/" not in response["Location"], address
    intake.refresh_from_db()
    assert (intake.title, intake.status, Intake.objects.count()) == ("Idee in beheer", S.TRIAGE, 1)


def test_the_home_page_leads_to_the_entrance(client):
    html = client.get("/").content.decode()
    assert "Ik heb een idee voor samenwerking" in html and 'href="/idee/"' in html


def test_a_neighbourhood_outside_the_chosen_area_gets_a_dutch_message_next_to_it_and_keeps_the_input(client):
    bospolder = NeighbourhoodFactory(name="Bospolder", area=AreaFactory(name="Delfshaven"))
    other_area = AreaFactory(name="Feijenoord")
    client.force_login(UserFactory())
    response = client.post(
        "/idee/nieuw/",
        {**IDEA, "area": other_area.pk, "neighbourhood": bospolder.pk},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "De wijk Bospolder ligt niet in het gebied" in html
    assert 'value="Buurtmoestuin"' in html
    assert f'<option value="{bospolder.pk}" selected>' in html
    assert not Intake.objects.exists()


def test_the_contact_point_takes_the_idea_on_through_the_page(client):
    route = Route()
    services.intake_hand_over(intake=route.intake, actor=route.team, contact_point=route.contact_point)
    client.force_login(route.contact)
    html = client.get(route.intake.get_absolute_url()).content.decode()
    assert "Dit idee oppakken" in html and _step_url(route.intake, "oppakken") in html
    response = client.post(_step_url(route.intake, "oppakken"))
    assert response.status_code == 302 and response["Location"] == route.intake.get_absolute_url()
    assert route.refresh().status == S.TAKEN_ON and route.intake.holder == route.contact
    html = client.get(route.intake.get_absolute_url()).content.decode()
    assert "Opgepakt door het aanspreekpunt" in html


def test_help_with_the_plan_through_the_page_puts_one_request_on_the_marktplaats(client):
    route = Route()
    route.assign()
    client.force_login(route.initiator)
    address = reverse("intake:plan_help", args=[route.intake.pk])
    assert client.get(address).status_code == 405
    response = client.post(address)
    listing = Listing.objects.get()
    assert response.status_code == 302 and response["Location"] == listing.get_absolute_url()
    assert route.refresh().plan_help_listing_id == listing.pk
    assert listing.organisation == route.organisation and route.intake.title in listing.title
    response = client.post(address, follow=True)
    assert "Je hebt al hulp gevraagd bij dit plan." in response.content.decode()
    assert Listing.objects.count() == 1
    html = client.get(route.intake.get_absolute_url()).content.decode()
    assert reverse("marktplaats:detail", args=[listing.pk]) in html


def test_an_escalation_is_raised_and_answered_over_http(client):
    route = Route()
    route.assign()
    client.force_login(route.initiator)
    html = client.get(route.intake.get_absolute_url()).content.decode()
    assert reverse("intake:request", args=[route.intake.pk, "escalatie"]) in html
    response = client.post(reverse("intake:request", args=[route.intake.pk, "escalatie"]), {"text": ""})
    assert response.status_code == 400 and not Request.objects.exists()
    response = client.post(
        reverse("intake:request", args=[route.intake.pk, "escalatie"]), {"text": "We horen al weken niets"}
    )
    assert response.status_code == 302
    raised = Request.objects.get()
    assert raised.kind == Request.Kind.ESCALATION and raised.status == Request.Status.OPEN
    client.force_login(route.guide)
    html = client.get(route.intake.get_absolute_url()).content.decode()
    answer_url = reverse("intake:answer", args=[route.intake.pk, raised.pk])
    assert "We horen al weken niets" in html and answer_url in html
    response = client.post(answer_url, {"answer": "Ik plan een gesprek met jullie en het team"})
    assert response.status_code == 302
    raised.refresh_from_db()
    assert raised.status == Request.Status.ANSWERED and raised.answered_by == route.guide
    client.force_login(route.initiator)
    html = client.get(route.intake.get_absolute_url()).content.decode()
    assert "Ik plan een gesprek met jullie en het team" in html


def test_the_overdue_badge_on_an_intake_page(client):
    route = Route()
    client.force_login(route.team)
    assert 'data-testid="overdue"' not in client.get(route.intake.get_absolute_url()).content.decode()
    late = Route(due_on=timezone.localdate() - datetime.timedelta(days=1))
    client.force_login(late.team)
    html = client.get(late.intake.get_absolute_url()).content.decode()
    assert 'data-testid="overdue"' in html and "te laat" in html


def test_the_public_page_shows_the_median_time_per_step(client):
    now = timezone.now()
    for days in (2, 4, 9):  # three ideas left triage after 2, 4 and 9 days: the median is 4
        intake = IntakeFactory(status=S.CONTACT_ASSIGNED)
        StepPeriod.objects.filter(intake=intake).update(
            status=S.TRIAGE, started_at=now - datetime.timedelta(days=days), ended_at=now
        )
        StepPeriod.objects.create(intake=intake, status=S.CONTACT_ASSIGNED, started_at=now)
    figures.refresh()  # periods written around the services: recount
    html = client.get("/idee/").content.decode()
    row = html.split('data-testid="count-triage"', 1)[1].split("</tr>", 1)[0]
    assert "4 dagen" in row
    row = html.split('data-testid="count-contactpersoon"', 1)[1].split("</tr>", 1)[0]
    assert ">3<" in row and "–" in row  # three ideas in it now, none has left it yet
