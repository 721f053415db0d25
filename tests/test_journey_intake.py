"""Issue 15, journeys 2–6: the Right to Cooperate intake (/idee/) in Chromium, axe on every page
visited. Journey 1 (stadsbrede aanspreekpunten) is in test_journey_citywide_contacts.py."""

import datetime
import re
from decimal import Decimal

import pytest
from django.conf import settings
from icalendar import Calendar
from playwright.sync_api import expect

from intake import services
from intake.models import Intake, Request
from intake.tests.factories import IntakeFactory, Route, official
from reisgids.tests.factories import (
    AreaFactory,
    MembershipFactory,
    NeighbourhoodFactory,
    ThemeFactory,
    UserFactory,
)
from tests.test_journey_marktplaats import signed_in_page

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
S = Intake.Status


def _open(page, axe, intake):
    page.goto(f"/idee/{intake.pk}/")
    axe(page)


def _step(page, axe, name):
    page.get_by_role("link", name=name).click()
    axe(page)


def test_j2_an_idea_is_triaged_as_right_to_cooperate_and_the_meeting_is_planned(new_page, axe, live_server):
    route = Route()
    route.intake.delete()  # this journey submits its own idea
    bospolder = NeighbourhoodFactory(name="Bospolder", area=AreaFactory(name="Delfshaven"))
    ThemeFactory(name="Mantelzorg")
    initiator = signed_in_page(new_page, live_server, route.initiator)
    initiator.goto("/idee/")
    axe(initiator)
    expect(initiator.get_by_text("Binnen 10 werkdagen hoor je wat er met je idee gebeurt.")).to_be_visible()
    initiator.get_by_role("link", name="Dien je idee in").click()
    axe(initiator)
    initiator.get_by_label("Namens").select_option(label="Buurtkamer Bospolder")
    initiator.get_by_label("Titel van je idee").fill("Huiskamer voor mantelzorgers")
    initiator.get_by_label("Wat is je idee?").fill("Een huiskamer waar mantelzorgers elkaar treffen.")
    initiator.get_by_label("Voor wie?").fill("Mantelzorgers in Bospolder")
    initiator.get_by_label("Wat heeft je idee nodig?").fill("Een ruimte en een klein budget")
    initiator.get_by_label("Wat breng je zelf mee?").fill("Vrijwilligers")
    initiator.get_by_label("Gebied").select_option(label="Delfshaven")
    initiator.get_by_label("Wijk").select_option(label="Bospolder")
    initiator.get_by_label("Thema").select_option(label="Mantelzorg")
    initiator.get_by_role("button", name="Dien je idee in").click()
    expect(initiator.get_by_test_id("intake-status")).to_have_text("Bij het initiatieventeam")
    expect(initiator.get_by_test_id("intake-holder")).to_have_text("Initiatieventeam")
    axe(initiator)
    intake = Intake.objects.get()
    assert (intake.area.name, intake.neighbourhood.name, intake.theme.name) == (
        "Delfshaven",
        "Bospolder",
        "Mantelzorg",
    )
    assert intake.neighbourhood == bospolder
    expect(initiator.get_by_text("Bospolder (Delfshaven)")).to_be_visible()

    team = signed_in_page(new_page, live_server, route.team)
    team.goto("/idee/overzicht/")
    axe(team)
    team.get_by_role("link", name="Huiskamer voor mantelzorgers").click()
    axe(team)
    _step(team, axe, "Right to Cooperate of Challenge: een contactpersoon toewijzen")
    team.get_by_label("Right to Cooperate", exact=True).check()
    team.get_by_label("Contactpersoon (vakambtenaar)").select_option(label="Chris Contact")
    team.get_by_role("button", name="Right to Cooperate of Challenge: een contactpersoon toewijzen").click()
    expect(team.get_by_test_id("intake-status")).to_have_text("Contactpersoon toegewezen")
    expect(team.get_by_test_id("intake-holder")).to_have_text("Chris Contact")
    axe(team)

    contact = signed_in_page(new_page, live_server, route.contact)
    _open(contact, axe, intake)
    _step(contact, axe, "Het eerste gesprek plannen")
    when = (datetime.datetime.now() + datetime.timedelta(days=7)).replace(hour=10, minute=0)
    contact.get_by_label("Datum en tijd").fill(when.strftime("%Y-%m-%dT%H:%M"))
    contact.get_by_label("Plaats").fill("Wijkhuis Bospolder")
    contact.get_by_label("Anna Ambtenaar").check()
    contact.get_by_role("button", name="Het eerste gesprek plannen").click()
    expect(contact.get_by_test_id("intake-status")).to_have_text("Aanpakplan schrijven")
    axe(contact)
    link = contact.get_by_role("link", name="Zet in je agenda (iCal)")
    response = contact.request.get(link.get_attribute("href"))
    assert response.ok and response.headers["content-type"].startswith("text/calendar")
    event = next(iter(Calendar.from_ical(response.body()).walk("VEVENT")))
    assert str(event["location"]) == "Wijkhuis Bospolder"
    assert event.decoded("dtstart").strftime("%Y-%m-%d %H:%M") == when.strftime("%Y-%m-%d %H:%M")
    assert "Anna Ambtenaar" in str(event["description"])


def test_j3_plan_advice_disagreement_second_opinion_and_the_wethouders_decision(new_page, axe, live_server):
    route = Route()
    intake = route.meet()
    initiator = signed_in_page(new_page, live_server, route.initiator)
    _open(initiator, axe, intake)
    _step(initiator, axe, "Het plan schrijven")
    initiator.get_by_label("De opgave").fill("Een huiskamer voor mantelzorgers, drie dagen per week open.")
    initiator.get_by_label("Gevraagd bedrag van de gemeente (euro)").fill("30000")
    initiator.get_by_role("button", name="Aanpakplan").click()
    expect(initiator.get_by_text("Het plan is opgeslagen.")).to_be_visible()
    axe(initiator)
    # The initiators: the organisation's members, and a co-initiator from outside it, invited by email.
    member = MembershipFactory(organisation=route.organisation).user
    _step(initiator, axe, "Nodig een mede-initiatiefnemer uit")
    initiator.get_by_label("Naam").fill("Mo Buur")
    initiator.get_by_label("E-mailadres").fill("mo@example.nl")
    initiator.get_by_role("button", name="Nodig een mede-initiatiefnemer uit").click()
    expect(initiator.get_by_text("De uitnodiging is verstuurd.")).to_be_visible()
    expect(initiator.get_by_text("Mo Buur (uitgenodigd)")).to_be_visible()
    mo = signed_in_page(new_page, live_server, UserFactory(email="mo@example.nl"))
    mo.goto(f"/idee/uitnodiging/{services.invitation_token(intake.co_initiators.get())}/")
    axe(mo)
    mo.get_by_role("button", name="Doe mee als mede-initiatiefnemer").click()
    expect(mo.get_by_text("Je bent mede-initiatiefnemer van dit idee.")).to_be_visible()
    axe(mo)

    contact = signed_in_page(new_page, live_server, route.contact)
    _open(contact, axe, intake)
    _step(contact, axe, "Het plan schrijven")
    expect(contact.get_by_label("De opgave")).to_have_value(re.compile("drie dagen per week"))
    contact.get_by_label("Monitoring").fill("Elk kwartaal samen terugkijken.")
    contact.get_by_role("button", name="Aanpakplan").click()
    expect(contact.get_by_text("Het plan is opgeslagen.")).to_be_visible()
    axe(contact)
    _step(contact, axe, "Het plan ter advies sturen")
    contact.get_by_role("button", name="Het plan ter advies sturen").click()
    expect(contact.get_by_test_id("intake-status")).to_have_text("Bij het adviesplatform")
    axe(contact)

    advisor = signed_in_page(new_page, live_server, route.advisor)
    _open(advisor, axe, intake)
    expect(advisor.get_by_text("Elk kwartaal samen terugkijken.")).to_be_visible()
    _step(advisor, axe, "Het advies schrijven")
    advisor.get_by_label("Het plan niet goedkeuren").check()
    advisor.get_by_label("Toelichting").fill("Het plan is te groot voor de eerste stap.")
    advisor.get_by_role("button", name="Het advies schrijven").click()
    expect(advisor.get_by_test_id("intake-status")).to_have_text("Advies gedeeld met de initiatiefnemers")
    axe(advisor)

    _open(mo, axe, intake)  # the invited co-initiator answers the advice for the initiators
    expect(mo.get_by_text("Het plan is te groot voor de eerste stap.")).to_be_visible()
    _step(mo, axe, "We zijn het oneens: vraag een second opinion")
    mo.get_by_label("Reden").fill("Het advies onderschat wat bewoners al doen.")
    mo.get_by_role("button", name="We zijn het oneens: vraag een second opinion").click()
    expect(mo.get_by_test_id("intake-status")).to_have_text("Bij het second-opinionteam")
    axe(mo)

    second = signed_in_page(new_page, live_server, route.second)
    _open(second, axe, intake)
    _step(second, axe, "De second opinion schrijven")
    second.get_by_label("Het plan goedkeuren").check()
    second.get_by_label("Toelichting").fill("Het plan verdient een kans.")
    second.get_by_role("button", name="De second opinion schrijven").click()
    expect(second.get_by_test_id("intake-holder")).to_have_text("Wethouders")
    axe(second)

    wethouder = signed_in_page(new_page, live_server, route.wethouder)
    _open(wethouder, axe, intake)
    expect(wethouder.get_by_text("De wethouder", exact=True)).to_be_visible()
    _step(wethouder, axe, "Besluiten: akkoord")
    wethouder.get_by_label("Redenen van het besluit").fill("Sluit aan bij het wijkprogramma.")
    wethouder.get_by_role("button", name="Besluiten: akkoord").click()
    expect(wethouder.get_by_test_id("intake-status")).to_have_text("Goedgekeurd")
    axe(wethouder)

    initiator.goto("/meldingen/")
    axe(initiator)
    expect(
        initiator.get_by_text(re.compile("Het besluit over je idee .*: goedgekeurd")).first
    ).to_be_visible()
    _open(initiator, axe, intake)
    expect(initiator.get_by_text("Sluit aan bij het wijkprogramma.")).to_be_visible()
    route.refresh()
    assert route.intake.decision_maker == "wethouder" and route.intake.amount_eur == Decimal("30000")
    for person in (route.initiator, member, intake.co_initiators.get().user):  # each told once
        assert person.notifications.filter(subject__startswith="Het besluit over je idee").count() == 1


def test_j4_a_hand_over_passed_on_with_a_reason_and_an_idea_that_is_not_municipal(new_page, axe, live_server):
    route = Route()
    team = signed_in_page(new_page, live_server, route.team)
    _open(team, axe, route.intake)
    _step(team, axe, "Overdragen aan een aanspreekpunt")
    team.get_by_role("combobox", name=re.compile("^Contactpersoon")).select_option(
        label="Chris Contact, Vakambtenaar (Cluster Maatschappelijke Ontwikkeling)"
    )
    team.get_by_role("button", name="Overdragen aan een aanspreekpunt").click()
    expect(team.get_by_test_id("intake-holder")).to_have_text("Chris Contact")
    axe(team)

    contact = signed_in_page(new_page, live_server, route.contact)
    _open(contact, axe, route.intake)
    _step(contact, axe, "Doorgeven, met een reden")
    contact.get_by_role("button", name="Doorgeven, met een reden").click()
    expect(contact.get_by_text("Geef de reden waarom je het doorgeeft.").first).to_be_visible()
    axe(contact)
    contact.get_by_label("Reden").fill("Dit hoort bij sport en bewegen, niet bij mij.")
    contact.get_by_role("button", name="Doorgeven, met een reden").click()
    expect(contact.get_by_test_id("intake-status")).to_have_text("Bij het initiatieventeam")
    axe(contact)

    initiator = signed_in_page(new_page, live_server, route.initiator)
    _open(initiator, axe, route.intake)
    expect(initiator.get_by_text("Dit hoort bij sport en bewegen, niet bij mij.")).to_be_visible()

    second_idea = services.intake_submit(
        actor=route.initiator,
        data={
            "title": "Straatfeest",
            "what": "Een feest",
            "for_whom": "Buren",
            "needs": "Een straat",
            "brings": "Eten",
        },
    )
    _open(team, axe, second_idea)
    _step(team, axe, "Beantwoorden: geen zaak van de gemeente")
    team.get_by_label("Redenen").fill("Een straatfeest vraag je aan als evenement.")
    team.get_by_label("Waar je wel terechtkunt").fill(
        "De evenementenvergunning, en de marktplaats voor hulp."
    )
    team.get_by_role("button", name="Beantwoorden: geen zaak van de gemeente").click()
    expect(team.get_by_test_id("intake-status")).to_have_text("Beantwoord: geen zaak van de gemeente")
    axe(team)
    _open(initiator, axe, second_idea)
    expect(initiator.get_by_text("Een straatfeest vraag je aan als evenement.")).to_be_visible()
    expect(initiator.get_by_text("De evenementenvergunning, en de marktplaats voor hulp.")).to_be_visible()

    # An idea sent in without an account: the answer's mail links to a read-only status page.
    anonymous_idea = IntakeFactory(initiator=None, email="anne@example.nl", name="Anne", title="Buurtbankje")
    services.intake_not_municipal(
        intake=anonymous_idea,
        actor=route.team,
        reasons="Bankjes plaatst de buurt zelf.",
        pointers="De marktplaats.",
    )
    visitor = new_page()
    visitor.goto(services.status_url(anonymous_idea).removeprefix(settings.SITE_URL))
    expect(visitor.get_by_test_id("intake-status")).to_have_text("Beantwoord: geen zaak van de gemeente")
    expect(visitor.get_by_text("Bankjes plaatst de buurt zelf.")).to_be_visible()
    axe(visitor)


def test_j5_the_initiators_challenge_the_level_of_influence_and_the_process_guide_answers(
    new_page, axe, live_server
):
    route = Route()
    intake = route.assign()
    contact = signed_in_page(new_page, live_server, route.contact)
    _open(contact, axe, intake)
    _step(contact, axe, "De mate van invloed vastleggen")
    contact.get_by_label("Raadplegen").check()
    contact.get_by_role("button", name="De mate van invloed vastleggen").click()
    expect(contact.get_by_test_id("intake-influence")).to_have_text("Raadplegen")
    axe(contact)

    initiator = signed_in_page(new_page, live_server, route.initiator)
    _open(initiator, axe, intake)
    _step(initiator, axe, "De mate van invloed uitdagen")
    initiator.get_by_label("Coproduceren (co-creatie)").check()
    initiator.get_by_label("Wat je vraagt, en waarom").fill("We willen samen beslissen over de opzet.")
    initiator.get_by_role("button", name="De mate van invloed uitdagen").click()
    expect(initiator.get_by_text("Je verzoek is naar de procesbegeleider gestuurd.")).to_be_visible()
    axe(initiator)

    guide = signed_in_page(new_page, live_server, route.guide)
    _open(guide, axe, intake)
    _step(guide, axe, "Het verzoek beantwoorden")
    guide.get_by_role("textbox", name=re.compile("^Antwoord")).fill("Terecht: jullie dragen het meeste werk.")
    guide.get_by_label("Toekennen: de mate van invloed wordt zoals gevraagd").check()
    guide.get_by_role("button", name="Het verzoek beantwoorden").click()
    expect(guide.get_by_test_id("intake-influence")).to_have_text("Coproduceren (co-creatie)")
    axe(guide)

    _open(initiator, axe, intake)
    expect(initiator.get_by_text("Terecht: jullie dragen het meeste werk.")).to_be_visible()
    assert Request.objects.get().answered_by == route.guide


def test_j6_refused_both_ways_and_bad_input_gets_dutch_messages(new_page, axe, live_server):
    route = Route()
    intake = route.meet()
    initiator = signed_in_page(new_page, live_server, route.initiator)
    for slug in ("contactpersoon", "overdragen"):
        response = initiator.goto(f"/idee/{intake.pk}/stap/{slug}/")
        assert response.status == 403
        axe(initiator)
    _open(initiator, axe, intake)
    expect(initiator.get_by_role("link", name="Besluiten: akkoord")).to_have_count(0)
    expect(initiator.get_by_role("link", name=re.compile("contactpersoon toewijzen"))).to_have_count(0)

    # Bad input: an amount of -5, kept with a Dutch message; nothing saved.
    _step(initiator, axe, "Het plan schrijven")
    initiator.get_by_label("De opgave").fill("Een huiskamer")
    initiator.get_by_label("Gevraagd bedrag van de gemeente (euro)").fill("-5")
    initiator.get_by_role("button", name="Aanpakplan").click()
    expect(initiator.get_by_text("Een bedrag kan niet negatief zijn.").first).to_be_visible()
    expect(initiator.get_by_label("De opgave")).to_have_value("Een huiskamer")
    axe(initiator)
    assert route.refresh().plan_task == ""

    # An empty idea.
    initiator.goto("/idee/nieuw/")
    initiator.get_by_role("button", name="Dien je idee in").click()
    expect(initiator.get_by_text("Beschrijf je idee.").first).to_be_visible()
    axe(initiator)
    assert Intake.objects.count() == 1

    # An ambtenaar outside the intake cannot see its plan.
    outsider = signed_in_page(new_page, live_server, official())
    assert outsider.goto(f"/idee/{intake.pk}/").status == 404
    axe(outsider)
    assert outsider.goto(f"/idee/{intake.pk}/plan/").status == 404
    axe(outsider)

    # A meeting in the past (a second idea, with its contact person).
    other = Route()
    other.assign()
    contact = signed_in_page(new_page, live_server, other.contact)
    contact.goto(f"/idee/{other.intake.pk}/stap/afspraak/")
    axe(contact)
    past = datetime.datetime.now() - datetime.timedelta(days=1)
    contact.get_by_label("Datum en tijd").fill(past.strftime("%Y-%m-%dT%H:%M"))
    contact.get_by_label("Plaats").fill("Wijkhuis")
    contact.get_by_role("button", name="Het eerste gesprek plannen").click()
    expect(contact.get_by_text("Kies een moment in de toekomst.").first).to_be_visible()
    axe(contact)
    assert other.refresh().status == S.CONTACT_ASSIGNED and not other.intake.meetings.exists()

    # A visitor sees only the public counts.
    visitor = new_page()
    visitor.goto("/idee/")
    axe(visitor)
    expect(visitor.get_by_test_id("count-aanpakplan")).to_contain_text("1")
    expect(visitor.get_by_text(intake.title)).to_have_count(0)
    visitor.goto(f"/idee/{intake.pk}/")
    assert "/accounts/login/" in visitor.url
    axe(visitor)


def test_j7_an_invitation_is_withdrawn_and_the_advice_is_answered_through_the_status_link(
    new_page, axe, live_server
):
    """An initiator withdraws an invitation on the co-initiators page; its link then says so. An
    initiator without an account answers the advice on the signed status page."""
    route = Route()
    intake = route.advise()
    services.co_initiator_invite(
        intake=intake, actor=route.initiator, name="Mo Buur", email="mo@example.nl", accept_url=str
    )
    initiator = signed_in_page(new_page, live_server, route.initiator)
    _open(initiator, axe, intake)
    _step(initiator, axe, "Mede-initiatiefnemers en uitnodigingen")
    expect(initiator.get_by_test_id("co-initiator-status")).to_have_text("Uitgenodigd")
    initiator.get_by_role("button", name="Trek de uitnodiging van Mo Buur in").click()
    expect(initiator.get_by_text("De uitnodiging van Mo Buur is ingetrokken.")).to_be_visible()
    expect(initiator.get_by_test_id("co-initiator-status")).to_have_text("Uitnodiging ingetrokken")
    axe(initiator)
    mo = signed_in_page(new_page, live_server, UserFactory(email="mo@example.nl"))
    response = mo.goto(f"/idee/uitnodiging/{services.invitation_token(intake.co_initiators.get())}/")
    assert response.status == 410
    expect(mo.get_by_test_id("invitation-ended")).to_contain_text("ingetrokken")
    axe(mo)

    # An idea sent in with only a verified email address: the advice is answered on its status page.
    Intake.objects.filter(pk=intake.pk).update(initiator=None, organisation=None, email="anne@example.nl")
    intake.refresh_from_db()
    visitor = new_page()
    visitor.goto(services.status_url(intake).removeprefix(settings.SITE_URL))
    expect(visitor.get_by_text("Goed plan.")).to_be_visible()
    axe(visitor)
    visitor.get_by_label("We zijn het oneens: vraag een second opinion").check()
    visitor.get_by_role("button", name="Verstuur je antwoord").click()
    expect(visitor.get_by_text("Vertel waarom je het oneens bent.").first).to_be_visible()
    expect(visitor.get_by_label("We zijn het oneens: vraag een second opinion")).to_be_checked()
    axe(visitor)
    visitor.get_by_label("Waarom je het oneens bent").fill("Het advies onderschat de buurt.")
    visitor.get_by_role("button", name="Verstuur je antwoord").click()
    expect(visitor.get_by_text("Je antwoord op het advies is verstuurd.")).to_be_visible()
    expect(visitor.get_by_test_id("intake-status")).to_have_text("Bij het second-opinionteam")
    axe(visitor)
    assert Intake.objects.get(pk=intake.pk).disagreement == "Het advies onderschat de buurt."
