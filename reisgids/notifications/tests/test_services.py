import pytest
from django.utils import timezone

from reisgids.models import Organisation, User
from reisgids.notifications.models import Notification
from reisgids.notifications.services import notification_mark_read, notifications_mark_all_read, notify
from reisgids.notifications.tests.factories import NotificationFactory
from reisgids.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

DIRECT = User.NotificationPreference.DIRECT
DAILY = User.NotificationPreference.DAILY
OFF = User.NotificationPreference.OFF


def send(recipients, capture, **kwargs):
    defaults = {"subject": "Je bent uitgenodigd voor een deal", "body": "Kijk of je mee wilt doen."}
    with capture(execute=True):
        return notify(recipients=recipients, **{**defaults, **kwargs})


def test_notify_creates_one_notification_per_recipient_in_app(django_capture_on_commit_callbacks):
    users = UserFactory.create_batch(3, notification_preference=OFF)
    organisation = OrganisationFactory()
    actor = UserFactory()

    created = send(
        users,
        django_capture_on_commit_callbacks,
        url="/partijen/x/",
        actor=actor,
        kind="deal.invite",
        target=organisation,
    )

    assert len(created) == 3
    rows = Notification.objects.order_by("recipient_id")
    assert [n.recipient for n in rows] == sorted(users, key=lambda u: u.pk)
    for n in rows:
        assert n.actor == actor
        assert n.kind == "deal.invite"
        assert n.url == "/partijen/x/"
        assert n.target == organisation
        assert isinstance(n.target, Organisation)
        assert n.read_at is None and n.emailed_at is None and n.digest is None


def test_notify_skips_actor_duplicates_inactive_and_anonymised(
    django_capture_on_commit_callbacks, mailoutbox
):
    actor = UserFactory(notification_preference=DIRECT)
    wanted = UserFactory(notification_preference=DIRECT)
    inactive = UserFactory(is_active=False, notification_preference=DIRECT)
    anonymised = UserFactory(anonymised_at=timezone.now(), notification_preference=DIRECT)

    created = send(
        [wanted, actor, wanted, inactive, anonymised, wanted], django_capture_on_commit_callbacks, actor=actor
    )

    assert [n.recipient for n in created] == [wanted]
    assert Notification.objects.count() == 1
    assert [m.to for m in mailoutbox] == [[wanted.email]]


def test_notify_with_nobody_left_creates_nothing(django_capture_on_commit_callbacks, mailoutbox):
    actor = UserFactory()
    assert send([actor], django_capture_on_commit_callbacks, actor=actor) == []
    assert send([], django_capture_on_commit_callbacks) == []
    assert Notification.objects.count() == 0
    assert mailoutbox == []


@pytest.mark.parametrize(
    ("preference", "mails"),
    [(DIRECT, 1), (DAILY, 0), (OFF, 0)],
)
def test_notify_respects_the_preference(preference, mails, django_capture_on_commit_callbacks, mailoutbox):
    user = UserFactory(notification_preference=preference)

    send([user], django_capture_on_commit_callbacks)

    notification = Notification.objects.get(recipient=user)
    assert len(mailoutbox) == mails
    assert (notification.emailed_at is not None) == (mails == 1)


def test_notify_sends_no_mail_when_the_transaction_rolls_back(django_capture_on_commit_callbacks, mailoutbox):
    from django.db import transaction

    user = UserFactory(notification_preference=DIRECT)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            notify(recipients=[user], subject="Onderwerp", body="Tekst")
            raise RuntimeError("the calling service failed")
    assert Notification.objects.count() == 0
    assert mailoutbox == []


def test_direct_mail_content(settings, django_capture_on_commit_callbacks, mailoutbox):
    settings.SITE_URL = "https://reisgids.example.nl"
    user = UserFactory(notification_preference=DIRECT, first_name="Fatima")

    send(
        [user],
        django_capture_on_commit_callbacks,
        subject="Je bent uitgenodigd voor de deal <Samen koken>",
        body="Buurthuis De Esch nodigt je uit.",
        url="/deals/samen-koken/",
    )

    (mail,) = mailoutbox
    assert mail.subject == "[Reisgids] Je bent uitgenodigd voor de deal <Samen koken>"
    assert mail.from_email == settings.DEFAULT_FROM_EMAIL
    assert mail.to == [user.email]
    assert "Hallo Fatima," in mail.body
    assert "Buurthuis De Esch nodigt je uit." in mail.body
    assert "https://reisgids.example.nl/deals/samen-koken/" in mail.body
    assert "https://reisgids.example.nl/meldingen/" in mail.body
    assert "https://reisgids.example.nl/accounts/profiel/" in mail.body
    html, mimetype = mail.alternatives[0]
    assert mimetype == "text/html"
    assert 'href="https://reisgids.example.nl/deals/samen-koken/"' in html
    # User text is escaped in the HTML part.
    assert "&lt;Samen koken&gt;" in html and "<Samen koken>" not in html
    assert '<html lang="nl">' in html


def test_direct_mail_task_is_safe_to_run_twice(django_capture_on_commit_callbacks, mailoutbox):
    from reisgids.notifications.tasks import send_notification_email

    user = UserFactory(notification_preference=DIRECT)
    (notification,) = send([user], django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 1

    with django_capture_on_commit_callbacks(execute=True):
        assert send_notification_email(notification.pk) is False
    assert len(mailoutbox) == 1


def test_notify_refuses_a_url_off_the_site():
    user = UserFactory()
    with pytest.raises(ValueError):
        notify(recipients=[user], subject="Onderwerp", body="", url="https://elders.example.com/")
    with pytest.raises(ValueError):
        notify(recipients=[user], subject="  ", body="")
    assert Notification.objects.count() == 0


def test_mark_read_by_the_owner():
    notification = NotificationFactory()

    notification_mark_read(user=notification.recipient, notification_id=notification.pk)

    notification.refresh_from_db()
    assert notification.read_at is not None


def test_mark_read_refused_for_someone_else():
    from django.http import Http404

    notification = NotificationFactory()
    stranger = UserFactory()

    with pytest.raises(Http404):
        notification_mark_read(user=stranger, notification_id=notification.pk)

    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_touches_only_the_users_own():
    mine = NotificationFactory.create_batch(3)
    user = mine[0].recipient
    for n in mine[1:]:
        n.recipient = user
        n.save(update_fields=["recipient"])
    theirs = NotificationFactory()

    assert notifications_mark_all_read(user=user) == 3

    assert Notification.objects.filter(recipient=user, read_at__isnull=True).count() == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None
