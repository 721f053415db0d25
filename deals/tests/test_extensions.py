"""The registries through which higher apps take part in a deal (deals.extensions)."""

import pytest
from django.core.exceptions import ValidationError

from deals import extensions, services
from deals.models import Deal
from deals.tests.factories import DealFactory
from reisgids.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def guard():
    refusing = {"on": True}

    def handbrake(deal, transition):
        return ["De handrem is getrokken."] if refusing["on"] else []

    extensions.register_step_guard("test-handbrake", handbrake)
    yield refusing
    extensions.STEP_GUARDS.pop("test-handbrake")


def test_a_registered_guard_refuses_every_step_with_its_reason_and_nothing_changes(guard):
    deal = DealFactory(status=Deal.Status.RUNNING)
    trekker = MembershipFactory(organisation=deal.partners.get().organisation).user
    with pytest.raises(ValidationError) as refused:
        services.deal_stop(deal=deal, actor=trekker, reason="Geen geld meer")
    assert refused.value.messages == ["De handrem is getrokken."]
    deal.refresh_from_db()
    assert deal.status == Deal.Status.RUNNING
    guard["on"] = False
    services.deal_stop(deal=deal, actor=trekker, reason="Geen geld meer")
    deal.refresh_from_db()
    assert deal.status == Deal.Status.STOPPED


def test_evaluation_inputs_come_from_every_registered_provider():
    deal = DealFactory()
    extensions.register_evaluation_input(
        "test-input", lambda d, start, end: [extensions.EvaluationInput("Samenvatting", f"/x/{d.pk}/")]
    )
    try:
        assert extensions.evaluation_inputs(deal) == [
            extensions.EvaluationInput("Samenvatting", f"/x/{deal.pk}/")
        ]
    finally:
        extensions.EVALUATION_INPUTS.pop("test-input")


def test_a_registered_section_is_on_the_deal_page_for_whom_it_renders(client):
    from django.utils.html import format_html

    deal = DealFactory(status=Deal.Status.RUNNING)
    partner = MembershipFactory(organisation=deal.partners.get().organisation).user

    def section(request, access):
        if not access.is_partner:
            return ""
        return format_html(
            '<section id="test-section">Alleen voor partners van {}</section>', access.deal.title
        )

    extensions.register_deal_section("test-section", render=section)
    try:
        assert 'id="test-section"' not in client.get(deal.get_absolute_url()).content.decode()
        client.force_login(partner)
        assert 'id="test-section"' in client.get(deal.get_absolute_url()).content.decode()
    finally:
        extensions.DEAL_SECTIONS.pop("test-section")
