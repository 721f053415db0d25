import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from reisgids.celery import app
from reisgids.notifications.models import Notification
from schouw import services, tasks
from schouw.tests.factories import civil_servant, running_deal

pytestmark = pytest.mark.django_db


def test_the_daily_reminder_task_is_scheduled_and_reminds_each_partner_member_once():
    assert "schouw.send_reminders" in app.tasks
    assert "schouw.send_reminders" in {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    deal, members = running_deal(partners=2)
    soon = timezone.localdate() + datetime.timedelta(days=settings.SCHOUW_REMINDER_DAYS - 1)
    services.schouw_create(actor=civil_servant(), title="Schouw", planned_for=soon, deal=deal)
    Notification.objects.all().delete()
    assert tasks.send_reminders() == 1
    reminded = set(Notification.objects.values_list("recipient_id", flat=True))
    assert reminded == {users[0].pk for users in members.values()}
    assert tasks.send_reminders() == 0
