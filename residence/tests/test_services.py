"""The services of the residencies: allowed and refused for every write, the Dutch messages, the
handrem through the deal's step guard, the joint closing, the weekly reminder's uniqueness and the
anonymisation on account deletion."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone

from deals import services as deal_services
from deals.models import Deal
from deals.tests.factories import DealPartnerFactory
from reisgids.accounts.services import account_delete
from reisgids.notifications.models import Notification
from reisgids.tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from residence import services
from residence.models import Concern, ConcernReminder, LogEntry, Residency
from residence.tests.factories import ConcernFactory, LogEntryFactory, ResidencyFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64 + b"PE\x00\x00"


def _proposal(residency_or_deal=None, **changes):
    residency = ResidencyFactory.build() if residency_or_deal is None else residency_or_deal
    return residency


@pytest.fixture
def deal_with_partners():
    """A running deal: trekker (home) and a gemeente-afdeling (host), each with a beheerder, and a
    third partner."""
    residency = ResidencyFactory(planned=True)
    deal = residency.deal
    home, host = residency.home_partner, residency.host_partner
    third = DealPartnerFactory(deal=deal).organisation
    residency.delete()
    return {
        "deal": deal,
        "home": home,
        "host": host,
        "third": third,
        "home_beheerder": MembershipFactory(organisation=home, beheerder=True).user,
        "host_beheerder": MembershipFactory(organisation=host, beheerder=True).user,
        "resident": MembershipFactory(organisation=home).user,
        "third_member": MembershipFactory(organisation=third).user,
    }


def propose(d, actor=None, **changes):
    data = {
        "deal": d["deal"],
        "actor": actor or d["home_beheerder"],
        "person": d["resident"],
        "home_partner": d["home"],
        "host_partner": d["host"],
        "starts_on": timezone.localdate(),
        "ends_on": timezone.localdate() + datetime.timedelta(days=180),
        "time_amount": 16,
        "time_unit": "uren",
        "functions": ["signaleren", "bemiddelen"],
        "openness": "Ziet de wijkplanning.",
        **changes,
    }
    return services.residency_propose(**data)


def test_a_member_of_a_partner_proposes_and_both_beheerders_confirm(deal_with_partners):
    d = deal_with_partners
    residency = propose(d, actor=d["third_member"])
    assert residency.status == Residency.Status.PLANNED
    assert Notification.objects.filter(recipient=d["host_beheerder"]).exists()

    residency = services.residency_confirm(residency=residency, actor=d["home_beheerder"])
    assert residency.status == Residency.Status.PLANNED and residency.home_confirmed_at
    with pytest.raises(ValidationError):
        services.residency_confirm(residency=residency, actor=d["home_beheerder"])

    residency = services.residency_confirm(residency=residency, actor=d["host_beheerder"])
    assert residency.status == Residency.Status.ACTIVE
    assert Notification.objects.filter(recipient=d["resident"], subject__icontains="gestart").exists()


def test_only_a_beheerder_of_home_or_host_confirms(deal_with_partners):
    d = deal_with_partners
    residency = propose(d)
    for outsider in (d["resident"], d["third_member"], UserFactory()):
        with pytest.raises(PermissionDenied):
            services.residency_confirm(residency=residency, actor=outsider)
    assert Residency.objects.get().home_confirmed_at is None


def test_a_stranger_cannot_propose(deal_with_partners):
    with pytest.raises(PermissionDenied):
        propose(deal_with_partners, actor=MembershipFactory().user)
    assert not Residency.objects.exists()


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"ends_on": timezone.localdate() - datetime.timedelta(days=1)}, "ends_on"),
        ({"functions": []}, "functions"),
        ({"openness": "  "}, "openness"),
        ({"time_amount": 0}, "time_amount"),
        ({"time_amount": 61}, "time_amount"),
        ({"time_amount": 6, "time_unit": "dagen"}, "time_amount"),
        ({"time_amount": None}, "time_amount"),
        ({"time_unit": "weken"}, "time_unit"),
    ],
)
def test_bad_input_is_refused_next_to_the_field(deal_with_partners, changes, field):
    with pytest.raises(ValidationError) as error:
        propose(deal_with_partners, **changes)
    assert field in error.value.error_dict
    assert not Residency.objects.exists()


def test_the_resident_must_be_a_member_of_the_home_partner(deal_with_partners):
    d = deal_with_partners
    with pytest.raises(ValidationError) as error:
        propose(d, person=d["third_member"])
    assert "lid van" in " ".join(error.value.message_dict["person"])  # Dutch
    with pytest.raises(ValidationError) as error:
        propose(d, host_partner=d["home"])
    assert "host_partner" in error.value.error_dict
    with pytest.raises(ValidationError) as error:
        propose(d, host_partner=OrganisationFactory())
    assert "host_partner" in error.value.error_dict


# --- the log ----------------------------------------------------------------------------------


def entry(residency, actor=None, **changes):
    data = {
        "residency": residency,
        "actor": actor or residency.person,
        "date": timezone.localdate(),
        "kind": LogEntry.Kind.VISIT,
        "text": "Werkbezoek bij het wijkteam.",
        "visibility": LogEntry.Visibility.ALL,
        **changes,
    }
    return services.entry_create(**data)


def test_only_the_resident_writes_and_changes_the_log():
    residency = ResidencyFactory()
    written = entry(residency)
    host_member = MembershipFactory(organisation=residency.host_partner).user
    with pytest.raises(PermissionDenied):
        entry(residency, actor=host_member)
    with pytest.raises(PermissionDenied):
        services.entry_update(
            entry=written,
            actor=host_member,
            date=written.date,
            kind=written.kind,
            text="Anders",
            visibility=written.visibility,
        )
    services.entry_update(
        entry=written,
        actor=residency.person,
        date=written.date,
        kind=written.kind,
        text="Aangevuld",
        visibility=LogEntry.Visibility.PAIR,
    )
    assert LogEntry.objects.get().text == "Aangevuld"


def test_no_log_entries_before_the_residency_is_active():
    residency = ResidencyFactory(planned=True)
    with pytest.raises(ValidationError):
        entry(residency)


def test_an_attachment_is_recognised_by_its_content_and_stored_privately(tmp_path):
    residency = ResidencyFactory()
    with override_settings(PRIVATE_MEDIA_ROOT=tmp_path):
        written = entry(residency, attachment=SimpleUploadedFile("verslag.pdf", PDF))
        assert written.attachment_type == "application/pdf"
        assert written.attachment_name == "verslag.pdf"
        assert written.attachment.name.endswith(".pdf") and "verslag" not in written.attachment.name
        assert (tmp_path / written.attachment.name).read_bytes() == PDF


@pytest.mark.parametrize(
    "name, content",
    [("verslag.pdf", EXE), ("setup.exe", EXE), ("foto.png", PDF), ("notities.txt", b"gewoon tekst")],
)
def test_an_attachment_of_the_wrong_type_is_refused(name, content, tmp_path):
    residency = ResidencyFactory()
    with override_settings(PRIVATE_MEDIA_ROOT=tmp_path), pytest.raises(ValidationError) as error:
        entry(residency, attachment=SimpleUploadedFile(name, content))
    assert "attachment" in error.value.error_dict
    assert not LogEntry.objects.exists()


def test_an_attachment_over_the_limit_is_refused(tmp_path):
    residency = ResidencyFactory()
    with override_settings(PRIVATE_MEDIA_ROOT=tmp_path, RESIDENCE_ATTACHMENT_MAX_BYTES=100):
        with pytest.raises(ValidationError) as error:
            entry(residency, attachment=SimpleUploadedFile("groot.pdf", PDF + b"0" * 200))
    assert "te groot" in str(error.value.error_dict["attachment"])
    assert not LogEntry.objects.exists()


def test_partners_respond_and_strangers_do_not():
    written = LogEntryFactory()
    host_member = MembershipFactory(organisation=written.residency.host_partner).user
    response = services.response_create(entry=written, actor=host_member, text="Dank!", viewer_may_see=True)
    assert response.organisation == written.residency.host_partner
    assert Notification.objects.filter(recipient=written.residency.person).exists()
    with pytest.raises(PermissionDenied):
        services.response_create(
            entry=written, actor=MembershipFactory().user, text="Hoi", viewer_may_see=True
        )
    with pytest.raises(ValidationError):
        services.response_create(entry=written, actor=host_member, text=" ", viewer_may_see=True)


# --- concerns and the handrem -----------------------------------------------------------------


def test_the_handrem_stops_every_step_until_both_partners_confirm(deal_with_partners):
    d = deal_with_partners
    residency = ResidencyFactory(
        deal=d["deal"], home_partner=d["home"], host_partner=d["host"], person=d["resident"]
    )
    concern = services.concern_raise(
        residency=residency,
        actor=d["resident"],
        title="Wijkteam deelt geen signalen",
        severity="handrem",
        owner=d["host"],
    )
    # Every partner is told at once.
    for user in (d["home_beheerder"], d["host_beheerder"], d["third_member"]):
        assert Notification.objects.filter(recipient=user, subject__icontains="Handrem").exists()

    trekker = d["home_beheerder"]
    with pytest.raises(ValidationError) as error:
        deal_services.deal_finish(deal=d["deal"], actor=trekker, follow_up="Doorgaan")
    assert "handrem" in " ".join(error.value.messages)
    with pytest.raises(ValidationError):
        deal_services.deal_stop(deal=d["deal"], actor=trekker, reason="Stoppen")

    with pytest.raises(PermissionDenied):
        services.concern_confirm_resolution(concern=concern, actor=d["third_member"], resolution="Klaar")
    services.concern_confirm_resolution(
        concern=concern, actor=d["home_beheerder"], resolution="Afspraak gemaakt"
    )
    assert Concern.objects.get().status == Concern.Status.OPEN
    with pytest.raises(ValidationError):
        deal_services.deal_finish(deal=d["deal"], actor=trekker, follow_up="Doorgaan")
    services.concern_confirm_resolution(
        concern=concern, actor=d["host_beheerder"], resolution="Afspraak gemaakt"
    )
    concern.refresh_from_db()
    assert concern.status == Concern.Status.CLOSED and concern.closed_at

    # "afgerond" also needs a schouw (the schouw's own guard); stopping needs nothing else
    deal = deal_services.deal_stop(deal=d["deal"], actor=trekker, reason="Stoppen")
    assert deal.status == Deal.Status.STOPPED


def test_another_resolution_text_asks_the_other_partner_again(deal_with_partners):
    d = deal_with_partners
    residency = ResidencyFactory(
        deal=d["deal"], home_partner=d["home"], host_partner=d["host"], person=d["resident"]
    )
    concern = ConcernFactory(residency=residency)
    services.concern_confirm_resolution(concern=concern, actor=d["home_beheerder"], resolution="Versie 1")
    services.concern_confirm_resolution(concern=concern, actor=d["host_beheerder"], resolution="Versie 2")
    concern.refresh_from_db()
    assert concern.status == Concern.Status.OPEN
    assert concern.host_confirmed_at and concern.home_confirmed_at is None
    services.concern_confirm_resolution(concern=concern, actor=d["home_beheerder"], resolution="Versie 2")
    concern.refresh_from_db()
    assert concern.status == Concern.Status.CLOSED and concern.resolution == "Versie 2"


def test_an_empty_concern_and_a_stranger_are_refused():
    residency = ResidencyFactory()
    with pytest.raises(ValidationError) as error:
        services.concern_raise(
            residency=residency, actor=residency.person, title=" ", severity="", owner=None
        )
    assert {"title", "severity", "owner"} <= set(error.value.error_dict)
    with pytest.raises(PermissionDenied):
        services.concern_raise(
            residency=residency,
            actor=MembershipFactory().user,
            title="X",
            severity="signaal",
            owner=residency.host_partner,
        )
    assert not Concern.objects.exists()


def test_a_reminder_goes_once_per_concern_per_week():
    concern = ConcernFactory(old=True)
    owner = MembershipFactory(organisation=concern.owner, beheerder=True).user
    ConcernFactory(residency=concern.residency)  # young: no reminder
    ConcernFactory(residency=concern.residency, old=True, closed=True)  # closed: none
    week, ids = services.concerns_to_remind()
    assert ids == [concern.pk]
    assert services.concern_remind(concern_id=concern.pk, week=week) is True
    assert services.concern_remind(concern_id=concern.pk, week=week) is False
    assert services.concerns_to_remind() == (week, [])
    assert Notification.objects.filter(recipient=owner).count() == 1
    next_week = timezone.now() + datetime.timedelta(days=7)
    assert services.concerns_to_remind(now=next_week)[1] == [concern.pk]
    assert ConcernReminder.objects.count() == 1


@pytest.mark.parametrize("days, reminded", [(13, False), (15, True)])
def test_a_reminder_is_for_concerns_open_longer_than_fourteen_days(days, reminded):
    concern = ConcernFactory(raised_at=timezone.now() - datetime.timedelta(days=days))
    assert (concern.pk in services.concerns_to_remind()[1]) is reminded
    assert services.concern_remind(concern_id=concern.pk, week=services.iso_week(timezone.localdate())) is (
        reminded
    )


def test_account_deletion_takes_the_name_off_the_public_page():
    residency = ResidencyFactory(name_public=True)
    entry = LogEntryFactory(residency=residency)
    account_delete(user=residency.person, actor=residency.person)
    residency.refresh_from_db()
    assert residency.name_public is False
    entry.refresh_from_db()
    assert entry.author.anonymised_at is not None and not entry.author.get_full_name()


def test_the_demo_residency_is_idempotent():
    from deals.demo import seed_deals
    from reisgids import demo
    from residence.demo import seed_residence

    demo.load()
    seed_deals()
    assert seed_residence() == 12
    counts = (Residency.objects.count(), LogEntry.objects.count(), Concern.objects.count())
    seed_residence()
    assert (
        (Residency.objects.count(), LogEntry.objects.count(), Concern.objects.count()) == counts == (1, 12, 2)
    )
    residency = Residency.objects.get()
    assert residency.status == Residency.Status.ACTIVE
    assert residency.host_partner.slug == "gebiedsorganisatie-delfshaven"
    assert residency.home_partner.kind == "initiatief" and residency.deal.title == (
        "Respijt voor mantelzorgers in Delfshaven"
    )
    assert Concern.objects.get(status="open").severity == Concern.Severity.PROBLEM  # an open knelpunt
    assert Concern.objects.get(status="gesloten").resolution
    activity = residency.activities.get()
    assert activity.is_public and activity.kind == "workshop"


def test_the_resident_plans_and_reports_on_side_activities_and_nobody_else():
    from residence.models import Activity

    residency = ResidencyFactory()
    host_member = MembershipFactory(organisation=residency.host_partner).user
    data = {
        "kind": "workshop",
        "title": "Samen ontwikkelen",
        "starts_at": timezone.now() + datetime.timedelta(days=3),
        "place": "Buurthuis",
        "partners": [residency.host_partner],
        "is_public": True,
    }
    with pytest.raises(PermissionDenied):
        services.activity_create(residency=residency, actor=host_member, **data)
    with pytest.raises(ValidationError) as error:
        services.activity_create(
            residency=residency, actor=residency.person, **data | {"partners": [OrganisationFactory()]}
        )
    assert "partners" in error.value.error_dict
    activity = services.activity_create(residency=residency, actor=residency.person, **data)
    with pytest.raises(ValidationError):  # not yet held
        services.activity_report(activity=activity, actor=residency.person, report="Goed gegaan")
    Activity.objects.filter(pk=activity.pk).update(starts_at=timezone.now() - datetime.timedelta(days=1))
    with pytest.raises(PermissionDenied):
        services.activity_report(activity=activity, actor=host_member, report="Goed gegaan")
    services.activity_report(activity=activity, actor=residency.person, report="Goed gegaan")
    assert Activity.objects.get().report == "Goed gegaan"


def test_a_residency_ends_with_a_note_by_home_host_or_resident_only():
    residency = ResidencyFactory()
    third = DealPartnerFactory(deal=residency.deal).organisation
    with pytest.raises(PermissionDenied):
        services.residency_end(
            residency=residency, actor=MembershipFactory(organisation=third).user, end_note="x"
        )
    with pytest.raises(ValidationError) as error:
        services.residency_end(residency=residency, actor=residency.person, end_note=" ")
    assert "end_note" in error.value.error_dict
    host_member = MembershipFactory(organisation=residency.host_partner).user
    ended = services.residency_end(residency=residency, actor=host_member, end_note="Doel bereikt.")
    assert ended.status == Residency.Status.ENDED and ended.ends_on == timezone.localdate()
    with pytest.raises(ValidationError):
        services.residency_end(residency=residency, actor=host_member, end_note="Nog eens")
    with pytest.raises(ValidationError):  # an ended residency takes no more entries
        entry(residency)
