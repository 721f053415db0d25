"""The kompas report: generated once per period at its end (time moved), HTML and a PDF that parses
back, archived on /kompas/rapporten/, and mailed exactly once per recipient: when the beat task runs
twice, and when a real worker is killed mid-run and another one takes over."""

import datetime
import io
import time

import pytest
from django.conf import settings
from django.core import mail
from pypdf import PdfReader

from kompas import services, tasks
from kompas.models import Period, Proposal, Report, ReportDelivery
from kompas.tests import factories as f
from reisgids.notifications.tests.test_mail_delivery import VISIBILITY_TIMEOUT, Worker
from reisgids.registries import KOMPAS_FIGURES, register_kompas_figure
from tests.celery_worker import wait_until

S = Proposal.Status


def _ended_period():
    """The current period, and the day after it ends (the moment the beat task runs)."""
    period = services.period_for()
    return period, period.end


def _pdf_text(data):
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.django_db
def test_the_report_is_generated_once_renders_as_pdf_and_goes_out_once_per_recipient(
    client, django_capture_on_commit_callbacks
):
    proposal = f.proposal(state=S.ADOPTED)
    board = [f.board_member(), f.board_member()]
    editors = [proposal.created_by]
    register_kompas_figure("test-schouw", lambda start, end: 3, label="Schouwrapporten gepubliceerd")
    try:
        period, after = _ended_period()
        with django_capture_on_commit_callbacks(execute=True):
            assert tasks.generate_reports(after.isoformat()) == [period.slug]
        with django_capture_on_commit_callbacks(execute=True):
            tasks.generate_reports(after.isoformat())  # beat ran twice
    finally:
        KOMPAS_FIGURES.pop("test-schouw")

    report = Report.objects.get()
    text = _pdf_text(report.pdf.read())
    assert "Kompasrapport" in text and proposal.title in text and "Schouwrapporten gepubliceerd" in text
    recipients = sorted(mail_.to[0] for mail_ in mail.outbox if "Kompasrapport" in mail_.subject)
    expected = sorted({user.email for user in tasks.report_recipients()})
    assert {user.email for user in board + editors} <= set(expected)
    assert recipients == expected  # each bestuur member and kompas editor exactly once
    assert all(m.attachments[0][2] == "application/pdf" for m in mail.outbox if "Kompasrapport" in m.subject)
    assert ReportDelivery.objects.count() == len(expected)

    listing = client.get("/kompas/rapporten/").content.decode()
    assert period.slug in listing
    page = client.get(f"/kompas/rapporten/{period.slug}/")
    assert page.status_code == 200 and proposal.title in page.content.decode()
    pdf = client.get(f"/kompas/rapporten/{period.slug}/pdf/")
    assert pdf["Content-Type"] == "application/pdf"
    assert proposal.title in _pdf_text(b"".join(pdf.streaming_content))


@pytest.mark.django_db
def test_nothing_is_generated_before_the_period_ends():
    period = services.period_for()
    assert tasks.generate_reports((period.end - datetime.timedelta(days=1)).isoformat()) == []
    assert not Report.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_run_and_a_second_beat_run_still_mail_each_recipient_once(
    private_broker, smtp_server, tmp_path, monkeypatch
):
    monkeypatch.setenv("MEDIA_ROOT", str(settings.MEDIA_ROOT))
    board = [f.board_member() for _ in range(3)]
    period, after = _ended_period()
    smtp_server.start()
    smtp_server.hold()  # the mail server takes no mail until released: the first task stays mid-send
    options = {"broker": private_broker.url, "queue": private_broker.queue, "smtp_port": smtp_server.port}
    first = Worker(**options, log=tmp_path / "first.log")
    try:
        tasks.generate_reports(after.isoformat())
        wait_until(lambda: smtp_server.held == 1, what="the first mail to be on its way")
        first.kill()  # the worker dies mid-run, its task unacknowledged
    finally:
        first.kill()
    wait_until(lambda: smtp_server.gone == 1, what="the mail server to see the client go")
    smtp_server.release()
    assert smtp_server.messages == []
    assert not ReportDelivery.objects.exists()  # the claim rolled back with the dying connection

    tasks.generate_reports(after.isoformat())  # the beat task runs again meanwhile
    time.sleep(VISIBILITY_TIMEOUT + 0.5)
    second = Worker(**options, log=tmp_path / "second.log", visibility_timeout=VISIBILITY_TIMEOUT)
    try:
        wait_until(lambda: ReportDelivery.objects.count() == 3, timeout=60, what="every recipient's mail")
        time.sleep(2)  # room for a duplicate, which must send nothing
    finally:
        second.kill()
    received = sorted(message["To"] for message in smtp_server.messages)
    assert received == sorted(user.email for user in board)
    assert Report.objects.count() == 1
    assert Period.objects.filter(pk=period.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_two_batches_at_once_send_each_report_mail_exactly_once():
    """Two workers run the same batch at the same moment (a duplicate delivery of the task): each
    recipient's unique delivery row lets exactly one of them send, the other waits on the row and
    sends nothing."""
    import threading

    from django.db import connection

    board = [f.board_member() for _ in range(12)]
    period, _after = _ended_period()
    services.report_generate(period=period)
    ids = sorted(user.pk for user in board)
    start = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            start.wait(timeout=10)
            results.append(tasks.send_report_batch(ids, {"period": period.pk}))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()  # this thread's own database connection

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert sum(results) == len(board), results
    mails = [m.to[0] for m in mail.outbox if "Kompasrapport" in m.subject]
    assert sorted(mails) == sorted(user.email for user in board)  # each exactly once
    assert ReportDelivery.objects.count() == len(board)


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_the_report_is_archived_and_mailed_once_when_it_is_back(private_broker):
    """The beat task runs while Redis is down: the report is generated and archived, its mail waits
    in the outbox (nothing lost, nothing sent). When the broker is back, the outbox sweep hands it
    to a worker and each recipient gets one mail; a second beat run and sweep send nothing more."""
    from reisgids.outbox.models import OutboxMessage
    from reisgids.outbox.tasks import sweep
    from tests.celery_worker import running_worker

    board = [f.board_member() for _ in range(3)]
    period, after = _ended_period()
    private_broker.stop()
    assert tasks.generate_reports(after.isoformat()) == [period.slug]
    assert Report.objects.filter(period=period).exists()
    waiting = OutboxMessage.objects.filter(task=tasks.send_report_batch.name, done_at__isnull=True)
    assert waiting.count() == 1 and "Error" in waiting.get().last_error
    assert not ReportDelivery.objects.exists() and not mail.outbox

    private_broker.start()
    with running_worker(private_broker.queue):
        assert sweep() >= 1
        wait_until(lambda: ReportDelivery.objects.count() == 3, timeout=60, what="every recipient's mail")
        tasks.generate_reports(after.isoformat())  # beat again: nobody is left to mail
        sweep()
        time.sleep(2)  # room for a duplicate, which must send nothing
    mails = sorted(m.to[0] for m in mail.outbox if "Kompasrapport" in m.subject)
    assert mails == sorted(user.email for user in board)
    assert Report.objects.count() == 1


def test_celery_beat_runs_the_kompas_tasks_and_the_mail_batches_are_acknowledged_late():
    from reisgids.celery import app

    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"kompas.generate_reports", "kompas.flag_overdue_reviews"} <= scheduled
    assert {"kompas.generate_reports", "kompas.flag_overdue_reviews", "kompas.send_report_batch"} <= set(
        app.tasks
    )
    assert app.tasks["kompas.send_report_batch"].acks_late
    assert app.conf.task_reject_on_worker_lost


@pytest.mark.django_db
def test_the_period_length_is_configurable(settings):
    settings.KOMPAS_PERIOD_MONTHS = 3
    period = services.period_for(datetime.date(2026, 5, 12))
    assert (period.slug, period.start, period.end) == (
        "2026-2",
        datetime.date(2026, 4, 1),
        datetime.date(2026, 7, 1),
    )
    assert tasks.generate_reports("2026-07-01") == ["2026-2"]  # its report at its end, not half a year on
    assert Report.objects.get().period == period


@pytest.mark.django_db
def test_the_bench_reports_how_long_the_report_pdf_takes_to_render():
    """``manage.py bench`` (kompas.bench) times the PDF of a period's report, with the numbers of
    lessons and proposals it covers (the bar: 500 lessons and 100 proposals; README)."""
    from atlas.tests.factories import lesson_page
    from kompas import bench

    for number in range(3):
        lesson_page(title=f"Les {number}")
    totals = bench.seed(organisations=10, clear=False)
    assert totals["proposals"] == bench.FULL_PAGE and totals["report_lessons"] == 3
    assert totals["report_pdf_seconds"] > 0
    report = Report.objects.get()
    assert "Benchvoorstel 000000" in _pdf_text(report.pdf.read())
