"""The beat task with a real Celery worker on Redis: invitations unanswered for
DEAL_INVITATION_LAPSE_DAYS lapse with a timeline line, an audit row and one notification to the
trekker and to the invited organisation, however often the task runs."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone
from wagtail.models import ModelLogEntry

from deals.models import DealEvent, DealPartner
from deals.tasks import lapse_invitations
from deals.tests.factories import DealFactory, DealPartnerFactory
from reisgids.notifications.models import Notification
from reisgids.tests.factories import ContactPointFactory, MembershipFactory, OrganisationFactory
from tests.celery_worker import wait_for_tasks

pytestmark = pytest.mark.django_db(transaction=True)


def test_beat_task_lapses_unanswered_invitations_once(celery_worker_real, mailoutbox):
    assert "deals-lapse-invitations" in settings.CELERY_BEAT_SCHEDULE
    days = settings.DEAL_INVITATION_LAPSE_DAYS
    now = timezone.now()
    deal = DealFactory(idea_step=True)
    trekker = MembershipFactory(organisation=deal.partners.get().organisation).user
    trekker.notification_preference = "direct"
    trekker.save(update_fields=["notification_preference"])
    gemeente = OrganisationFactory(gemeente=True, name="Gebiedsorganisatie Delfshaven")
    noor = MembershipFactory(organisation=gemeente).user
    ContactPointFactory(organisation=gemeente, user=noor)
    old = DealPartnerFactory(
        deal=deal, organisation=gemeente, invited=True, invited_at=now - datetime.timedelta(days=days + 1)
    )
    recent = DealPartnerFactory(deal=deal, invited=True, invited_at=now - datetime.timedelta(days=days - 1))
    for _ in range(3):
        lapse_invitations.delay()
    wait_for_tasks(celery_worker_real)
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.status, recent.status) == (DealPartner.Status.LAPSED, DealPartner.Status.INVITED)
    assert DealEvent.objects.filter(deal=deal, action="deals.partner.lapse").count() == 1
    assert ModelLogEntry.objects.filter(object_id=str(deal.pk), action="deals.partner.lapse").count() == 1
    assert sorted(Notification.objects.values_list("recipient__email", flat=True)) == sorted(
        [trekker.email, noor.email]
    )
    assert "verlopen" in Notification.objects.get(recipient=trekker).subject
    assert [m.to for m in mailoutbox] == [[trekker.email]]
