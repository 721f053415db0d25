"""The deal services: every transition with its guards, both ways (allowed and refused), the
audit row and timeline line it writes, and the notifications it sends."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from wagtail.models import ModelLogEntry

from deals import extensions, services
from deals.models import Contribution, Deal, DealEvent, DealPartner, ExpectedResult, Milestone
from deals.tests.factories import (
    ContributionFactory,
    DealFactory,
    DealPartnerFactory,
    ready_to_close,
)
from reisgids.notifications.models import Notification
from reisgids.tests.factories import MembershipFactory, OrganisationFactory, ThemeFactory, UserFactory

pytestmark = pytest.mark.django_db


def member_of(organisation, **kwargs):
    return MembershipFactory(organisation=organisation, **kwargs).user


def trekker_member(deal):
    return member_of(deal.partners.get(role=DealPartner.Role.TREKKER).organisation)


def audit_actions(deal):
    return list(ModelLogEntry.objects.filter(object_id=str(deal.pk)).values_list("action", flat=True))


def test_start_creates_deal_with_trekker_and_audit_row():
    organisation = OrganisationFactory()
    user = member_of(organisation)
    theme = ThemeFactory(name="Mantelzorg")
    deal = services.deal_start(
        actor=user, organisation=organisation, title="Samen zorgen", goal="Minder eenzaamheid", themes=[theme]
    )
    assert deal.slug == "samen-zorgen"
    trekker = deal.partners.get()
    assert (trekker.role, trekker.status, trekker.organisation) == ("trekker", "accepted", organisation)
    assert list(deal.themes.all()) == [theme]
    assert audit_actions(deal) == ["deals.deal.create"]
    assert DealEvent.objects.get(deal=deal).actor == user


def test_start_refused_for_non_member_and_without_goal():
    organisation = OrganisationFactory()
    with pytest.raises(PermissionDenied):
        services.deal_start(actor=UserFactory(), organisation=organisation, title="X", goal="Y")
    with pytest.raises(ValidationError):
        services.deal_start(actor=member_of(organisation), organisation=organisation, title="X", goal="  ")
    assert not Deal.objects.exists()


def test_slug_is_unique_and_avoids_reserved_words():
    organisation = OrganisationFactory()
    user = member_of(organisation)
    first = services.deal_start(actor=user, organisation=organisation, title="Start", goal="Doel")
    second = services.deal_start(actor=user, organisation=organisation, title="Start", goal="Doel")
    assert first.slug == "start-deal" and second.slug == "start-deal-2"


def test_invite_notifies_managers_and_only_trekker_may_invite(django_capture_on_commit_callbacks):
    deal = DealFactory()
    partner = DealPartnerFactory(deal=deal)
    invitee = OrganisationFactory()
    manager = member_of(invitee, beheerder=True)
    member_of(invitee)  # a plain member: not notified while there is a beheerder
    with pytest.raises(PermissionDenied):
        services.partner_invite(deal=deal, actor=member_of(partner.organisation), organisation=invitee)
    with pytest.raises(PermissionDenied):
        services.partner_invite(deal=deal, actor=UserFactory(), organisation=invitee)
    with django_capture_on_commit_callbacks(execute=True):
        invited = services.partner_invite(deal=deal, actor=trekker_member(deal), organisation=invitee)
    assert invited.status == "invited"
    notification = Notification.objects.get()
    assert notification.recipient == manager
    assert "uitgenodigd" in notification.subject
    assert notification.url == f"/deals/{deal.slug}/"
    assert "deals.partner.invite" in audit_actions(deal)
    with pytest.raises(ValidationError):
        services.partner_invite(deal=deal, actor=trekker_member(deal), organisation=invitee)


def test_only_a_beheerder_of_the_invited_organisation_answers():
    invited = DealPartnerFactory(invited=True)
    with pytest.raises(PermissionDenied):
        services.partner_respond(partner=invited, actor=member_of(invited.organisation), accept=True)
    with pytest.raises(PermissionDenied):
        services.partner_respond(partner=invited, actor=trekker_member(invited.deal), accept=True)
    services.partner_respond(
        partner=invited, actor=member_of(invited.organisation, beheerder=True), accept=True
    )
    invited.refresh_from_db()
    assert invited.status == "accepted" and invited.decided_at
    with pytest.raises(ValidationError):
        services.partner_respond(
            partner=invited, actor=member_of(invited.organisation, beheerder=True), accept=False
        )


def test_contribution_only_by_members_of_that_partner():
    partner = DealPartnerFactory()
    other = DealPartnerFactory(deal=partner.deal)
    with pytest.raises(PermissionDenied):
        services.contribution_create(
            partner=partner, actor=member_of(other.organisation), kind="kennis", description="x"
        )
    with pytest.raises(PermissionDenied):
        services.contribution_create(partner=partner, actor=UserFactory(), kind="kennis", description="x")
    contribution = services.contribution_create(
        partner=partner,
        actor=member_of(partner.organisation),
        kind="geld",
        amount_eur=Decimal("1500.50"),
        description="Budget",
    )
    assert contribution.amount_eur == Decimal("1500.50")
    with pytest.raises(PermissionDenied):
        services.contribution_update(
            contribution=contribution,
            actor=member_of(other.organisation),
            version=contribution.version,
            kind="kennis",
            description="y",
        )
    with pytest.raises(PermissionDenied):
        services.contribution_delete(contribution=contribution, actor=member_of(other.organisation))
    assert Contribution.objects.filter(pk=contribution.pk).exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"kind": "geld", "amount_eur": Decimal("-5")}, "amount_eur"),
        ({"kind": "geld"}, "amount_eur"),
        ({"kind": "kennis", "amount_eur": Decimal("5")}, "amount_eur"),
        ({"kind": "menskracht"}, "hours"),
        ({"kind": "netwerk", "hours": 4}, "hours"),
    ],
)
def test_contribution_bad_input_is_refused(kwargs, field):
    partner = DealPartnerFactory()
    with pytest.raises(ValidationError) as error:
        services.contribution_create(
            partner=partner, actor=member_of(partner.organisation), description="x", **kwargs
        )
    assert field in error.value.error_dict
    assert not Contribution.objects.exists()


def test_confirm_needs_a_contribution_and_a_change_withdraws_it(django_capture_on_commit_callbacks):
    partner = DealPartnerFactory()
    other_member = member_of(partner.deal.partners.get(role="trekker").organisation)
    user = member_of(partner.organisation)
    with pytest.raises(ValidationError):
        services.partner_confirm(partner=partner, actor=user)
    contribution = ContributionFactory(partner=partner)
    with pytest.raises(PermissionDenied):
        services.partner_confirm(partner=partner, actor=other_member)
    services.partner_confirm(partner=partner, actor=user)
    partner.refresh_from_db()
    assert partner.confirmed_at and partner.confirmed_by == user
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.contribution_update(
            contribution=contribution, actor=user, version=1, kind="netwerk", description="Ons netwerk"
        )
    partner.refresh_from_db()
    assert partner.confirmed_at is None
    assert Notification.objects.filter(recipient=other_member, subject__contains="wijzigde").exists()
    assert not Notification.objects.filter(recipient=user).exists()
    assert "deals.partner.unconfirm" in audit_actions(partner.deal)


def test_close_guards_and_success(django_capture_on_commit_callbacks):
    lonely = DealFactory(planning=True)
    trekker = lonely.partners.get()
    ContributionFactory(partner=trekker)
    trekker.confirmed_at = timezone.now()
    trekker.save()
    with pytest.raises(ValidationError, match="minstens twee"):
        services.deal_close(deal=lonely, actor=trekker_member(lonely))

    deal = ready_to_close()
    unconfirmed = DealPartnerFactory(deal=deal)
    ContributionFactory(partner=unconfirmed)
    with pytest.raises(ValidationError, match="nog niet bevestigd"):
        services.deal_close(deal=deal, actor=trekker_member(deal))
    unconfirmed.confirmed_at = timezone.now()
    unconfirmed.save()
    pending = DealPartnerFactory(deal=deal, invited=True)
    with pytest.raises(ValidationError, match="uitnodigingen"):
        services.deal_close(deal=deal, actor=trekker_member(deal))
    pending.delete()
    with pytest.raises(PermissionDenied):
        services.deal_close(deal=deal, actor=member_of(unconfirmed.organisation))
    with django_capture_on_commit_callbacks(execute=True):
        services.deal_close(deal=deal, actor=trekker_member(deal))
    deal.refresh_from_db()
    assert deal.status == "gesloten" and deal.closed_at
    assert "deals.deal.close" in audit_actions(deal)
    assert Notification.objects.filter(subject__contains=deal.title).exists()


def test_close_only_from_planning():
    deal = ready_to_close()
    deal.status = Deal.Status.IDEA
    deal.save()
    with pytest.raises(ValidationError):
        services.deal_close(deal=deal, actor=trekker_member(deal))


def test_full_lifecycle_and_stop_reasons(monkeypatch):
    # The steps themselves; what a higher app's guard adds (the schouw on "afgerond") is its own test.
    monkeypatch.setattr(extensions, "STEP_GUARDS", {})
    deal = DealFactory()
    actor = trekker_member(deal)
    services.deal_to_idea(deal=deal, actor=actor)
    with pytest.raises(ValidationError):
        services.deal_to_testing(deal=deal, actor=actor, method="dobbelen")
    services.deal_to_testing(deal=deal, actor=actor, method="rollenspel")
    with pytest.raises(ValidationError):
        services.deal_to_planning(deal=deal, actor=actor, findings=" ")
    services.deal_to_planning(deal=deal, actor=actor, findings="Bewoners willen het in het buurthuis")
    deal.refresh_from_db()
    assert (deal.status, deal.test_method) == ("plannen", "rollenspel")
    partner = DealPartnerFactory(deal=deal)
    for p in deal.partners.all():
        ContributionFactory(partner=p)
        p.confirmed_at = timezone.now()
        p.save()
    services.deal_close(deal=deal, actor=actor)
    with pytest.raises(ValidationError):
        services.deal_hold_kickoff(deal=deal, actor=actor)
    Deal.objects.filter(pk=deal.pk).update(kickoff_at=timezone.now())
    services.deal_hold_kickoff(deal=deal, actor=actor)
    services.deal_start_running(deal=deal, actor=actor)
    with pytest.raises(PermissionDenied):
        services.deal_finish(deal=deal, actor=member_of(partner.organisation), follow_up="Ja")
    with pytest.raises(ValidationError):
        services.deal_finish(deal=deal, actor=actor, follow_up="")
    services.deal_finish(deal=deal, actor=actor, follow_up="We schalen op naar Charlois")
    deal.refresh_from_db()
    assert deal.status == "afgerond"
    with pytest.raises(ValidationError):
        services.deal_stop(deal=deal, actor=actor, reason="Te laat")
    actions = [e.action for e in DealEvent.objects.filter(deal=deal).order_by("id")]
    assert [a for a in actions if a.startswith("deals.deal.")] == [
        "deals.deal.idea",
        "deals.deal.test",
        "deals.deal.plan",
        "deals.deal.close",
        "deals.deal.kickoff",
        "deals.deal.run",
        "deals.deal.finish",
    ]


def test_stop_requires_reason():
    deal = DealFactory(idea_step=True)
    actor = trekker_member(deal)
    with pytest.raises(ValidationError):
        services.deal_stop(deal=deal, actor=actor, reason="")
    services.deal_stop(deal=deal, actor=actor, reason="Geen partners gevonden")
    deal.refresh_from_db()
    assert deal.status == "gestopt" and deal.stop_reason


def test_stale_update_is_refused_and_nothing_saved():
    deal = DealFactory()
    partner = DealPartnerFactory(deal=deal)
    first, second = trekker_member(deal), member_of(partner.organisation)
    services.deal_update(
        deal=deal, actor=first, version=1, fields={"goal": "Eerste versie"}, results=[{"description": "A"}]
    )
    with pytest.raises(services.ConcurrentEditError):
        services.deal_update(deal=deal, actor=second, version=1, fields={"goal": "Tweede versie"}, results=[])
    deal.refresh_from_db()
    assert (deal.goal, deal.version) == ("Eerste versie", 2)
    assert ExpectedResult.objects.filter(deal=deal).count() == 1


def test_update_refuses_end_before_start_atomically():
    deal = DealFactory()
    actor = trekker_member(deal)
    today = datetime.date(2026, 3, 1)
    with pytest.raises(ValidationError) as error:
        services.deal_update(
            deal=deal, actor=actor, version=1,
            fields={"start_date": today, "end_date": today - datetime.timedelta(days=1), "goal": "Nieuw"},
            milestones=[{"title": "M", "due_date": today}],
        )  # fmt: skip
    assert "end_date" in error.value.error_dict
    deal.refresh_from_db()
    assert deal.goal != "Nieuw" and deal.version == 1 and not Milestone.objects.exists()


def test_update_refused_for_outsider_and_invited_partner():
    deal = DealFactory()
    invited = DealPartnerFactory(deal=deal, invited=True)
    for actor in (UserFactory(), member_of(invited.organisation, beheerder=True)):
        with pytest.raises(PermissionDenied):
            services.deal_update(deal=deal, actor=actor, version=1, fields={"goal": "Gekaapt"})


def test_join_request_only_for_deals_in_the_making_and_trekker_decides():
    organisation = OrganisationFactory()
    user = member_of(organisation)
    hidden = DealFactory(idea_step=True)
    with pytest.raises(ValidationError):
        services.partner_request_join(deal=hidden, actor=user, organisation=organisation)
    deal = DealFactory(in_the_making=True)
    with pytest.raises(PermissionDenied):
        services.partner_request_join(deal=deal, actor=UserFactory(), organisation=organisation)
    request = services.partner_request_join(
        deal=deal, actor=user, organisation=organisation, message="Wij hebben ruimte"
    )
    with pytest.raises(PermissionDenied):
        services.partner_decide(partner=request, actor=user, accept=True)
    services.partner_decide(partner=request, actor=trekker_member(deal), accept=True)
    request.refresh_from_db()
    assert request.status == "accepted"


def test_suggestion_by_network_manager_invites_only_when_trekker_agrees(django_capture_on_commit_callbacks):
    deal = DealFactory(idea_step=True)
    organisation = OrganisationFactory()
    manager = member_of(organisation, beheerder=True)
    with pytest.raises(PermissionDenied):
        services.partner_suggest(deal=deal, actor=UserFactory(), organisation=organisation)
    network_manager = UserFactory()
    network_manager.groups.add(Group.objects.get_or_create(name="Netwerkmanagers")[0])
    with django_capture_on_commit_callbacks(execute=True):
        suggestion = services.partner_suggest(deal=deal, actor=network_manager, organisation=organisation)
    assert suggestion.status == "suggested"
    assert not Notification.objects.filter(recipient=manager).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.partner_decide(partner=suggestion, actor=trekker_member(deal), accept=True)
    suggestion.refresh_from_db()
    assert suggestion.status == "invited"
    assert Notification.objects.filter(recipient=manager).exists()


def test_seeking_only_in_early_steps_and_only_by_trekker():
    deal = DealFactory(planning=True)
    actor = trekker_member(deal)
    with pytest.raises(ValidationError):
        services.deal_set_seeking(deal=deal, actor=actor, seeking=True, text="Woningcorporatie")
    early = DealFactory()
    with pytest.raises(PermissionDenied):
        services.deal_set_seeking(deal=early, actor=UserFactory(), seeking=True, text="x")
    services.deal_set_seeking(
        deal=early,
        actor=trekker_member(early),
        seeking=True,
        partner_kinds=["woningcorporatie", "onzin"],
        text="",
    )
    early.refresh_from_db()
    assert early.in_the_making and early.seeking_partner_kinds == ["woningcorporatie"]


def test_finished_deal_cannot_be_changed():
    deal = DealFactory(finished=True)
    partner = deal.partners.get()
    with pytest.raises(ValidationError):
        services.contribution_create(
            partner=partner, actor=member_of(partner.organisation), kind="kennis", description="x"
        )
