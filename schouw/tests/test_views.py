"""The schouw's pages: who sees what (every page, the PDF and every write, allowed and refused), the
invitation links, the report as PDF, the deal page's section and /beheer/."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader
from wagtail.models import ModelLogEntry

from atlas.models import LessonPage
from deals.models import Deal, DealEvent, DealPartner
from deals.tests.factories import DealFactory
from reisgids.roles import CIVIL_SERVANTS_GROUP, CONTENT_MANAGERS_GROUP
from reisgids.tests.beheer import staff_client
from reisgids.tests.factories import MembershipFactory, UserFactory
from schouw import services
from schouw.models import Appraisal, Criterion, NoSchouwReason, Observation, Participant, Schouw
from schouw.tests.factories import first_members, running_deal, schouw_in, trekker_member

pytestmark = pytest.mark.django_db
Ph = Schouw.Phase


def _pages(schouw):
    partner = schouw.partners.first()
    return [
        reverse("schouw:detail", args=[schouw.pk]),
        reverse("schouw:observation", args=[schouw.pk]),
        reverse("schouw:meetlat", args=[schouw.pk, partner.pk]),
        reverse("schouw:appraise", args=[schouw.pk]),
        reverse("schouw:discussion", args=[schouw.pk]),
        reverse("schouw:agreements", args=[schouw.pk]),
        reverse("schouw:lesson", args=[schouw.pk]),
    ]


@pytest.mark.parametrize("phase", [Ph.OPEN, Ph.DISCUSSION, Ph.REPORT])
def test_nobody_outside_the_schouw_sees_a_page_the_report_or_the_pdf_before_publication(client, phase):
    schouw, actor, deal, members = schouw_in(phase)
    outsider = UserFactory(verified=True)
    client.force_login(outsider)
    for url in [
        *_pages(schouw),
        reverse("schouw:report", args=[schouw.pk]),
        reverse("schouw:report_pdf", args=[schouw.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    client.logout()
    assert client.get(reverse("schouw:report_pdf", args=[schouw.pk])).status_code == 404
    assert client.get(reverse("schouw:detail", args=[schouw.pk])).status_code == 302  # to the login
    client.force_login(first_members(members)[0])
    for url in [reverse("schouw:detail", args=[schouw.pk]), reverse("schouw:report", args=[schouw.pk])]:
        assert client.get(url).status_code == 200, url


def test_nobody_outside_the_schouw_writes_anything(client):
    schouw, actor, deal, members = schouw_in(Ph.OPEN)
    client.force_login(UserFactory(verified=True))
    data = {"text": "Ingebroken", "tone": "positief", "expectation": "verwacht"}
    assert client.post(reverse("schouw:observation", args=[schouw.pk]), data).status_code == 404
    partner = schouw.partners.first()
    assert client.post(reverse("schouw:meetlat_confirm", args=[schouw.pk, partner.pk])).status_code == 404
    assert client.post(reverse("schouw:lesson", args=[schouw.pk]), {"title": "x"}).status_code == 404
    assert not Observation.objects.exists()
    client.force_login(first_members(members)[0])
    response = client.post(reverse("schouw:observation", args=[schouw.pk]), data)
    assert response.status_code == 302 and Observation.objects.count() == 1


def test_after_publication_the_report_and_pdf_are_public_but_not_the_appraisals(client):
    schouw, actor, deal, members = schouw_in(Ph.PUBLISHED)
    response = client.get(reverse("schouw:report", args=[schouw.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Een rijk beeld van de samenwerking." in text
    assert "Goed samengewerkt" not in text  # the individual appraisals stay with the participants
    pdf = client.get(reverse("schouw:report_pdf", args=[schouw.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    client.force_login(UserFactory(verified=True))
    assert client.get(reverse("schouw:discussion", args=[schouw.pk])).status_code == 404
    deal_page = client.get(deal.get_absolute_url()).content.decode()
    assert reverse("schouw:report", args=[schouw.pk]) in deal_page


def test_the_pdf_holds_each_partner_and_the_lessons():
    schouw, actor, deal, members = schouw_in(Ph.PUBLISHED)
    reader = PdfReader(io.BytesIO(bytes(schouw.report_pdf)))
    text = " ".join(page.extract_text() for page in reader.pages)
    text = re.sub(r"\s+", " ", text)
    for partner in schouw.partners.select_related("organisation"):
        assert partner.organisation.name in text
    assert "Kleine percelen werken" in text


def test_the_deal_page_shows_a_running_schouw_only_to_partners(client):
    schouw, actor, deal, members = schouw_in(Ph.OPEN)
    assert schouw.get_absolute_url() not in client.get(deal.get_absolute_url()).content.decode()
    client.force_login(first_members(members)[0])
    assert schouw.get_absolute_url() in client.get(deal.get_absolute_url()).content.decode()


def _invite(schouw, actor, email="peer@example.org"):
    participant, link = services.participant_invite(
        schouw=schouw, actor=actor, kind="peer", name="Petra", email=email
    )
    return participant, reverse("schouw:invitation", args=[link.rstrip("/").rsplit("/", 1)[1]])


def test_an_invitation_link_opens_only_the_appraisal_form_and_is_used_up_after_handing_in(client):
    schouw, actor, deal, members = schouw_in(Ph.APPRAISAL)
    participant, path = _invite(schouw, actor)
    page = client.get(path)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'href="/deals/' not in html and "/partijen/" not in html and "/beheer/" not in html
    criterion = Criterion.objects.filter(partner__schouw=schouw).first()
    refused = client.post(path, {f"c{criterion.pk}": "", f"s{criterion.pk}": "7"})
    assert refused.status_code == 200 and not Appraisal.objects.exists()
    assert "Kies een score uit de lijst" in refused.content.decode()
    done = client.post(path, {f"c{criterion.pk}": "Mooi om te zien", f"s{criterion.pk}": "3"})
    assert done.status_code == 200 and Appraisal.objects.get().participant == participant
    again = client.get(path)
    assert again.status_code == 410 and "al ingeleverd" in again.content.decode()
    # the link opens nothing else: not the schouw's own pages, not the report
    assert client.get(reverse("schouw:detail", args=[schouw.pk])).status_code == 302
    assert client.get(reverse("schouw:report", args=[schouw.pk])).status_code == 404


def test_a_revoked_expired_or_unknown_link_is_refused_in_dutch(client):
    schouw, actor, deal, members = schouw_in(Ph.APPRAISAL)
    revoked, revoked_path = _invite(schouw, actor, "r@example.org")
    services.participant_revoke(participant=revoked, actor=actor)
    response = client.get(revoked_path)
    assert response.status_code == 410 and "ingetrokken" in response.content.decode()
    expired, expired_path = _invite(schouw, actor, "e@example.org")
    Participant.objects.filter(pk=expired.pk).update(expires_at="2000-01-01T00:00Z")
    response = client.get(expired_path)
    assert response.status_code == 410 and "verlopen" in response.content.decode()
    response = client.get(reverse("schouw:invitation", args=["niet-bestaand"]))
    assert response.status_code == 404 and "niet geldig" in response.content.decode()


def test_a_partner_appraises_in_the_front_end_and_bad_input_keeps_what_was_typed(client):
    schouw, actor, deal, members = schouw_in(Ph.APPRAISAL)
    client.force_login(first_members(members)[0])
    url = reverse("schouw:appraise", args=[schouw.pk])
    assert client.get(url).status_code == 200
    criterion = Criterion.objects.filter(partner__schouw=schouw).first()
    response = client.post(url, {f"c{criterion.pk}": "", f"s{criterion.pk}": "2"})
    assert "Licht je score" in response.content.decode()
    response = client.post(url, {})
    assert "minstens één waardering" in response.content.decode()
    response = client.post(url, {f"c{criterion.pk}": "Sterk netwerk", f"s{criterion.pk}": "4"})
    assert response.status_code == 302 and Appraisal.objects.get().score == 4


def test_the_bespreking_shows_results_and_a_revised_agreement_updates_the_deal(client):
    schouw, actor, deal, members = schouw_in(Ph.DISCUSSION)
    client.force_login(first_members(members)[0])
    page = client.get(reverse("schouw:discussion", args=[schouw.pk])).content.decode()
    for partner in schouw.partners.select_related("organisation"):
        assert partner.organisation.name in page
    assert "Goed samengewerkt" in page
    response = client.post(
        reverse("schouw:agreements", args=[schouw.pk]),
        {"agreements": "We spreken elke twee weken af.", "reason": "Maandelijks was te weinig."},
    )
    assert response.status_code == 302
    deal.refresh_from_db()
    assert deal.process_agreements == "We spreken elke twee weken af."
    assert DealEvent.objects.filter(deal=deal, action="deals.deal.agreements").exists()


def test_a_meetlat_without_criteria_is_refused_on_the_page(client):
    schouw, actor, deal, members = schouw_in(Ph.MEETLAT)
    partner = schouw.partners.first()
    client.force_login(members[partner.organisation_id][0])
    data = {
        "criteria-TOTAL_FORMS": "1",
        "criteria-INITIAL_FORMS": "1",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "12",
        "criteria-0-title": "",
        "criteria-0-description": "",
        "criteria-0-is_inbreng": "on",
    }
    response = client.post(reverse("schouw:meetlat", args=[schouw.pk, partner.pk]), data)
    assert response.status_code == 200 and "minstens één criterium" in response.content.decode()
    assert partner.criteria.count() == 1


# --- /beheer/ ----------------------------------------------------------------------------------


def test_an_ambtenaar_plans_and_runs_a_schouw_in_beheer(client):
    deal, members = running_deal(partners=2)
    user = staff_client(client, "schouw.view_schouw", "schouw.change_schouw", group=CIVIL_SERVANTS_GROUP)
    assert client.get(reverse("schouw_create") + f"?deal={deal.pk}").status_code == 200
    response = client.post(
        reverse("schouw_create"),
        {"kind": "schouw", "title": "Schouw voorjaar", "deal": deal.pk, "planned_for": "2026-12-15"},
    )
    schouw = Schouw.objects.get()
    assert response.status_code == 302 and schouw.coordinator == user
    manage = reverse("schouw_manage", args=[schouw.pk])
    assert client.get(manage).status_code == 200
    client.post(manage, {"action": "phase", "name": "open"})
    schouw.refresh_from_db()
    assert schouw.phase == Ph.OPEN
    client.post(manage, {"action": "phase", "name": "discuss"})  # out of order: refused
    schouw.refresh_from_db()
    assert schouw.phase == Ph.OPEN
    response = client.post(manage, {"action": "invite", "kind": "peer", "name": "P", "email": "geen adres"})
    assert response.status_code == 200 and "geldig e-mailadres" in response.content.decode()
    client.post(manage, {"action": "invite", "kind": "peer", "name": "P", "email": "p@example.org"})
    assert Participant.objects.filter(schouw=schouw).count() == 1
    assert client.get(reverse("schouw_overdue")).status_code == 200
    assert client.get(reverse("wagtailsnippets_schouw_schouw:list")).status_code == 200


def test_a_peer_chosen_from_the_directory_is_invited_at_its_address_there(client, mailoutbox):
    """A peer organisation chosen from the directory needs no typed name or address: it is invited
    under its name at its email address there; one without an address asks for one, in Dutch."""
    from reisgids.tests.factories import OrganisationFactory

    schouw, _actor, _deal, _members = schouw_in(Ph.OPEN)
    staff_client(client, "schouw.view_schouw", "schouw.change_schouw", group=CIVIL_SERVANTS_GROUP)
    manage = reverse("schouw_manage", args=[schouw.pk])
    peer = OrganisationFactory(name="Buurtkracht Zuid", contact_email="info@buurtkracht-zuid.example")
    silent = OrganisationFactory(name="Stil initiatief", contact_email="")
    response = client.post(
        manage, {"action": "invite", "kind": "peer", "organisation": f"{silent.name} (#{silent.pk})"}
    )
    assert response.status_code == 200 and "geldig e-mailadres" in response.content.decode()
    client.post(manage, {"action": "invite", "kind": "peer", "organisation": f"{peer.name} (#{peer.pk})"})
    invited = Participant.objects.get(schouw=schouw, organisation=peer)
    assert (invited.name, invited.email) == ("Buurtkracht Zuid", "info@buurtkracht-zuid.example")


def test_beheer_keeps_the_bespreking_closed_until_an_outsider_appraised(client):
    schouw, actor, deal, members = schouw_in(Ph.APPRAISAL)
    staff_client(client, "schouw.view_schouw", "schouw.change_schouw", group=CIVIL_SERVANTS_GROUP)
    manage = reverse("schouw_manage", args=[schouw.pk])
    refusal = "Nog geen buitenstaander heeft gewaardeerd"
    assert refusal in client.get(manage).content.decode()  # said before anyone tries
    response = client.post(manage, {"action": "phase", "name": "discuss"}, follow=True)
    assert refusal in response.content.decode()
    schouw.refresh_from_db()
    assert schouw.phase == Ph.APPRAISAL


def test_beheer_refuses_the_schouw_views_to_staff_who_are_not_ambtenaren(client):
    schouw, actor, deal, members = schouw_in(Ph.PLANNED)
    staff_client(client, group=CONTENT_MANAGERS_GROUP)
    for url in (
        reverse("schouw_create"),
        reverse("schouw_overdue"),
        reverse("schouw_manage", args=[schouw.pk]),
    ):
        response = client.get(url)  # Wagtail turns the refusal into a redirect to the dashboard
        assert response.status_code in (302, 403) and response.get("Location", "") != url, url
    manage = reverse("schouw_manage", args=[schouw.pk])
    assert client.post(manage, {"action": "phase", "name": "open"}).status_code in (302, 403)
    schouw.refresh_from_db()
    assert schouw.phase == Ph.PLANNED


def test_the_plan_is_edited_in_beheer_through_the_service_and_the_phase_stays_read_only(client):
    schouw, actor, deal, members = schouw_in(Ph.PLANNED)
    staff_client(client, "schouw.view_schouw", "schouw.change_schouw", group=CIVIL_SERVANTS_GROUP)
    url = reverse("wagtailsnippets_schouw_schouw:edit", args=[schouw.pk])
    assert client.get(url).status_code == 200
    data = {
        "title": "Schouw verplaatst",
        "planned_for": "2027-01-20",
        "period_start": "",
        "period_end": "",
        "setting": "In de bibliotheek",
        "reporter": "De trekker",
        "phase": "gepubliceerd",  # read-only: ignored
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    schouw.refresh_from_db()
    assert (schouw.title, schouw.setting, schouw.phase) == (
        "Schouw verplaatst",
        "In de bibliotheek",
        Ph.PLANNED,
    )
    assert str(schouw.planned_for) == "2027-01-20"
    response = client.post(
        url, {**data, "title": "", "period_start": "2027-02-01", "period_end": "2027-01-01"}
    )
    assert response.status_code == 200
    schouw.refresh_from_db()
    assert schouw.title == "Schouw verplaatst"


# --- finishing a deal without a schouw ---------------------------------------------------------


def test_the_trekker_records_why_there_was_no_schouw_and_the_deal_page_shows_it_to_everyone(client):
    deal, members = running_deal(partners=2)
    url = reverse("schouw:no_schouw", args=[deal.slug])
    client.force_login(trekker_member(deal, members))
    assert client.get(url).status_code == 200
    # nothing or only spaces: the Dutch message by the field and in the summary; nothing saved
    for reason in ("", "   "):
        response = client.post(url, {"reason": reason})
        html = response.content.decode()
        assert response.status_code == 200
        assert "Er is iets niet goed ingevuld" in html
        assert html.count("Zeg waarom er geen schouw was.") == 2, reason  # by the field + summary
    # too long: refused, and what was typed is kept
    long_reason = "Te lang " * 600
    response = client.post(url, {"reason": long_reason})
    assert response.status_code == 200 and "Er is iets niet goed ingevuld" in response.content.decode()
    assert long_reason.strip() in response.content.decode()
    assert not NoSchouwReason.objects.exists()

    response = client.post(url, {"reason": "De subsidie stopte; we ronden af zonder schouw."})
    assert response.status_code == 302 and response["Location"] == deal.get_absolute_url()
    row = NoSchouwReason.objects.get(deal=deal)
    assert row.recorded_by == trekker_member(deal, members)
    client.logout()
    page = client.get(deal.get_absolute_url()).content.decode()  # a visitor
    assert "Afgerond zonder schouw, omdat:" in page
    assert "De subsidie stopte; we ronden af zonder schouw." in page


def test_no_reason_can_be_recorded_for_a_deal_that_is_not_in_progress(client):
    deal, members = running_deal(partners=2)
    Deal.objects.filter(pk=deal.pk).update(status=Deal.Status.FINISHED)
    client.force_login(trekker_member(deal, members))
    response = client.post(reverse("schouw:no_schouw", args=[deal.slug]), {"reason": "Te laat"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Alleen een deal in uitvoering kan worden afgerond." in html and "Te laat" in html
    assert not NoSchouwReason.objects.exists()


# --- "start a follow-up deal" ------------------------------------------------------------------


def test_start_a_follow_up_deal_prefills_the_new_deal_from_the_schouws_deal(client):
    schouw, actor, deal, members = schouw_in(Ph.DISCUSSION)
    Deal.objects.filter(pk=deal.pk).update(
        goal="Mantelzorgers vinden respijt in de wijk.", process_agreements="We overleggen elke maand."
    )
    trekker = trekker_member(deal, members)
    client.force_login(trekker)
    client.post(
        reverse("schouw:discussion", args=[schouw.pk]),
        {"next_steps": "Doorgaan in Charlois.", "follow_up_deal": "on"},
    )
    start = reverse("deals:start") + f"?vervolg={deal.slug}"
    page = client.get(reverse("schouw:discussion", args=[schouw.pk])).content.decode()
    assert f'href="{start}"' in page

    response = client.get(start)
    form = response.context["form"]
    assert form["title"].value() == f"Vervolg: {deal.title}"
    assert form["goal"].value() == "Mantelzorgers vinden respijt in de wijk."
    assert form["process_agreements"].value() == "We overleggen elke maand."
    others = {p.organisation_id for p in deal.partners.all()} - {
        DealPartner.objects.get(deal=deal, role=DealPartner.Role.TREKKER).organisation_id
    }
    assert others <= set(form["invite"].value())
    html = response.content.decode()
    assert "We overleggen elke maand." in html and deal.title in html

    trekker_org = DealPartner.objects.get(deal=deal, role=DealPartner.Role.TREKKER).organisation
    response = client.post(
        start,
        {
            "organisation": trekker_org.pk,
            "title": "Respijt in Charlois",
            "goal": "Mantelzorgers vinden respijt in de wijk.",
            "process_agreements": "We overleggen elke twee weken.",
            "invite": sorted(others),
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    new = Deal.objects.get(title="Respijt in Charlois")
    assert new.process_agreements == "We overleggen elke twee weken."
    invited = DealPartner.objects.filter(deal=new, status=DealPartner.Status.INVITED)
    assert {p.organisation_id for p in invited} == others
    assert DealEvent.objects.filter(deal=new, action="deals.partner.invite").count() == len(others)


def test_a_follow_up_is_prefilled_only_for_someone_who_may_see_the_deal_it_follows(client):
    private = DealFactory(goal="Een geheim doel", process_agreements="Geheime afspraken")
    stranger = MembershipFactory().user
    client.force_login(stranger)
    response = client.get(reverse("deals:start") + f"?vervolg={private.slug}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Een geheim doel" not in html and "Geheime afspraken" not in html and private.title not in html
    assert "invite" not in response.context["form"].fields
    # a plain start (no follow-up) has no agreements or partners to invite either
    response = client.get(reverse("deals:start"))
    assert "process_agreements" not in response.context["form"].fields


# --- phase 4 in the report ---------------------------------------------------------------------


def test_the_bespreking_is_saved_and_shown_in_the_report_html_and_pdf(client):
    schouw, actor, deal, members = schouw_in(Ph.DISCUSSION)
    member = first_members(members)[0]
    partners = list(schouw.partners.select_related("organisation").order_by("pk"))
    fields = {
        "goes_well": "Buren vinden elkaar snel.",
        "can_improve": "De planning kan strakker.",
        "worth_sharing": "Het koffie-uur werkt als vindplaats.",
        "next_steps": "Opschalen naar Charlois.",
        "follow_up_deal": True,
    }
    advice = {p.pk: f"Advies voor {p.organisation.name}: blijf de buurt betrekken." for p in partners}
    services.discussion_save(schouw=schouw, actor=member, fields=fields, advice=advice)
    schouw.refresh_from_db()
    for name, value in fields.items():
        assert getattr(schouw, name) == value, name
    for partner in partners:
        partner.refresh_from_db()
        assert partner.advice == advice[partner.pk]
    assert ModelLogEntry.objects.filter(action="schouw.discussion.save", object_id=str(schouw.pk)).exists()

    services.lesson_add(
        schouw=schouw, actor=member, title="Koffie verbindt", text="Uitleg", kind="samenwerking"
    )
    services.schouw_to_report(schouw=schouw, actor=actor)
    services.report_save(schouw=schouw, actor=member, summary="Een rijk beeld.")
    services.schouw_publish(schouw=schouw, actor=actor)
    schouw.refresh_from_db()

    html = client.get(reverse("schouw:report", args=[schouw.pk])).content.decode()
    reader = PdfReader(io.BytesIO(client.get(reverse("schouw:report_pdf", args=[schouw.pk])).content))
    pdf = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    expected = [
        *[v for v in fields.values() if isinstance(v, str)],
        *advice.values(),
        "De partners gaan verder in een vervolgdeal.",
    ]
    for text in expected:
        assert text in html, text
        assert text in pdf, text


def test_a_published_lesson_links_to_the_report_of_its_schouw(client):
    schouw, actor, deal, members = schouw_in(Ph.PUBLISHED)
    page = LessonPage.objects.get(source="schouw")
    report = reverse("schouw:report", args=[schouw.pk])
    page.get_latest_revision().publish()
    page.refresh_from_db()
    html = client.get(page.url).content.decode()
    assert f'href="{report}"' in html and "Geformuleerd in" in html
    assert f"Verslag van de schouw “{schouw.title}”" in html
