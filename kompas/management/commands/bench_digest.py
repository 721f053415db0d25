"""``manage.py bench_digest``: the digest benchmark of issue 14. A digest round to ``--members``
members (default 50,000), each with a pending notification, through the real path: the beat task's
paged fan-out (``reisgids.notifications.once``), the outbox, one real Celery worker (``celery -A
reisgids worker``, one process) on the real Redis (``REDIS_URL``, a queue of its own) and a real SMTP
server in this process that counts every mail per recipient. Then the same round runs again, and
must send nothing. Prints JSON: members, seconds, mails per second, peak queue length (Redis),
mails received, recipients with more than one mail, mails of the second run. Fails (exit status 1)
when a member got no mail or more than one, or when the first round took longer than
``--max-seconds`` (600, the bar of issue 14). ``make bench-digest`` runs it.

It writes to the database in ``DATABASE_URL`` and refuses one whose name contains neither "bench"
nor starts with "test_" (a test database, for the smoke test): ``make bench-digest`` creates
``reisgids_digest_bench`` and migrates it. The bulk
members (``digest-bench-*@bench.example.org``) are replaced on each run. Needs the dev dependencies
(aiosmtpd)."""

import datetime
import json
import os
import socket
import subprocess
import sys
import time
import uuid
from collections import Counter
from email import message_from_bytes
from pathlib import Path

import redis
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from reisgids.celery import app as celery_app
from reisgids.models import User
from reisgids.notifications.models import Digest, Notification
from reisgids.notifications.tasks import send_daily_digests
from reisgids.outbox.models import OutboxMessage

EMAIL_DOMAIN = "bench.example.org"
PREFIX = "digest-bench-"
CHUNK = 5000


class CountingHandler:
    def __init__(self):
        self.received = Counter()

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content)
        self.received[message["To"]] += 1
        return "250 OK"


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Command(BaseCommand):
    help = "Digest round to many members through the real worker and SMTP; exactly one mail each."

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=50_000)
        parser.add_argument("--timeout", type=int, default=1800, help="seconds to wait for the round")
        parser.add_argument("--concurrency", type=int, default=2, help="processes of the one worker")
        parser.add_argument(
            "--max-seconds",
            type=float,
            default=600,
            help="fail when the round takes longer (default 600: 50,000 members in 10 minutes)",
        )

    def handle(self, *args, members, timeout, concurrency, max_seconds, **options):
        from aiosmtpd.controller import Controller

        name = connection.settings_dict["NAME"]
        if "bench" not in name and not name.startswith("test_"):
            raise CommandError(
                f"Refusing to write bench members into {name!r}: use a database named *bench*."
            )
        if not settings.CELERY_BROKER_URL.startswith("redis"):
            raise CommandError("The digest benchmark needs REDIS_URL (a real Redis broker).")
        self._seed(members)
        handler = CountingHandler()
        port = _free_port()
        controller = Controller(handler, hostname="127.0.0.1", port=port)
        controller.start()
        queue = f"bench-digest-{uuid.uuid4().hex}"
        saved = {key: celery_app.conf[key] for key in ("task_always_eager", "task_default_queue")}
        celery_app.conf.task_always_eager = False
        celery_app.conf.task_default_queue = queue
        broker = redis.Redis.from_url(settings.CELERY_BROKER_URL)
        worker = self._worker(queue, port, concurrency)
        try:
            now = timezone.now()
            started = time.monotonic()
            send_daily_digests(now.isoformat())
            peak = self._wait(broker, queue, members, timeout)
            seconds = time.monotonic() - started
            first = sum(handler.received.values())
            send_daily_digests(now.isoformat())  # the same round again: nothing more may go out
            self._wait(broker, queue, members, timeout)
            second = sum(handler.received.values()) - first
        finally:
            worker.kill()
            worker.wait(timeout=30)
            controller.stop()
            broker.delete(queue)
            celery_app.conf.update(saved)
        result = {
            "members": members,
            "worker_processes": concurrency,
            "seconds": round(seconds, 1),
            "mails_per_second": round(first / seconds, 1) if seconds else None,
            "peak_queue_length": peak,
            "mails_received": first,
            "recipients_with_more_than_one": sum(1 for count in handler.received.values() if count > 1),
            "mails_in_second_run": second,
            "digests": Digest.objects.filter(recipient__email__startswith=PREFIX).count(),
            "max_seconds": max_seconds,
        }
        self.stdout.write(json.dumps(result, indent=2))
        if first != members or second or result["recipients_with_more_than_one"]:
            raise CommandError("Not exactly one mail per member")
        if seconds > max_seconds:
            raise CommandError(
                f"The round took {seconds:.1f} seconds, more than the {max_seconds:g} allowed (--max-seconds)"
            )

    def _seed(self, members):
        User.objects.filter(email__startswith=PREFIX).delete()
        OutboxMessage.objects.all().delete()
        hour_ago = timezone.now() - datetime.timedelta(hours=1)
        for start in range(0, members, CHUNK):
            users = User.objects.bulk_create(
                User(
                    email=f"{PREFIX}{number:06d}@{EMAIL_DOMAIN}",
                    first_name="Lid",
                    notification_preference=User.NotificationPreference.DAILY,
                    password="!",
                )
                for number in range(start, min(start + CHUNK, members))
            )
            Notification.objects.bulk_create(
                Notification(recipient=user, subject="Nieuw in het netwerk", created_at=hour_ago)
                for user in users
            )

    def _worker(self, queue, port, concurrency):
        db = connection.settings_dict
        env = {
            **os.environ,
            "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "EMAIL_URL": f"smtp://127.0.0.1:{port}",
            # The worker sends its follow-up tasks (the next page of the fan-out) to the same queue.
            "CELERY_TASK_DEFAULT_QUEUE": queue,
        }
        log_path = Path(settings.BASE_DIR) / "var" / "bench-digest-worker.log"
        log_path.parent.mkdir(exist_ok=True)  # a fresh checkout has no var/
        log = open(log_path, "wb")  # noqa: SIM115
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "reisgids",
                "worker",
                "--pool=prefork",
                f"--concurrency={concurrency}",
            ]
            + [f"--queues={queue}", "--loglevel=WARNING", "--without-gossip", "--without-mingle"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        return process

    def _wait(self, broker, queue, members, timeout):
        """Wait until no outbox row is pending and the queue is empty; returns the peak queue length."""
        deadline = time.monotonic() + timeout
        peak = 0
        quiet = 0
        while time.monotonic() < deadline:
            length = broker.llen(queue)
            peak = max(peak, length)
            pending = OutboxMessage.objects.filter(done_at__isnull=True, failed_at__isnull=True).exists()
            quiet = quiet + 1 if not pending and not length else 0
            if quiet >= 3:
                return peak
            time.sleep(0.5)
        raise CommandError(f"The round did not finish within {timeout} seconds")
