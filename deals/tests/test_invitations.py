"""Answering, withdrawing and lapsing invitations (issue 9, item 12): who may answer for an invited
organisation (one rule for the notification, the deal page and the guards), the network manager
who assigns a member to answer, the trekker who withdraws, and invitations that lapse; each both
ways, with the audit row, the timeline line and the notifications."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from wagtail.models import ModelLogEntry

from deals import selectors, services
from deals.models import DealEvent, DealPartner
from deals.tests.factories import DealFactory, DealPartnerFactory, ready_to_close
from reisgids.notifications.models import Notification
from reisgids.roles import NETWORK_MANAGERS_GROUP
from reisgids.tests.factories import ContactPointFactory, MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def member_of(organisation, **kwargs):
    return MembershipFactory(organisation=organisation, **kwargs).user


def aanspreekpunt_of(organisation):
    """A member of ``organisation`` who is one of its aanspreekpunten."""
    user = member_of(organisation)
    ContactPointFactory(organisation=organisation, user=user)
    return user


def trekker_member(deal):
    return member_of(deal.partners.get(role=DealPartner.Role.TREKKER).organisation)


def network_manager():
    user = UserFactory()
    user.groups.add(Group.objects.get_or_create(name=NETWORK_MANAGERS_GROUP)[0])
    return user


def audit_actions(deal):
    return list(ModelLogEntry.objects.filter(object_id=str(deal.pk)).values_list("action", flat=True))


def invited(deal=None, **kwargs):
    """An open invitation of a new gemeente organisation (no members yet) to ``deal``."""
    kwargs.setdefault("invited_at", timezone.now())
    return DealPartnerFactory(
        deal=deal or DealFactory(idea_step=True),
        organisation=OrganisationFactory(gemeente=True),
        invited=True,
        **kwargs,
    )


# --- who may answer ----------------------------------------------------------------------------


def test_aanspreekpunt_member_of_an_organisation_without_beheerder_is_notified_and_accepts(
    django_capture_on_commit_callbacks,
):
    deal = DealFactory(idea_step=True)
    gemeente = OrganisationFactory(gemeente=True, name="Gebiedsorganisatie Delfshaven")
    noor = aanspreekpunt_of(gemeente)
    plain = member_of(gemeente)
    ContactPointFactory(organisation=gemeente, user=UserFactory())  # an aanspreekpunt who is no member
    with django_capture_on_commit_callbacks(execute=True):
        partner = services.partner_invite(deal=deal, actor=trekker_member(deal), organisation=gemeente)
    assert partner.invited_at is not None
    assert [n.recipient for n in Notification.objects.all()] == [noor]
    assert not selectors.may_answer(user=plain, partner=partner)
    with pytest.raises(PermissionDenied):
        services.partner_respond(partner=partner, actor=plain, accept=True)
    services.partner_respond(partner=partner, actor=noor, accept=True)
    partner.refresh_from_db()
    assert partner.status == DealPartner.Status.ACCEPTED
    assert DealEvent.objects.filter(deal=deal, action="deals.partner.accept", actor=noor).exists()


def test_member_or_aanspreekpunt_of_another_organisation_may_not_answer():
    partner = invited()
    other = OrganisationFactory(gemeente=True)
    for outsider in (aanspreekpunt_of(other), member_of(other, beheerder=True), trekker_member(partner.deal)):
        assert not selectors.may_answer(user=outsider, partner=partner)
        with pytest.raises(PermissionDenied):
            services.partner_respond(partner=partner, actor=outsider, accept=True)
    # Being an aanspreekpunt of the invited organisation without being its member is not enough.
    contact_only = UserFactory()
    ContactPointFactory(organisation=partner.organisation, user=contact_only)
    with pytest.raises(PermissionDenied):
        services.partner_respond(partner=partner, actor=contact_only, accept=False)
    partner.refresh_from_db()
    assert partner.status == DealPartner.Status.INVITED


def test_beheerders_answer_when_there_are_any_and_inactive_members_never():
    partner = invited()
    noor = aanspreekpunt_of(partner.organisation)
    assert selectors.may_answer(user=noor, partner=partner)
    beheerder = member_of(partner.organisation, beheerder=True)
    assert selectors.invitation_responders(partner=partner) == [beheerder]
    assert not selectors.may_answer(user=noor, partner=partner)
    beheerder.is_active = False
    beheerder.save(update_fields=["is_active"])
    assert selectors.invitation_responders(partner=partner) == [noor]


def test_responders_of_many_invitations_in_one_query(django_assert_num_queries):
    deal = DealFactory(idea_step=True)
    partners = [invited(deal) for _ in range(4)]
    expected = {}
    for partner in partners:
        expected[partner.pk] = {aanspreekpunt_of(partner.organisation).pk}
        member_of(partner.organisation)
    with django_assert_num_queries(1):
        assert selectors.invitation_responder_ids(partners) == expected


def test_invitation_nobody_can_answer_goes_to_the_network_managers(django_capture_on_commit_callbacks):
    deal = DealFactory(idea_step=True)
    afdeling = OrganisationFactory(gemeente=True)
    plain = member_of(afdeling)
    manager = network_manager()
    with django_capture_on_commit_callbacks(execute=True):
        services.partner_invite(deal=deal, actor=trekker_member(deal), organisation=afdeling)
    notification = Notification.objects.get()
    assert notification.recipient == manager
    assert "Niemand kan de uitnodiging" in notification.subject
    assert not Notification.objects.filter(recipient=plain).exists()


def test_accepted_suggestion_notifies_the_aanspreekpunt(django_capture_on_commit_callbacks):
    deal = DealFactory(idea_step=True)
    gemeente = OrganisationFactory(gemeente=True)
    noor = aanspreekpunt_of(gemeente)
    suggestion = services.partner_suggest(deal=deal, actor=network_manager(), organisation=gemeente)
    with django_capture_on_commit_callbacks(execute=True):
        services.partner_decide(partner=suggestion, actor=trekker_member(deal), accept=True)
    suggestion.refresh_from_db()
    assert suggestion.status == DealPartner.Status.INVITED and suggestion.invited_at is not None
    assert Notification.objects.get(recipient=noor).url == deal.get_absolute_url()


# --- a responder assigned by the network manager -----------------------------------------------


def test_network_manager_assigns_a_responder_who_may_accept(django_capture_on_commit_callbacks):
    partner = invited()
    chosen = member_of(partner.organisation)
    assert not selectors.may_answer(user=chosen, partner=partner)
    manager = network_manager()
    with django_capture_on_commit_callbacks(execute=True):
        services.partner_assign_responder(partner=partner, actor=manager, user=chosen)
    partner.refresh_from_db()
    assert partner.responder == chosen
    assert "deals.partner.assign_responder" in audit_actions(partner.deal)
    event = DealEvent.objects.get(deal=partner.deal, action="deals.partner.assign_responder")
    assert (event.actor, event.organisation_name) == (manager, partner.organisation.name)
    notification = Notification.objects.get()
    assert notification.recipient == chosen and "beantwoorden" in notification.subject
    assert selectors.may_answer(user=chosen, partner=partner)
    services.partner_respond(partner=partner, actor=chosen, accept=True)
    partner.refresh_from_db()
    assert partner.status == DealPartner.Status.ACCEPTED


def test_only_a_network_manager_assigns_and_only_a_member_of_that_organisation():
    partner = invited()
    chosen = member_of(partner.organisation)
    for actor in (
        trekker_member(partner.deal),
        chosen,
        member_of(partner.organisation, beheerder=True),
        aanspreekpunt_of(partner.organisation),
        UserFactory(),
    ):
        with pytest.raises(PermissionDenied):
            services.partner_assign_responder(partner=partner, actor=actor, user=chosen)
    manager = network_manager()
    stranger = member_of(OrganisationFactory())
    with pytest.raises(ValidationError) as error:
        services.partner_assign_responder(partner=partner, actor=manager, user=stranger)
    assert "user" in error.value.message_dict
    partner.refresh_from_db()
    assert partner.responder is None
    assert not DealEvent.objects.filter(action="deals.partner.assign_responder").exists()


def test_no_responder_for_an_answered_invitation_and_a_responder_who_left_cannot_answer():
    partner = invited()
    chosen = member_of(partner.organisation)
    manager = network_manager()
    services.partner_assign_responder(partner=partner, actor=manager, user=chosen)
    chosen.memberships.all().delete()
    assert not selectors.may_answer(user=chosen, partner=partner)
    with pytest.raises(PermissionDenied):
        services.partner_respond(partner=partner, actor=chosen, accept=True)
    DealPartner.objects.filter(pk=partner.pk).update(status=DealPartner.Status.DECLINED)
    with pytest.raises(ValidationError):
        services.partner_assign_responder(
            partner=partner, actor=manager, user=member_of(partner.organisation)
        )


# --- withdrawing -------------------------------------------------------------------------------


def test_trekker_withdraws_an_unanswered_invitation_and_the_deal_can_close(
    django_capture_on_commit_callbacks,
):
    deal = ready_to_close()
    partner = invited(deal)
    noor = aanspreekpunt_of(partner.organisation)
    trekker = trekker_member(deal)
    with pytest.raises(ValidationError):
        services.deal_close(deal=deal, actor=trekker)
    with django_capture_on_commit_callbacks(execute=True):
        services.partner_withdraw(partner=partner, actor=trekker)
    partner.refresh_from_db()
    assert partner.status == DealPartner.Status.WITHDRAWN and partner.decided_at is not None
    assert "deals.partner.withdraw" in audit_actions(deal)
    event = DealEvent.objects.get(deal=deal, action="deals.partner.withdraw")
    assert (event.actor, event.organisation_name, event.label) == (
        trekker,
        partner.organisation.name,
        "Uitnodiging ingetrokken",
    )
    notification = Notification.objects.get()
    assert notification.recipient == noor and "ingetrokken" in notification.subject
    assert notification.url == ""  # the deal is not public: the organisation can no longer open it
    services.deal_close(deal=deal, actor=trekker)
    deal.refresh_from_db()
    assert deal.status == "gesloten"


def test_only_the_trekker_withdraws():
    deal = DealFactory(idea_step=True)
    other_partner = DealPartnerFactory(deal=deal)
    partner = invited(deal)
    for actor in (
        member_of(other_partner.organisation, beheerder=True),
        aanspreekpunt_of(partner.organisation),
        network_manager(),
        UserFactory(),
    ):
        with pytest.raises(PermissionDenied):
            services.partner_withdraw(partner=partner, actor=actor)
    partner.refresh_from_db()
    assert partner.status == DealPartner.Status.INVITED
    assert not DealEvent.objects.filter(action="deals.partner.withdraw").exists()


@pytest.mark.parametrize("status", ["accepted", "declined", "requested", "suggested", "withdrawn", "lapsed"])
def test_an_answered_or_ended_invitation_cannot_be_withdrawn(status):
    deal = DealFactory(idea_step=True)
    partner = DealPartnerFactory(deal=deal, status=status)
    with pytest.raises(ValidationError):
        services.partner_withdraw(partner=partner, actor=trekker_member(deal))
    partner.refresh_from_db()
    assert partner.status == status


def test_a_withdrawn_organisation_can_be_invited_again():
    partner = invited()
    trekker = trekker_member(partner.deal)
    services.partner_withdraw(partner=partner, actor=trekker)
    again = services.partner_invite(deal=partner.deal, actor=trekker, organisation=partner.organisation)
    assert again.pk == partner.pk and again.status == DealPartner.Status.INVITED
    assert again.decided_at is None and again.invited_at is not None


# --- lapsing -----------------------------------------------------------------------------------


def test_unanswered_invitations_lapse_once_with_timeline_audit_and_notifications(
    settings, django_capture_on_commit_callbacks
):
    settings.DEAL_INVITATION_LAPSE_DAYS = 30
    now = timezone.now()
    deal = DealFactory(idea_step=True)
    old = invited(deal, invited_at=now - datetime.timedelta(days=31))
    noor = aanspreekpunt_of(old.organisation)
    recent = invited(deal, invited_at=now - datetime.timedelta(days=29))
    answered = DealPartnerFactory(deal=deal, invited_at=now - datetime.timedelta(days=60))
    stopped = invited(DealFactory(stopped=True), invited_at=now - datetime.timedelta(days=60))
    trekker = trekker_member(deal)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.lapse_invitations() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert services.lapse_invitations() == 0
    statuses = {
        p.pk: p.status
        for p in DealPartner.objects.filter(pk__in=[old.pk, recent.pk, answered.pk, stopped.pk])
    }
    assert statuses == {
        old.pk: DealPartner.Status.LAPSED,
        recent.pk: DealPartner.Status.INVITED,
        answered.pk: DealPartner.Status.ACCEPTED,
        stopped.pk: DealPartner.Status.INVITED,
    }
    assert audit_actions(deal).count("deals.partner.lapse") == 1
    event = DealEvent.objects.get(deal=deal, action="deals.partner.lapse")
    assert event.actor is None and event.organisation_name == old.organisation.name
    assert {n.recipient for n in Notification.objects.all()} == {trekker, noor}
    assert "30 dagen" in Notification.objects.get(recipient=trekker).body


def test_a_lapsed_invitation_no_longer_stops_the_deal_from_closing():
    deal = ready_to_close()
    invited(deal, invited_at=timezone.now() - datetime.timedelta(days=90))
    assert services.close_problems(deal)
    services.lapse_invitations()
    assert services.close_problems(deal) == []


def test_the_responder_can_no_longer_answer_an_ended_invitation():
    partner = invited()
    noor = aanspreekpunt_of(partner.organisation)
    services.partner_withdraw(partner=partner, actor=trekker_member(partner.deal))
    with pytest.raises(ValidationError):
        services.partner_respond(partner=partner, actor=noor, accept=True)
