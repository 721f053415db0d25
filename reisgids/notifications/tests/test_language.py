"""``notify`` writes each recipient's notification in their own language (``User.language``:
Dutch unless they chose English), whatever language the actor uses, and mails it by their
preference. The mails go through the outbox to a real Celery worker."""

import datetime

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from reisgids.notifications.models import Notification
from reisgids.notifications.services import notify
from reisgids.notifications.tasks import send_daily_digests
from reisgids.notifications.tests.helpers import assert_told_in_own_language, dutch_english_off, with_language
from reisgids.tests.factories import UserFactory
from tests.celery_worker import wait_for_tasks

pytestmark = pytest.mark.django_db(transaction=True)


def test_each_recipient_reads_the_message_in_their_own_language(celery_worker_real, mailoutbox):
    people = dutch, english, _off = dutch_english_off(UserFactory)
    with translation.override("en"):  # the actor's language does not matter
        notify(
            recipients=people,
            subject=_("New request to join %(organisation)s"),
            body=_("The managers of %(organisation)s have refused your request to become a member."),
            params={"organisation": "Buurthuis 100% De Pijp"},
            url="/partijen/",
        )
    wait_for_tasks(celery_worker_real)
    nl, en = (
        "Nieuw verzoek om lid te worden van Buurthuis 100% De Pijp",
        "New request to join Buurthuis 100% De Pijp",
    )
    assert_told_in_own_language(mailoutbox, people, nl=nl, en=en)
    assert "hebben je verzoek om lid te worden afgewezen" in Notification.objects.get(recipient=dutch).body
    assert "have refused your request" in Notification.objects.get(recipient=english).body


def test_text_a_person_wrote_is_passed_on_as_it_is():
    dutch, english = UserFactory(), with_language(UserFactory(), language="en")
    notify(
        recipients=[dutch, english],
        subject=_("New comment on “%(title)s”"),
        body="100% eens, %(title)s blijft staan",
        params={"title": "Samen koken"},
    )
    rows = {n.recipient_id: n for n in Notification.objects.all()}
    assert rows[dutch.pk].subject == "Nieuwe reactie op „Samen koken”"
    assert rows[english.pk].subject == "New comment on “Samen koken”"
    assert {n.body for n in rows.values()} == {"100% eens, %(title)s blijft staan"}


def test_the_daily_digest_is_in_the_recipients_language(celery_worker_real, mailoutbox):
    dutch = with_language(UserFactory(), language="nl", preference="daily")
    english = with_language(UserFactory(), language="en", preference="daily")
    notify(recipients=[dutch, english], subject=_("New comment on “%(title)s”"), params={"title": "Koken"})
    send_daily_digests.delay((timezone.now() + datetime.timedelta(minutes=1)).isoformat())
    wait_for_tasks(celery_worker_real)
    mails = {mail.to[0]: mail for mail in mailoutbox}
    assert mails[dutch.email].subject == "[Reisgids] Je hebt 1 nieuwe melding"
    assert "Nieuwe reactie op „Koken”" in mails[dutch.email].body
    assert mails[english.email].subject == "[Reisgids] You have 1 new notification"
    assert "New comment on “Koken”" in mails[english.email].body
