"""The handrem: every partner of the deal is mailed at once, whatever their mail preference (through
``notify(urgent=True)``, the outbox and a real Celery worker), while another concern follows each
recipient's preference; and every transition of the deal's state machine is refused while a handrem
is open, and no longer by the handrem once it is closed."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.urls import reverse
from wagtail.models import ModelLogEntry

from deals import services as deal_services
from deals.extensions import step_refusals
from deals.models import DEAL_STEPS, Deal
from deals.tests.factories import DealPartnerFactory
from reisgids.models import User
from reisgids.notifications.models import Notification
from reisgids.tests.factories import MembershipFactory
from residence import services
from residence.models import Concern
from residence.tests.factories import ConcernFactory, ResidencyFactory
from tests.celery_worker import wait_for_tasks

P = User.NotificationPreference


def _member(organisation, preference):
    user = MembershipFactory(organisation=organisation).user
    user.notification_preference = preference
    user.save(update_fields=["notification_preference"])
    return user


@pytest.mark.django_db(transaction=True)
def test_a_handrem_mails_every_partner_at_once_whatever_their_preference(celery_worker_real, mailoutbox):
    residency = ResidencyFactory()
    third = DealPartnerFactory(deal=residency.deal).organisation
    people = {
        preference: _member(organisation, preference)
        for preference, organisation in (
            (P.DIRECT, residency.home_partner),
            (P.DAILY, residency.host_partner),
            (P.WEEKLY, third),
            (P.OFF, third),
        )
    }
    services.concern_raise(
        residency=residency,
        actor=residency.person,
        title="Wijkteam deelt geen signalen",
        severity=Concern.Severity.HANDREM,
        owner=residency.host_partner,
    )
    wait_for_tasks(celery_worker_real)
    subject = f"[Reisgids] Handrem getrokken in ‘{residency.deal.title}’: Wijkteam deelt geen signalen"
    assert sorted(mail.to[0] for mail in mailoutbox) == sorted(user.email for user in people.values())
    assert {mail.subject for mail in mailoutbox} == {subject}
    # mailed, so no digest tells it again
    assert not Notification.objects.filter(recipient__in=people.values(), emailed_at__isnull=True).exists()
    assert residency.person.email not in [mail.to[0] for mail in mailoutbox]  # who pulled it

    # A knelpunt is no handrem: each recipient's own preference holds (only "direct" is mailed now).
    mailoutbox.clear()
    services.concern_raise(
        residency=residency,
        actor=residency.person,
        title="Late terugkoppeling",
        severity=Concern.Severity.PROBLEM,
        owner=residency.host_partner,
    )
    wait_for_tasks(celery_worker_real)
    assert [mail.to[0] for mail in mailoutbox] == [people[P.DIRECT].email]
    assert Notification.objects.filter(recipient=people[P.DAILY], subject__contains="Late").exists()


@pytest.mark.django_db
def test_the_profile_page_says_that_a_handrem_is_mailed_also_with_mail_off(client):
    """The handrem's mail ignores the preference "off" on purpose (every partner is told at once):
    the profile page says so with the choice, where the person sets "off"."""
    user = MembershipFactory().user
    user.notification_preference = P.OFF
    user.save(update_fields=["notification_preference"])
    client.force_login(user)
    soup = BeautifulSoup(client.get(reverse("profile")).content, "html.parser")
    fieldset = soup.find("input", attrs={"name": "notification_preference", "value": P.OFF}).find_parent(
        "fieldset"
    )
    described = soup.find(id=fieldset["aria-describedby"].split()[0]).get_text(" ", strip=True)
    assert (
        "Als er aan de handrem wordt getrokken in een deal waaraan je organisatie meedoet, krijg je altijd "
        "meteen een mail." in described
    )


# Every transition of the deal's state machine, from every state it starts from.
STEPS = [(transition.name, source) for transition in DEAL_STEPS.transitions for source in transition.sources]
STEP_INPUT = {
    "test": {"method": Deal.TestMethod.ROLEPLAY},
    "finish": {"follow_up": "We gaan door."},
    "stop": {"reason": "Geen menskracht."},
}


@pytest.mark.django_db
@pytest.mark.parametrize("name, source", STEPS, ids=[f"{name}-from-{source}" for name, source in STEPS])
def test_every_step_of_the_deal_is_refused_while_a_handrem_is_open(name, source):
    residency = ResidencyFactory()
    deal = residency.deal
    Deal.objects.filter(pk=deal.pk).update(status=source)
    deal.refresh_from_db()
    trekker = MembershipFactory(organisation=residency.home_partner, beheerder=True).user
    concern = ConcernFactory(residency=residency, handrem=True, title="Geen data")
    audit_rows = ModelLogEntry.objects.count()

    with pytest.raises(ValidationError) as error:
        deal_services.STEP_SERVICES[name](deal=deal, actor=trekker, **STEP_INPUT.get(name, {}))
    assert "Er is aan de handrem getrokken (‘Geen data’)" in " ".join(error.value.messages)
    deal.refresh_from_db()
    assert deal.status == source
    assert ModelLogEntry.objects.count() == audit_rows

    Concern.objects.filter(pk=concern.pk).update(status=Concern.Status.CLOSED)
    assert not any("handrem" in str(reason) for reason in step_refusals(deal, DEAL_STEPS[name]))
