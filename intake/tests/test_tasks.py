"""The overdue reminder with a real Celery worker on Redis: whoever holds a step past its due date
(the initiatieventeam for triage, the contactpersoon for the plan…) gets exactly one mail per step,
however often the beat task runs; the next step that goes overdue gets a reminder of its own; steps
that are not overdue, ended or held by the initiator get none."""

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from intake import services
from intake.models import Intake, OverdueReminder, StepPeriod
from intake.tasks import send_overdue_reminders
from intake.tests.factories import IntakeFactory, official, role_user
from reisgids import roles
from tests.celery_worker import wait_for_tasks

pytestmark = pytest.mark.django_db(transaction=True)
S = Intake.Status


def direct(user):
    user.notification_preference = "direct"
    user.save(update_fields=["notification_preference"])
    return user


def past(days=1):
    return timezone.localdate() - datetime.timedelta(days=days)


def overdue_plan(contact):
    """An idea in the plan step, held by its contactpersoon, three days overdue."""
    return IntakeFactory(
        title="Huiskamer",
        status=S.PLAN,
        holder=contact,
        holder_role="",
        contact_person=contact,
        due_on=past(3),
    )


def test_one_mail_per_overdue_step_however_often_the_beat_task_runs(celery_worker_real, mailoutbox):
    assert "intake.send_overdue_reminders" in {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
    team = direct(role_user(roles.INITIATIVE_TEAM_GROUP, first_name="Tessa"))
    contact = direct(official(first_name="Chris"))
    triage = IntakeFactory(title="Buurtmoestuin", due_on=past())
    plan = overdue_plan(contact)
    IntakeFactory(title="Op tijd", due_on=timezone.localdate())  # due today: not overdue
    IntakeFactory(title="Afgewezen", status=S.REFUSED, due_on=past())  # ended
    IntakeFactory(title="Bij de initiatiefnemer", status=S.ADVISED, due_on=past())  # the initiator holds it
    for _ in range(3):
        send_overdue_reminders.delay()
    wait_for_tasks(celery_worker_real)
    assert set(OverdueReminder.objects.values_list("period__intake__title", flat=True)) == {
        "Buurtmoestuin",
        "Huiskamer",
    }
    assert sorted((m.to[0], m.subject) for m in mailoutbox) == sorted(
        [
            (
                team.email,
                f"[Reisgids] Te laat: het idee ‘Buurtmoestuin’ moest op {triage.due_on:%d-%m-%Y} verder",
            ),
            (
                contact.email,
                f"[Reisgids] Te laat: het idee ‘Huiskamer’ moest op {plan.due_on:%d-%m-%Y} verder",
            ),
        ]
    )
    send_overdue_reminders.delay()
    wait_for_tasks(celery_worker_real)
    assert len(mailoutbox) == 2

    # The next step (the team passes it on, say) goes overdue too: a reminder of its own.
    now = timezone.now()
    StepPeriod.objects.filter(intake=triage).update(ended_at=now)
    StepPeriod.objects.create(intake=triage, status=S.TRIAGE, started_at=now)
    send_overdue_reminders.delay()
    wait_for_tasks(celery_worker_real)
    assert OverdueReminder.objects.filter(period__intake=triage).count() == 2
    assert len(mailoutbox) == 3


def test_a_step_taken_meanwhile_is_not_reminded(mailoutbox):
    role_user(roles.INITIATIVE_TEAM_GROUP)
    intake = IntakeFactory(due_on=past())
    (period_id,) = services.overdue_steps_to_remind()
    Intake.objects.filter(pk=intake.pk).update(status=S.NOT_MUNICIPAL)
    assert services.intake_remind_overdue(period_id=period_id) is False
    assert not OverdueReminder.objects.exists()
    assert services.overdue_steps_to_remind() == []
