"""The deals tell each recipient in their own language (no longer always Dutch), by their mail
preference, through the outbox and a real Celery worker."""

import pytest
from django.utils import translation

from deals import services
from deals.tests.factories import DealFactory
from reisgids.notifications.tests.helpers import assert_told_in_own_language, dutch_english_off
from reisgids.tests.factories import MembershipFactory, OrganisationFactory
from tests.celery_worker import wait_for_tasks

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_join_request_reaches_each_trekker_member_in_their_language(celery_worker_real, mailoutbox):
    deal = DealFactory(in_the_making=True, title="Samen koken")
    trekker = deal.partners.get().organisation
    people = dutch_english_off(lambda: MembershipFactory(organisation=trekker).user)
    organisation = OrganisationFactory(name="Buurthuis De Pijp")
    actor = MembershipFactory(organisation=organisation).user
    with translation.override("en"):
        services.partner_request_join(deal=deal, actor=actor, organisation=organisation)
    wait_for_tasks(celery_worker_real)
    nl, en = "Buurthuis De Pijp wil aansluiten bij de deal ‘Samen koken’", "Buurthuis De Pijp wants to join"
    assert_told_in_own_language(mailoutbox, people, nl=nl, en=en)
