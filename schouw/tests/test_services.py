"""The schouw's services: every write allowed and refused, the phases in order, nothing half-saved."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from wagtail.models import PageLogEntry  # noqa: F401 - Wagtail's log is where audit rows go

from atlas.models import LessonPage
from deals import services as deal_services
from deals.models import Deal, DealEvent
from reisgids.tests.factories import UserFactory
from schouw import services
from schouw.models import Appraisal, Criterion, Lesson, NoSchouwReason, Participant, Schouw
from schouw.tests.factories import civil_servant, first_members, running_deal, schouw_in, trekker_member

pytestmark = pytest.mark.django_db
Ph = Schouw.Phase


def test_an_ambtenaar_plans_a_schouw_with_each_partner_and_an_inbreng_criterion_prefilled():
    deal, members = running_deal(partners=3)
    deal.schouw_setting = "In het buurthuis, met koffie"
    deal.save()
    actor = civil_servant()
    schouw = services.schouw_create(actor=actor, title="Schouw", planned_for=timezone.localdate(), deal=deal)
    assert schouw.phase == Ph.PLANNED and schouw.setting == "In het buurthuis, met koffie"
    assert schouw.partners.count() == 3
    for partner in schouw.partners.all():
        (criterion,) = partner.criteria.all()
        assert criterion.is_inbreng
        assert f"Inbreng van {partner.organisation.name}" in criterion.description


def test_only_an_ambtenaar_plans_and_only_a_running_deal_is_evaluated():
    deal, members = running_deal()
    with pytest.raises(PermissionDenied):
        services.schouw_create(
            actor=first_members(members)[0], title="S", planned_for=timezone.localdate(), deal=deal
        )
    Deal.objects.filter(pk=deal.pk).update(status=Deal.Status.IDEA)
    with pytest.raises(ValidationError):
        services.schouw_create(actor=civil_servant(), title="S", planned_for=timezone.localdate(), deal=deal)
    assert not Schouw.objects.exists()


def test_phases_move_only_in_order_and_only_by_an_ambtenaar():
    schouw, actor, deal, members = schouw_in(Ph.PLANNED)
    with pytest.raises(ValidationError) as refused:
        services.schouw_to_meetlat(schouw=schouw, actor=actor)
    assert "Gepland" in str(refused.value) or "Planned" in str(refused.value)
    with pytest.raises(PermissionDenied):
        services.schouw_open(schouw=schouw, actor=first_members(members)[0])
    services.schouw_open(schouw=schouw, actor=actor)
    schouw.refresh_from_db()
    assert schouw.phase == Ph.OPEN


def test_the_phase_refuses_to_move_while_one_partner_has_not_confirmed_its_meetlat():
    schouw, actor, deal, members = schouw_in(Ph.MEETLAT)
    partners = list(schouw.partners.all())
    for partner in partners[:-1]:
        services.meetlat_confirm(partner=partner, actor=members[partner.organisation_id][0])
    with pytest.raises(ValidationError) as refused:
        services.schouw_to_appraisal(schouw=schouw, actor=actor)
    assert partners[-1].organisation.name in " ".join(refused.value.messages)
    schouw.refresh_from_db()
    assert schouw.phase == Ph.MEETLAT
    services.meetlat_confirm(partner=partners[-1], actor=members[partners[-1].organisation_id][0])
    services.schouw_to_appraisal(schouw=schouw, actor=actor)


def test_a_partner_confirms_only_its_own_meetlat_and_a_change_withdraws_the_confirmation():
    schouw, actor, deal, members = schouw_in(Ph.MEETLAT)
    one, other = list(schouw.partners.all())[:2]
    with pytest.raises(PermissionDenied):
        services.meetlat_confirm(partner=one, actor=members[other.organisation_id][0])
    services.meetlat_confirm(partner=one, actor=members[one.organisation_id][0])
    inbreng = one.criteria.get()
    services.meetlat_save(
        partner=one,
        actor=members[other.organisation_id][0],
        criteria=[
            {"title": inbreng.title, "description": inbreng.description, "is_inbreng": True},
            {"title": "Bereikt de buurt", "description": ""},
        ],
    )
    one.refresh_from_db()
    assert one.meetlat_confirmed_at is None and one.criteria.count() == 2


def test_a_meetlat_without_criteria_or_without_the_inbreng_criterion_is_refused_and_nothing_changes():
    schouw, actor, deal, members = schouw_in(Ph.MEETLAT)
    partner = schouw.partners.first()
    member = members[partner.organisation_id][0]
    with pytest.raises(ValidationError, match="minstens één criterium|at least one criterion"):
        services.meetlat_save(partner=partner, actor=member, criteria=[{"title": "", "description": ""}])
    with pytest.raises(ValidationError):
        services.meetlat_save(partner=partner, actor=member, criteria=[{"title": "Alleen dit"}])
    assert partner.criteria.count() == 1 and partner.criteria.get().is_inbreng
    with pytest.raises(PermissionDenied):
        services.meetlat_save(
            partner=partner, actor=UserFactory(), criteria=[{"title": "x", "is_inbreng": True}]
        )


def test_observations_only_in_the_open_schouw_and_only_by_participants():
    schouw, actor, deal, members = schouw_in(Ph.OPEN)
    member = first_members(members)[0]
    services.observation_add(
        schouw=schouw, actor=member, text="Veel bewoners", tone="positief", expectation="onverwacht"
    )
    with pytest.raises(PermissionDenied):
        services.observation_add(
            schouw=schouw, actor=UserFactory(), text="x", tone="positief", expectation="verwacht"
        )
    with pytest.raises(ValidationError):
        services.observation_add(schouw=schouw, actor=member, text=" ", tone="?", expectation="verwacht")
    services.schouw_to_meetlat(schouw=schouw, actor=actor)
    with pytest.raises(ValidationError):
        services.observation_add(
            schouw=schouw, actor=member, text="Te laat", tone="positief", expectation="verwacht"
        )
    assert schouw.observations.count() == 1


def test_appraisals_refuse_a_score_off_the_scale_and_an_empty_appraisal_and_save_nothing():
    schouw, actor, deal, members = schouw_in(Ph.APPRAISAL)
    member = first_members(members)[0]
    ids = list(Criterion.objects.filter(partner__schouw=schouw).values_list("pk", flat=True))
    with pytest.raises(ValidationError):
        services.appraisal_save(
            schouw=schouw, actor=member, entries={ids[0]: ("Prima", 3), ids[1]: ("Te hoog", 9)}
        )
    with pytest.raises(ValidationError):
        services.appraisal_save(schouw=schouw, actor=member, entries={pk: ("", None) for pk in ids})
    with pytest.raises(ValidationError):
        services.appraisal_save(schouw=schouw, actor=member, entries={ids[0]: ("", 2)})
    assert not Appraisal.objects.exists()
    assert services.appraisal_save(schouw=schouw, actor=member, entries={ids[0]: ("Prima", None)}) == 1
    assert services.appraisal_save(schouw=schouw, actor=member, entries={ids[0]: ("Nog beter", 4)}) == 1
    assert Appraisal.objects.get().score == 4
    with pytest.raises(PermissionDenied):
        services.appraisal_save(schouw=schouw, actor=UserFactory(), entries={ids[0]: ("x", 1)})


def test_an_invited_outsider_gets_a_personal_link_by_mail_appraises_once_and_the_link_is_used_up(
    django_capture_on_commit_callbacks,
):
    schouw, actor, deal, members = schouw_in(Ph.APPRAISAL)
    with django_capture_on_commit_callbacks(execute=True):
        participant, link = services.participant_invite(
            schouw=schouw, actor=actor, kind="peer", name="Piet Peer", email="Piet@Example.org"
        )
    assert participant.email == "piet@example.org" and participant.link_state == "open"
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert participant.token_hash == services.token_hash(token) and token not in participant.token_hash
    (message,) = mail.outbox
    assert message.to == ["piet@example.org"] and link in message.body
    ids = list(Criterion.objects.filter(partner__schouw=schouw).values_list("pk", flat=True))
    services.appraisal_save(schouw=schouw, participant=participant, entries={ids[0]: ("Frisse blik", 2)})
    participant.refresh_from_db()
    assert participant.link_state == "used"
    with pytest.raises(PermissionDenied):
        services.appraisal_save(schouw=schouw, participant=participant, entries={ids[0]: ("Nog eens", 2)})


def test_invitations_refuse_an_invalid_address_a_second_invitation_and_a_non_ambtenaar():
    from reisgids.outbox.models import OutboxMessage

    schouw, actor, deal, members = schouw_in(Ph.OPEN)
    with pytest.raises(ValidationError) as refused:
        services.participant_invite(schouw=schouw, actor=actor, kind="peer", name="X", email="geen-adres")
    assert "email" in refused.value.error_dict
    services.participant_invite(
        schouw=schouw, actor=actor, kind="ervaringsdeskundige", name="E", email="e@x.nl"
    )
    with pytest.raises(ValidationError):
        services.participant_invite(schouw=schouw, actor=actor, kind="peer", name="E", email="E@x.nl")
    with pytest.raises(PermissionDenied):
        services.participant_invite(
            schouw=schouw, actor=first_members(members)[0], kind="peer", name="Y", email="y@x.nl"
        )
    assert Participant.objects.count() == 1
    assert OutboxMessage.objects.filter(task="reisgids.send_mail").count() == 1


def test_a_revoked_or_expired_link_is_refused():
    schouw, actor, deal, members = schouw_in(Ph.APPRAISAL)
    participant, _link = services.participant_invite(
        schouw=schouw, actor=actor, kind="peer", name="P", email="p@x.nl"
    )
    services.participant_revoke(participant=participant, actor=actor)
    participant.refresh_from_db()
    assert participant.link_state == "revoked"
    other, _link = services.participant_invite(
        schouw=schouw, actor=actor, kind="peer", name="Q", email="q@x.nl"
    )
    Participant.objects.filter(pk=other.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    other.refresh_from_db()
    assert other.link_state == "expired"
    ids = list(Criterion.objects.filter(partner__schouw=schouw).values_list("pk", flat=True))
    for person in (participant, other):
        with pytest.raises(PermissionDenied):
            services.appraisal_save(schouw=schouw, participant=person, entries={ids[0]: ("x", None)})


def test_a_revised_agreement_updates_the_deal_with_a_record_of_what_changed_and_why():
    schouw, actor, deal, members = schouw_in(Ph.DISCUSSION)
    Deal.objects.filter(pk=deal.pk).update(process_agreements="Elke maand overleg.")
    member = first_members(members)[0]
    revision = services.agreement_revise(
        schouw=schouw, actor=member, agreements="Elke twee weken overleg.", reason="Het ging te traag."
    )
    deal.refresh_from_db()
    assert deal.process_agreements == "Elke twee weken overleg."
    assert revision.previous == "Elke maand overleg."
    event = DealEvent.objects.get(deal=deal, action="deals.deal.agreements")
    assert event.detail == "Het ging te traag."
    with pytest.raises(ValidationError):
        services.agreement_revise(schouw=schouw, actor=member, agreements="Nieuw", reason=" ")
    with pytest.raises(PermissionDenied):
        services.agreement_revise(schouw=schouw, actor=UserFactory(), agreements="Nieuw", reason="Zo")


def test_publishing_needs_a_report_and_a_lesson_and_drafts_the_lessons_in_the_knowledge_base():
    schouw, actor, deal, members = schouw_in(Ph.REPORT)
    with pytest.raises(ValidationError):
        services.schouw_publish(schouw=schouw, actor=actor)
    services.report_save(schouw=schouw, actor=first_members(members)[0], summary="Rijk beeld.")
    services.schouw_publish(schouw=schouw, actor=actor)
    schouw.refresh_from_db()
    assert schouw.is_published and schouw.published_at and bytes(schouw.report_pdf).startswith(b"%PDF")
    lesson = schouw.lessons.get()
    page = LessonPage.objects.get(pk=lesson.page_id)
    assert not page.live and page.source == "schouw" and page.kind == "systeem"
    assert list(page.deals.all()) == [deal]
    assert set(page.organisations.values_list("pk", flat=True)) == set(members)
    assert lesson.for_kompas
    assert page.get_latest_revision() is not None


def test_a_deal_is_finished_only_after_a_published_report_or_a_recorded_reason():
    deal, members = running_deal()
    trekker = trekker_member(deal, members)
    with pytest.raises(ValidationError, match="schouw"):
        deal_services.deal_finish(deal=deal, actor=trekker, follow_up="Door")
    with pytest.raises(PermissionDenied):
        services.no_schouw_reason_record(deal=deal, actor=civil_servant(), reason="Geen tijd")
    with pytest.raises(ValidationError):
        services.no_schouw_reason_record(deal=deal, actor=trekker, reason=" ")
    services.no_schouw_reason_record(deal=deal, actor=trekker, reason="De partners stopten eerder.")
    deal_services.deal_finish(deal=deal, actor=trekker, follow_up="Door")
    deal.refresh_from_db()
    assert deal.status == Deal.Status.FINISHED


def test_a_published_schouw_lets_the_deal_finish():
    schouw, actor, deal, members = schouw_in(Ph.PUBLISHED)
    deal_services.deal_finish(deal=deal, actor=trekker_member(deal, members), follow_up="Vervolgdeal")
    assert not NoSchouwReason.objects.exists()


def test_procesafspraken_plan_the_next_schouw_and_reminders_go_once():
    deal, members = running_deal()
    deal.schouw_frequency = "twee keer per jaar"
    deal.start_date = datetime.date(2026, 1, 31)
    assert services.next_schouw_date(deal) == datetime.date(2026, 7, 31)
    assert services.frequency_months("elk kwartaal") == 3
    assert services.frequency_months("jaarlijks") == 12
    actor = civil_servant()
    today = timezone.localdate()
    services.schouw_create(
        actor=actor, title="Binnenkort", planned_for=today + datetime.timedelta(days=3), deal=deal
    )
    services.schouw_create(
        actor=actor, title="Later", planned_for=today + datetime.timedelta(days=60), deal=deal
    )
    mail.outbox.clear()
    assert services.send_reminders(today=today) == 1
    assert services.send_reminders(today=today) == 0


def test_lessons_need_title_text_and_kind():
    schouw, actor, deal, members = schouw_in(Ph.DISCUSSION)
    member = first_members(members)[0]
    with pytest.raises(ValidationError) as refused:
        services.lesson_add(schouw=schouw, actor=member, title="", text="", kind="x")
    assert set(refused.value.error_dict) == {"title", "text", "kind"}
    assert not Lesson.objects.exists()


def test_a_peer_review_needs_two_initiatives_and_a_college_tour_needs_no_deal():
    from reisgids.tests.factories import OrganisationFactory

    actor = civil_servant()
    one, two = OrganisationFactory(), OrganisationFactory()
    with pytest.raises(ValidationError):
        services.schouw_create(
            actor=actor, kind="peer-review", title="P", planned_for=timezone.localdate(), organisations=[one]
        )
    review = services.schouw_create(
        actor=actor, kind="peer-review", title="P", planned_for=timezone.localdate(), organisations=[one, two]
    )
    assert review.deal is None and review.partners.count() == 2
    assert all(c.is_inbreng for c in Criterion.objects.filter(partner__schouw=review))
    tour = services.schouw_create(
        actor=actor, kind="college-tour", title="Tour", planned_for=timezone.localdate(), organisations=[one]
    )
    participant, _link = services.participant_invite(
        schouw=tour, actor=actor, kind="wethouder", name="Wethouder Zorg", email="wethouder@example.org"
    )
    assert participant.get_kind_display() in ("Wethouder", "Alderman")


def test_a_link_of_one_schouw_cannot_write_in_another():
    first, actor, _deal, _members = schouw_in(Ph.APPRAISAL)
    second, _actor, _deal2, _members2 = schouw_in(Ph.APPRAISAL, actor=actor, title="Andere schouw")
    participant, _link = services.participant_invite(
        schouw=first, actor=actor, kind="peer", name="P", email="p@x.nl"
    )
    other = Criterion.objects.filter(partner__schouw=second).first()
    with pytest.raises(PermissionDenied):
        services.appraisal_save(schouw=second, participant=participant, entries={other.pk: ("x", None)})
    with pytest.raises(PermissionDenied):
        services.appraisal_save(schouw=first, participant=participant, entries={other.pk: ("x", None)})
    assert not Appraisal.objects.exists()


def test_download_my_data_holds_what_a_person_wrote_in_a_schouw():
    from reisgids.accounts.exports import EXPORT_SECTIONS

    schouw, actor, deal, members = schouw_in(Ph.OPEN)
    member = first_members(members)[0]
    services.observation_add(
        schouw=schouw, actor=member, text="Wat ik zag", tone="positief", expectation="verwacht"
    )
    data = EXPORT_SECTIONS["schouw"](member)
    assert data["observations"][0]["text"] == "Wat ik zag"
    assert EXPORT_SECTIONS["schouw"](actor)["schouwen_run"][0]["title"] == schouw.title
