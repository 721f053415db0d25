"""The core's own messages (a join request to the beheerders, the decision to the requester) go
through ``reisgids.notifications``: each recipient is told in their own language and mailed by their
preference, after commit, through the outbox and a real Celery worker."""

import pytest
from django.utils import translation

from reisgids import services
from reisgids.notifications.models import Notification
from reisgids.notifications.tests.helpers import (
    OFF,
    assert_told_in_own_language,
    dutch_english_off,
    with_language,
)
from reisgids.tests.factories import (
    JoinRequestFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from tests.celery_worker import wait_for_tasks

pytestmark = pytest.mark.django_db(transaction=True)


def beheerder(organisation, **preferences):
    user = MembershipFactory(organisation=organisation, beheerder=True).user
    return with_language(user, **preferences) if preferences else user


def test_a_join_request_reaches_each_beheerder_in_their_language(celery_worker_real, mailoutbox):
    organisation = OrganisationFactory(name="Buurthuis De Pijp")
    people = _dutch, english, _off = dutch_english_off(lambda: beheerder(organisation))
    daily = beheerder(organisation, language="nl", preference="daily")
    requester = UserFactory(first_name="Sara", last_name="Jansen")
    with translation.override("en"):
        services.membership_request(organisation=organisation, user=requester, motivation="Ik help graag.")
    wait_for_tasks(celery_worker_real)
    nl, en = "Nieuw verzoek om lid te worden van Buurthuis De Pijp", "New request to join Buurthuis De Pijp"
    assert_told_in_own_language(mailoutbox, people, nl=nl, en=en)
    english_mail = next(mail for mail in mailoutbox if mail.to == [english.email])
    assert "Sara Jansen asks to become a member" in english_mail.body
    assert "Their message: Ik help graag." in english_mail.body
    assert f"/partijen/{organisation.slug}/leden/" in english_mail.body
    # "daily" waits for the digest: the notification is there, no mail yet.
    assert Notification.objects.get(recipient=daily).emailed_at is None


@pytest.mark.parametrize("approve", [True, False])
def test_the_decision_reaches_the_requester_in_their_language(celery_worker_real, mailoutbox, approve):
    manager = MembershipFactory(beheerder=True, organisation__name="Buurthuis De Pijp")
    english = with_language(UserFactory(), language="en")
    join_request = JoinRequestFactory(organisation=manager.organisation, user=english)
    decide = services.join_request_approve if approve else services.join_request_refuse
    decide(join_request=join_request, actor=manager.user)
    wait_for_tasks(celery_worker_real)
    (mail,) = mailoutbox
    assert mail.to == [english.email]
    if approve:
        assert mail.subject == "[Reisgids] You are now a member of Buurthuis De Pijp"
        assert "you are now a member of Buurthuis De Pijp" in mail.body
    else:
        assert mail.subject == "[Reisgids] Your request to join Buurthuis De Pijp"
        assert "have refused your request" in mail.body


def test_a_requester_with_mail_off_is_told_only_on_the_site(celery_worker_real, mailoutbox):
    manager = MembershipFactory(beheerder=True)
    requester = with_language(UserFactory(), language="nl", preference=OFF)
    services.join_request_approve(
        join_request=JoinRequestFactory(organisation=manager.organisation, user=requester), actor=manager.user
    )
    wait_for_tasks(celery_worker_real)
    assert mailoutbox == []
    assert Notification.objects.get(recipient=requester).subject.startswith("Je bent nu lid van")
