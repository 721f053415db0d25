"""Smoke test of ``manage.py bench_digest`` (``make bench-digest``): a digest round to 50 members
through a real Celery worker process on the real Redis and the command's counting SMTP server: one
mail each, none in the second run; and the command fails when the round takes longer than
``--max-seconds``."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_digest_benchmark_mails_50_members_once_each_through_a_real_worker():
    out = io.StringIO()
    call_command("bench_digest", members=50, concurrency=1, timeout=180, stdout=out)
    result = json.loads(out.getvalue())
    assert result["members"] == 50 and result["mails_received"] == 50
    assert result["recipients_with_more_than_one"] == 0 and result["mails_in_second_run"] == 0
    assert result["max_seconds"] == 600 and result["seconds"] <= 600


def test_the_digest_benchmark_fails_when_the_round_takes_too_long():
    out = io.StringIO()
    with pytest.raises(CommandError, match="more than the 0.001 allowed"):
        call_command("bench_digest", members=3, concurrency=1, timeout=180, max_seconds=0.001, stdout=out)
    assert json.loads(out.getvalue())["mails_received"] == 3  # it did the round, and reports it
