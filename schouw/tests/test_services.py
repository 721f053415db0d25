"""The schouw's services: every write allowed and refused, the phases in order, nothing half-saved."""

import datetime
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.models import ModelLogEntry, PageLogEntry  # noqa: F401 - Wagtail's log is where audit rows go

from atlas.models import LessonPage
from deals import services as deal_services
from deals.models import Deal, DealEvent
from reisgids.tests.factories import UserFactory
from schouw import selectors, services
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


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("elke twee maanden", 2),
        ("Elke 2 maanden", 2),
        ("om de drie maanden", 3),
        ("tweemaandelijks", 2),
        ("maandelijks", 1),
        ("elke maand", 1),
        ("elk kwartaal", 3),
        ("per kwartaal", 3),
        ("Twee keer per jaar", 6),
        ("2x per jaar", 6),
        ("drie keer per jaar", 4),
        ("vier keer per jaar", 3),
        ("elk half jaar", 6),
        ("halfjaarlijks", 6),
        ("jaarlijks", 12),
        ("eens per jaar", 12),
        ("één keer per jaar", 12),
        ("elke twee jaar", 24),
        ("", 12),
        ("als het uitkomt", 12),
    ],
)
def test_the_frequency_of_the_procesafspraken_reads_the_usual_phrasings(text, months):
    assert services.frequency_months(text) == months


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


# --- the outsiders' fresh eye --------------------------------------------------------------------


def test_the_bespreking_waits_for_an_outsider_to_appraise(django_capture_on_commit_callbacks):
    schouw, actor, deal, members = schouw_in(Ph.APPRAISAL)
    ids = list(Criterion.objects.filter(partner__schouw=schouw).values_list("pk", flat=True))
    for person in first_members(members):
        services.appraisal_save(schouw=schouw, actor=person, entries={ids[0]: ("Goed", 3)})
    with pytest.raises(ValidationError) as refused:
        services.schouw_to_discussion(schouw=schouw, actor=actor)
    with translation.override("nl"):
        assert refused.value.messages == [
            "Nog geen buitenstaander heeft gewaardeerd: minstens één externe peer of "
            "ervaringsdeskundige waardeert voordat de resultaten worden besproken."
        ]
    schouw.refresh_from_db()
    assert schouw.phase == Ph.APPRAISAL
    # an invited alderman is no peer or ervaringsdeskundige; an invited peer who has not handed in
    # its appraisal does not count either
    alderman, _link = services.participant_invite(
        schouw=schouw, actor=actor, kind="wethouder", name="W", email="w@x.nl"
    )
    services.appraisal_save(schouw=schouw, participant=alderman, entries={ids[0]: ("Mooi", 3)})
    services.participant_invite(schouw=schouw, actor=actor, kind="peer", name="P", email="p@x.nl")
    with pytest.raises(ValidationError):
        services.schouw_to_discussion(schouw=schouw, actor=actor)
    expert, _link = services.participant_invite(
        schouw=schouw, actor=actor, kind="ervaringsdeskundige", name="E", email="e@x.nl"
    )
    services.appraisal_save(schouw=schouw, participant=expert, entries={ids[0]: ("Warm", 4)})
    services.schouw_to_discussion(schouw=schouw, actor=actor)
    schouw.refresh_from_db()
    assert schouw.phase == Ph.DISCUSSION


def test_an_outsider_invited_before_the_appraisal_gets_its_link_when_it_opens(
    client, django_capture_on_commit_callbacks
):
    schouw, actor, deal, members = schouw_in(Ph.MEETLAT)
    with django_capture_on_commit_callbacks(execute=True):
        early, link = services.participant_invite(
            schouw=schouw, actor=actor, kind="peer", name="Vroege Vogel", email="vroeg@x.nl"
        )
        revoked, _link = services.participant_invite(
            schouw=schouw, actor=actor, kind="peer", name="Ingetrokken", email="weg@x.nl"
        )
        services.participant_revoke(participant=revoked, actor=actor)
    assert link is None
    (invitation, _other) = mail.outbox
    assert invitation.to == ["vroeg@x.nl"] and "/schouw/uitnodiging/" not in invitation.body
    assert "Als die begint, krijg je een e-mail met je persoonlijke link" in invitation.body
    mail.outbox.clear()
    for partner in schouw.partners.all():
        services.meetlat_confirm(partner=partner, actor=members[partner.organisation_id][0])
    with django_capture_on_commit_callbacks(execute=True):
        services.schouw_to_appraisal(schouw=schouw, actor=actor)
    links = [m for m in mail.outbox if "/schouw/uitnodiging/" in m.body]
    assert [m.to for m in links] == [["vroeg@x.nl"]]  # not the revoked one
    (message,) = links
    assert message.subject == f"De waarderende schouw “{schouw.title}” is open: je persoonlijke link"
    path = re.search(r"https?://[^/\s]+(/schouw/uitnodiging/\S+/)", message.body).group(1)
    assert client.get(path).status_code == 200  # the link opens the appraisal form now
    early.refresh_from_db()
    assert early.link_state == "open"


# --- the overdue report and the audit of the phases -----------------------------------------------


def test_the_overdue_report_lists_late_schouwen_and_due_deals_but_not_a_deal_with_a_schouw_planned():
    today = timezone.localdate()
    long_ago = today - datetime.timedelta(days=400)
    actor = civil_servant()
    late_deal, _members = running_deal(title="Deal met een late schouw")
    due_deal, _members = running_deal(title="Deal die toe is aan een schouw")
    planned_deal, _members = running_deal(title="Deal met een geplande schouw")
    fresh_deal, _members = running_deal(title="Deal die net begon")
    for deal, start in (
        (late_deal, long_ago),
        (due_deal, long_ago),
        (planned_deal, long_ago),
        (fresh_deal, today),
    ):
        Deal.objects.filter(pk=deal.pk).update(start_date=start, schouw_frequency="jaarlijks")
    late = services.schouw_create(
        actor=actor, title="Te laat", planned_for=today - datetime.timedelta(days=10), deal=late_deal
    )
    services.schouw_create(
        actor=actor, title="Komt nog", planned_for=today + datetime.timedelta(days=10), deal=planned_deal
    )
    late_list, due = selectors.overdue(today=today)
    assert late_list == [late]
    assert due == [(due_deal, services._add_months(long_ago, 12))]


def test_the_overdue_report_in_beheer_shows_them(client):
    from reisgids.roles import CIVIL_SERVANTS_GROUP
    from reisgids.tests.beheer import staff_client

    today = timezone.localdate()
    due_deal, _members = running_deal(title="Deal die toe is aan een schouw")
    planned_deal, _members = running_deal(title="Deal met een geplande schouw")
    Deal.objects.filter(pk__in=[due_deal.pk, planned_deal.pk]).update(
        start_date=today - datetime.timedelta(days=400), schouw_frequency="elke twee maanden"
    )
    user = staff_client(client, "schouw.view_schouw", group=CIVIL_SERVANTS_GROUP)
    services.schouw_create(
        actor=user,
        title="Schouw van gisteren",
        planned_for=today - datetime.timedelta(days=1),
        deal=planned_deal,
    )
    html = client.get(reverse("schouw_overdue")).content.decode()
    assert "Schouw van gisteren" in html and "Deal die toe is aan een schouw" in html
    assert "Deal met een geplande schouw" in html  # only as the deal of the late schouw
    assert html.count("Deal met een geplande schouw") == 1


def test_every_phase_change_writes_its_audit_row():
    schouw, actor, deal, members = schouw_in(Ph.PUBLISHED)
    rows = ModelLogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Schouw),
        object_id=str(schouw.pk),
        action__startswith="schouw.schouw.",
    ).order_by("timestamp", "pk")
    assert [(row.action, row.user_id) for row in rows] == [
        ("schouw.schouw.create", actor.pk),
        ("schouw.schouw.open", actor.pk),
        ("schouw.schouw.meetlat", actor.pk),
        ("schouw.schouw.appraise", actor.pk),
        ("schouw.schouw.discuss", actor.pk),
        ("schouw.schouw.report", actor.pk),
        ("schouw.schouw.publish", actor.pk),
    ]
    assert all(row.data.get("deal") == deal.pk for row in rows)
    # a refused phase change writes nothing
    other, other_actor, _deal, _members = schouw_in(Ph.OPEN, title="Andere schouw")
    before = ModelLogEntry.objects.count()
    with pytest.raises(ValidationError):
        services.schouw_to_discussion(schouw=other, actor=other_actor)
    assert ModelLogEntry.objects.count() == before
