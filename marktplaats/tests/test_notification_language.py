"""The marktplaats tells each recipient in their own language (no longer the actor's), by their
mail preference, through the outbox and a real Celery worker."""

import pytest
from django.utils import translation

from marktplaats import services
from marktplaats.tests.factories import ListingFactory, member_of
from reisgids.notifications.tests.helpers import assert_told_in_own_language, dutch_english_off
from reisgids.tests.factories import OrganisationFactory
from tests.celery_worker import wait_for_tasks

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_response_reaches_each_poster_in_their_language(celery_worker_real, mailoutbox):
    listing = ListingFactory(title="Ruimte gezocht")
    people = dutch_english_off(lambda: member_of(listing.organisation))
    responder = OrganisationFactory(name="Buurthuis De Pijp")
    with translation.override("en"):  # the actor reads the site in English
        services.conversation_start(
            actor=member_of(responder), listing=listing, organisation=responder, body="Wij hebben 100% plek."
        )
    wait_for_tasks(celery_worker_real)
    nl, en = "Nieuw bericht van Buurthuis De Pijp over „Ruimte gezocht”", "New message from Buurthuis De Pijp"
    assert_told_in_own_language(mailoutbox, people, nl=nl, en=en)
    assert "Wij hebben 100% plek." in mailoutbox[0].body
