"""The anonymised figures per step (``intake.figures``) are kept by the moves of the ideas: after every
move they equal a recount from the times per step, also when two moves out of the same step run at
the same time; and the pages that show them (``/idee/``, ``/api/v1/intake-steps/``) read the dozen
kept rows, never the times per step, so a cold page does not grow with the number of ideas."""

import datetime
import threading

import pytest
from django.apps import apps
from django.db import close_old_connections, connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from intake import figures, services
from intake.models import Intake, StepFigure, StepPeriod
from intake.tests.factories import IntakeFactory, Route, official
from reisgids.management.commands.bench import invalidate_fragments
from reisgids.tests.factories import UserFactory

S = Intake.Status


def recount():
    """From scratch, in Python: {status: (ideas now, ideas ever)} of every counted step with an idea."""
    now, ever = {}, {}
    for status, intake, ended in StepPeriod.objects.exclude(status=S.UNVERIFIED).values_list(
        "status", "intake_id", "ended_at"
    ):
        ever.setdefault(status, set()).add(intake)
        if ended is None:
            now.setdefault(status, set()).add(intake)
    return {status: (len(now.get(status, ())), len(ever[status])) for status in ever}


def kept():
    return {row.status: (row.ideas_now, row.ideas_total) for row in figures.shown()}


@pytest.mark.django_db
def test_every_move_keeps_the_figures_equal_to_a_recount():
    services.intake_submit(
        actor=UserFactory(),
        data={
            "title": "Huiskamer",
            "what": "Een huiskamer",
            "for_whom": "Buren",
            "needs": "Ruimte",
            "brings": "Tijd",
        },
    )
    assert kept() == recount() == {S.TRIAGE: (1, 1)}
    first, second = Route(), Route()
    first.to("approved")
    assert kept() == recount()
    second.to("advise")
    assert kept() == recount()
    assert (
        kept()[S.TRIAGE] == (1, 3)
        and kept()[S.APPROVED] == (1, 1)
        and kept()[S.ADVICE] == (0, 2)
        and kept()[S.ADVISED] == (1, 2)
    )
    # a median of the closed periods: the two ideas that left the triage did so at once
    assert StepFigure.objects.get(status=S.TRIAGE).median < datetime.timedelta(minutes=5)
    assert StepFigure.objects.get(status=S.APPROVED).median is None  # nobody has left it yet


@pytest.mark.django_db
def test_the_migration_counts_the_ideas_already_there_as_the_moves_do():
    Route().to("plan")
    IntakeFactory.create_batch(2)
    expected = {row.status: (row.ideas_now, row.ideas_total, row.median) for row in figures.shown()}
    StepFigure.objects.all().delete()
    migration = __import__("intake.migrations.0008_step_figures", fromlist=["count_the_steps"])
    migration.count_the_steps(apps, None)
    assert {row.status: (row.ideas_now, row.ideas_total, row.median) for row in figures.shown()} == expected


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/idee/", "/api/v1/intake-steps/", "/api/v1/intake-steps/triage/"])
def test_the_pages_read_the_kept_figures_not_the_times_per_step(client, url):
    Route().to("plan")
    IntakeFactory.create_batch(3)
    invalidate_fragments()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    read = " ".join(query["sql"] for query in queries.captured_queries)
    assert "intake_stepfigure" in read
    assert "intake_stepperiod" not in read


@pytest.mark.django_db(transaction=True)
def test_two_moves_out_of_the_same_step_at_the_same_time_count_each_other():
    """The first move holds its transaction open after it refreshed the figures; the second, in
    another connection, waits for the rows of the steps and counts the first one's period once it
    committed. Without the lock each would count only its own move."""
    team = Route().team
    contact = official()
    ideas = IntakeFactory.create_batch(2)
    figures.refresh()  # every step has its row already: only the lock makes the second move wait
    first_refreshed, second_started = threading.Event(), threading.Event()
    errors = []

    def move(intake, *, hold):
        try:
            with transaction.atomic():
                services.intake_assign_contact(
                    intake=intake, actor=team, route=Intake.Route.COOPERATE, contact_person=contact
                )
                if hold:
                    first_refreshed.set()
                    assert second_started.wait(10)
                    waiting = _waiting_for_a_lock()
                    assert waiting, "the second move should wait for the rows of the steps"
        except Exception as error:  # noqa: BLE001 - reported by the test below
            errors.append(error)
        finally:
            close_old_connections()
            connections.close_all()

    holder = threading.Thread(target=move, args=(ideas[0],), kwargs={"hold": True})
    holder.start()
    assert first_refreshed.wait(30)
    other = threading.Thread(target=move, args=(ideas[1],), kwargs={"hold": False})
    other.start()
    second_started.set()
    holder.join(60)
    other.join(60)
    assert not errors, errors
    assert kept() == recount()
    assert kept()[S.TRIAGE] == (1, 3) and kept()[S.CONTACT_ASSIGNED] == (2, 2)  # and the route's own idea


def _waiting_for_a_lock():
    """Whether another connection waits for a lock (polled for up to five seconds)."""
    with connections["default"].cursor() as cursor:
        deadline = timezone.now() + datetime.timedelta(seconds=5)
        while timezone.now() < deadline:
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # a transaction keeps its first view
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity"
                " WHERE wait_event_type = 'Lock' AND datname = current_database()"
            )
            if cursor.fetchone()[0]:
                return True
            threading.Event().wait(0.05)
    return False
