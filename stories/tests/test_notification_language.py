"""The stories tell each recipient in their own language (no longer the site's), by their mail
preference, through the outbox and a real Celery worker."""

import pytest
from django.utils import translation

from reisgids import comments
from reisgids.notifications.models import Notification
from reisgids.notifications.tests.helpers import OFF, with_language
from reisgids.tests.factories import UserFactory
from stories import services
from stories.tests.factories import CommentFactory, StoryPageFactory
from stories.tests.helpers import content_manager
from tests.celery_worker import wait_for_tasks

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_reply_reaches_the_author_and_the_commenter_each_in_their_language(celery_worker_real, mailoutbox):
    story = StoryPageFactory(title="Samen koken", author=with_language(UserFactory(), language="en"))
    parent = CommentFactory(page=story, author=with_language(UserFactory(), language="nl"))
    with translation.override("en"):
        services.comment_create(actor=UserFactory(), page=story, text="Mooi!", parent=parent)
    wait_for_tasks(celery_worker_real)
    subjects = {mail.to[0]: mail.subject for mail in mailoutbox}
    assert subjects == {
        story.author.email: "[Reisgids] New comment on “Samen koken”",
        parent.author.email: "[Reisgids] Nieuwe reactie op „Samen koken”",
    }


def test_a_hidden_comment_is_told_only_on_the_site_when_mail_is_off(celery_worker_real, mailoutbox):
    author = with_language(UserFactory(), language="en", preference=OFF)
    comment = CommentFactory(page=StoryPageFactory(title="Samen koken"), author=author)
    comments.comment_hide(actor=content_manager(), comment=comment, reason="Kwetsend")
    wait_for_tasks(celery_worker_real)
    assert mailoutbox == []
    notification = Notification.objects.get(recipient=author)
    assert notification.subject == "Your comment on “Samen koken” has been hidden"
    assert notification.body == "Kwetsend"
