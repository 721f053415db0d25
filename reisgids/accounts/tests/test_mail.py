"""allauth's mails go through the outbox: with the mail server down a password reset still answers,
and the mail arrives once when the server is back (tests/smtp_server.py, a real SMTP server)."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from reisgids.outbox.models import OutboxMessage
from reisgids.outbox.tasks import sweep
from reisgids.tests.factories import UserFactory


@pytest.mark.django_db(transaction=True)
def test_password_reset_while_the_mail_server_is_down_mails_once_when_it_is_back(smtp_server):
    user = UserFactory(verified=True)

    response = Client().post("/accounts/password/reset/", {"email": user.email})

    assert response.status_code == 302  # was a 500 when allauth sent the mail in the request
    (message,) = OutboxMessage.objects.filter(task="reisgids.send_mail")
    assert message.is_pending and "ConnectionRefusedError" in message.last_error
    assert smtp_server.messages == []

    smtp_server.start()
    assert sweep(now=timezone.now() + datetime.timedelta(days=1)) == 1
    assert sweep(now=timezone.now() + datetime.timedelta(days=2)) == 0

    (mail,) = smtp_server.messages
    assert mail["To"] == user.email
    assert "/accounts/password/reset/key/" in mail.get_payload(decode=True).decode()
