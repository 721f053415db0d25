"""The deal's steps and a partner's invitation states are declared once (deals.models.DEAL_STEPS,
PARTNER_STATES, on reisgids.statemachine): the services, the step buttons on the deal page, the step
pages and the audit actions all come from that declaration."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import ModelLogEntry

from deals import services, views
from deals.models import DEAL_STEPS, PARTNER_STATES, Deal, DealEvent
from deals.tests.factories import DealFactory, DealPartnerFactory
from reisgids.audit import ACTIONS
from reisgids.tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_every_step_has_its_service_its_audit_action_and_its_page():
    assert list(services.STEP_SERVICES) == [t.name for t in DEAL_STEPS.transitions]
    assert set(views.STEP_FORMS) <= set(services.STEP_SERVICES)
    for machine in (DEAL_STEPS, PARTNER_STATES):
        for transition in machine.transitions:
            assert ACTIONS[transition.action] == (transition.audit_label, transition.audit_message)
            assert log_action_registry.action_exists(transition.action)
            assert log_action_registry.get_action_label(transition.action) == transition.audit_label
    for transition in DEAL_STEPS.transitions:
        assert DEAL_STEPS.by_slug(transition.slug) is transition


@pytest.mark.parametrize("status", [s for s in Deal.Status.values])
def test_the_deal_page_offers_exactly_the_steps_the_machine_allows(client, status):
    deal = DealFactory(status=status)
    trekker = MembershipFactory(organisation=deal.partners.get().organisation).user
    client.force_login(trekker)
    html = client.get(deal.get_absolute_url()).content.decode()
    offered = {t.slug for t in DEAL_STEPS.available(status, offered=True)}
    for transition in DEAL_STEPS.transitions:
        link = f'href="/deals/{deal.slug}/stap/{transition.slug}/"'
        assert (link in html) == (transition.slug in offered), (status, transition.slug)


def test_a_step_from_the_wrong_state_is_refused_in_dutch_and_changes_nothing():
    deal = DealFactory(finished=True)
    trekker = MembershipFactory(organisation=deal.partners.get().organisation).user
    with pytest.raises(ValidationError) as refused:
        services.deal_stop(deal=deal, actor=trekker, reason="Geen geld meer")
    assert refused.value.messages == ["Een deal in de stap ‘Afgerond’ kan niet naar ‘Gestopt’."]
    deal.refresh_from_db()
    assert deal.status == Deal.Status.FINISHED and deal.stop_reason == ""
    assert not ModelLogEntry.objects.filter(action="deals.deal.stop").exists()


def test_the_guard_runs_before_the_state_is_looked_at():
    deal = DealFactory(finished=True)
    with pytest.raises(PermissionDenied):
        services.deal_stop(deal=deal, actor=UserFactory(), reason="Geen geld meer")


def test_a_step_saves_only_its_fields_and_writes_audit_row_and_timeline_line():
    deal = DealFactory(in_the_making=True)
    trekker = MembershipFactory(organisation=deal.partners.get().organisation).user
    Deal.objects.filter(pk=deal.pk).update(title="Nieuwe titel elders opgeslagen")
    services.deal_stop(deal=deal, actor=trekker, reason="  Geen menskracht  ")
    deal.refresh_from_db()
    assert (deal.status, deal.stop_reason, deal.seeking_partners) == ("gestopt", "Geen menskracht", False)
    assert deal.title == "Nieuwe titel elders opgeslagen"  # update_fields: the rest is left alone
    assert ModelLogEntry.objects.filter(action="deals.deal.stop", object_id=str(deal.pk)).count() == 1
    assert DealEvent.objects.get(deal=deal, action="deals.deal.stop").detail == "Gestopt"


def test_an_answered_invitation_cannot_be_answered_again():
    partner = DealPartnerFactory(declined=True)
    with pytest.raises(ValidationError):
        PARTNER_STATES.check(partner, "accept")
    assert [t.name for t in PARTNER_STATES.available("invited")] == ["accept", "decline", "withdraw", "lapse"]
