"""Helpers for the tests that every app writes for its messages: the same event told to a Dutch and
an English recipient (both mailed directly) and to one who turned mail off."""

from reisgids.models import User
from reisgids.notifications.models import Notification

DIRECT = User.NotificationPreference.DIRECT
OFF = User.NotificationPreference.OFF


def with_language(user, *, language, preference=DIRECT):
    """``user`` with this notification language and mail preference, saved."""
    user.language = language
    user.notification_preference = preference
    user.save(update_fields=["language", "notification_preference"])
    return user


def dutch_english_off(make_user):
    """Three recipients made by ``make_user()``: Dutch and English, both mailed directly, and Dutch
    with mail off."""
    return (
        with_language(make_user(), language="nl"),
        with_language(make_user(), language="en"),
        with_language(make_user(), language="nl", preference=OFF),
    )


def assert_told_in_own_language(mailoutbox, people, *, nl, en):
    """Of ``people`` (from ``dutch_english_off``) the Dutch and the English one each got one mail and
    an in-app notification whose subject holds ``nl`` resp. ``en``, the mail written around it in
    their language; the third got the Dutch notification on the site and no mail."""
    dutch, english, off = people
    mails = {mail.to[0]: mail for mail in mailoutbox}
    assert sorted(mails) == sorted([dutch.email, english.email])
    for user, text, hello, lang in ((dutch, nl, "Hallo", "nl"), (english, en, "Hello", "en")):
        mail = mails[user.email]
        assert text in mail.subject
        assert mail.body.startswith(hello)
        assert f'<html lang="{lang}">' in mail.alternatives[0][0]
        notification = Notification.objects.get(recipient=user)
        assert text in notification.subject
        assert notification.emailed_at is not None
    silent = Notification.objects.get(recipient=off)
    assert nl in silent.subject
    assert silent.emailed_at is None
