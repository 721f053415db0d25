"""When the only beheerder deletes their account, the netwerkmanagers are told each in their own
language, by their mail preference, through the outbox and a real Celery worker."""

import pytest

from reisgids.accounts import services
from reisgids.accounts.tests.test_services import network_manager
from reisgids.notifications.tests.helpers import assert_told_in_own_language, dutch_english_off
from reisgids.tests.factories import MembershipFactory
from tests.celery_worker import wait_for_tasks

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_organisation_left_without_manager_is_told_in_each_language(celery_worker_real, mailoutbox):
    leaving = MembershipFactory(beheerder=True, organisation__name="Buurthuis De Pijp")
    people = dutch_english_off(network_manager)
    services.account_delete(user=leaving.user, actor=leaving.user)
    wait_for_tasks(celery_worker_real)
    nl, en = "Buurthuis De Pijp heeft geen beheerder meer", "Buurthuis De Pijp has no manager any more"
    assert_told_in_own_language(mailoutbox, people, nl=nl, en=en)
