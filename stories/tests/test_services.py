"""Every stories service, allowed for the right person and refused for the others, with its audit
row and the notification of the people concerned."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from wagtail.models import WorkflowState

from reisgids import comments
from reisgids.notifications.models import Notification
from reisgids.tests.factories import OrganisationFactory, ThemeFactory, UserFactory
from stories import services
from stories.models import Comment, CommentReport, StoryPage
from stories.tests.factories import CommentFactory, StoryPageFactory
from stories.tests.helpers import actions, content_manager, member_of, review, story_data

pytestmark = pytest.mark.django_db


# --- submitting and reviewing stories --------------------------------------------------------------


def test_member_submits_a_draft_that_enters_the_workflow():
    org = OrganisationFactory()
    member = member_of(org)
    theme = ThemeFactory()
    story = services.story_submit(actor=member, organisation=org, data=story_data(themes=[theme]))
    story.refresh_from_db()
    assert not story.live
    assert story.author == member and story.organisation == org
    assert list(story.themes.all()) == [theme]
    assert story.body == "<p>Het begon met een gesprek.</p><p>Nu verwijzen ze elke week.</p>"
    state = WorkflowState.objects.get(object_id=str(story.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert "stories.story.submit" in actions(story)
    assert not StoryPage.objects.live().filter(pk=story.pk).exists()


def test_submit_refused_for_strangers_and_anonymous():
    org = OrganisationFactory()
    stranger = member_of(OrganisationFactory())
    with pytest.raises(PermissionDenied):
        services.story_submit(actor=stranger, organisation=org, data=story_data())
    with pytest.raises(PermissionDenied):
        services.story_submit(actor=AnonymousUser(), organisation=org, data=story_data())
    assert not StoryPage.objects.exists()


def test_video_needs_a_known_provider_and_a_transcript():
    org = OrganisationFactory()
    member = member_of(org)
    with pytest.raises(ValidationError) as error:
        services.story_submit(
            actor=member, organisation=org, data=story_data(kind="video", embed_url="https://example.com/x")
        )
    assert {"embed_url", "transcript"} <= set(error.value.error_dict)
    story = services.story_submit(
        actor=member,
        organisation=org,
        data=story_data(kind="video", embed_url="https://www.youtube.com/watch?v=abc", transcript="Tekst"),
    )
    assert story.provider == "YouTube"


def test_body_text_is_escaped():
    org = OrganisationFactory()
    story = services.story_submit(
        actor=member_of(org), organisation=org, data=story_data(body="<script>alert(1)</script>")
    )
    assert "<script>" not in story.body
    assert "&lt;script&gt;" in story.body


def test_approval_publishes_and_tells_the_author_with_the_comment():
    org = OrganisationFactory()
    member = member_of(org)
    story = services.story_submit(actor=member, organisation=org, data=story_data())
    review(story, approve=True, comment="Mooi verhaal!")
    story.refresh_from_db()
    assert story.live
    notification = Notification.objects.get(recipient=member)
    assert "gepubliceerd" in notification.subject
    assert notification.body == "Mooi verhaal!"
    assert notification.url == story.url


def test_rejection_keeps_it_private_and_tells_the_author_why():
    org = OrganisationFactory()
    member = member_of(org)
    story = services.story_submit(actor=member, organisation=org, data=story_data())
    review(story, approve=False, comment="Voeg graag een foto toe.")
    story.refresh_from_db()
    assert not story.live
    notification = Notification.objects.get(recipient=member)
    assert notification.body == "Voeg graag een foto toe."


def test_author_revises_a_story_sent_back_and_it_is_reviewed_again():
    org = OrganisationFactory()
    member = member_of(org)
    story = services.story_submit(actor=member, organisation=org, data=story_data())
    review(story, approve=False, comment="Noem graag de naam van het ziekenhuis.")
    theme = ThemeFactory()
    revision = services.story_revise(
        actor=member,
        story=story,
        organisation=org,
        data=story_data(
            title="Verwijzingen vanuit het Maasstad", body="Eerste alinea.\n\nTweede.", themes=[theme]
        ),
    )
    state = WorkflowState.objects.get(object_id=str(story.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.revision == revision
    assert "stories.story.revise" in actions(story)
    assert not StoryPage.objects.get(pk=story.pk).live  # still a draft until approved

    review(story, approve=True, comment="Dank je!")
    story = StoryPage.objects.get(pk=story.pk)
    assert story.live and story.title == "Verwijzingen vanuit het Maasstad"
    assert story.body == "<p>Eerste alinea.</p><p>Tweede.</p>"
    assert list(story.themes.all()) == [theme]


def test_revise_refused_for_others_and_unless_sent_back():
    org = OrganisationFactory()
    member = member_of(org)
    story = services.story_submit(actor=member, organisation=org, data=story_data())
    with pytest.raises(PermissionDenied):  # still being reviewed
        services.story_revise(actor=member, story=story, organisation=org, data=story_data(title="Nu al"))
    review(story, approve=False, comment="Korter graag.")
    colleague = member_of(org)
    for actor in (colleague, AnonymousUser()):
        with pytest.raises(PermissionDenied):
            services.story_revise(
                actor=actor, story=story, organisation=org, data=story_data(title="Van mij")
            )
    with pytest.raises(PermissionDenied):  # not a member of that organisation
        services.story_revise(
            actor=member, story=story, organisation=OrganisationFactory(), data=story_data(title="Elders")
        )
    assert WorkflowState.objects.get(object_id=str(story.pk)).status == WorkflowState.STATUS_NEEDS_CHANGES
    assert "stories.story.revise" not in actions(story)


def test_html_to_text_is_the_reverse_of_text_to_html():
    text = "Eerste regel\nmet <b>tekens</b> & meer.\n\nTweede alinea."
    assert services.html_to_text(services.text_to_html(text)) == text


# --- comments ------------------------------------------------------------------------------------


def test_signed_in_user_comments_anonymous_refused():
    story = StoryPageFactory(author=UserFactory())
    user = UserFactory()
    with pytest.raises(PermissionDenied):
        services.comment_create(actor=AnonymousUser(), page=story, text="Hoi")
    comment = services.comment_create(actor=user, page=story, text="  Goed bezig!  ")
    assert comment.text == "Goed bezig!"
    assert "stories.comment.create" in actions(comment)
    assert Notification.objects.filter(recipient=story.author).exists()


def test_no_comments_on_drafts_and_empty_or_long_text_refused():
    draft = StoryPageFactory(live=False)
    user = UserFactory()
    with pytest.raises(PermissionDenied):
        services.comment_create(actor=user, page=draft, text="Hoi")
    story = StoryPageFactory()
    with pytest.raises(ValidationError) as error:
        services.comment_create(actor=user, page=story, text="   ")
    assert "text" in error.value.error_dict
    with pytest.raises(ValidationError):
        services.comment_create(actor=user, page=story, text="x" * 2001)


def test_a_reply_to_a_reply_attaches_to_the_top_comment():
    story = StoryPageFactory()
    top = CommentFactory(page=story)
    reply = services.comment_create(actor=UserFactory(), page=story, text="Eens", parent=top)
    reply_to_reply = services.comment_create(actor=UserFactory(), page=story, text="Ik ook", parent=reply)
    assert reply.parent == top
    assert reply_to_reply.parent == top


def test_commenting_is_rate_limited():
    story = StoryPageFactory()
    user = UserFactory()
    for number in range(services.COMMENT_RATE_LIMIT):
        services.comment_create(actor=user, page=story, text=f"Reactie {number}")
    with pytest.raises(ValidationError):
        services.comment_create(actor=user, page=story, text="Nog een")
    assert Comment.objects.count() == services.COMMENT_RATE_LIMIT


def test_author_edits_within_15_minutes_others_never():
    comment = CommentFactory()
    with pytest.raises(PermissionDenied):
        services.comment_update(actor=UserFactory(), comment=comment, text="Gekaapt")
    services.comment_update(actor=comment.author, comment=comment, text="Verbeterd")
    comment.refresh_from_db()
    assert comment.text == "Verbeterd" and comment.edited_at
    assert "stories.comment.update" in actions(comment)
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=16))
    comment.refresh_from_db()
    with pytest.raises(ValidationError):
        services.comment_update(actor=comment.author, comment=comment, text="Te laat")


def test_report_once_per_user_not_by_the_author():
    comment = CommentFactory()
    reporter = UserFactory()
    with pytest.raises(PermissionDenied):
        services.comment_report(actor=comment.author, comment=comment)
    with pytest.raises(PermissionDenied):
        services.comment_report(actor=AnonymousUser(), comment=comment)
    report = services.comment_report(actor=reporter, comment=comment, reason="Kwetsend")
    with pytest.raises(ValidationError):
        services.comment_report(actor=reporter, comment=comment, reason="Nog eens")
    services.comment_report(actor=UserFactory(), comment=comment)
    comment.refresh_from_db()
    assert comment.report_count == 2
    assert CommentReport.objects.count() == 2
    assert "stories.comment.report" in actions(report)


def test_only_moderators_hide_with_a_reason_and_the_author_is_told():
    comment = CommentFactory()
    with pytest.raises(PermissionDenied):
        comments.comment_hide(actor=UserFactory(), comment=comment, reason="Weg ermee")
    moderator = content_manager()
    with pytest.raises(ValidationError) as error:
        comments.comment_hide(actor=moderator, comment=comment, reason="  ")
    assert "reason" in error.value.error_dict
    comments.comment_hide(actor=moderator, comment=comment, reason="Persoonsgegevens van een ander")
    comment.refresh_from_db()
    assert comment.is_hidden and comment.hidden_by == moderator
    assert "stories.comment.hide" in actions(comment)
    notification = Notification.objects.get(recipient=comment.author)
    assert notification.body == "Persoonsgegevens van een ander"


def test_posting_a_comment_updates_the_cached_count(client):
    story = StoryPageFactory()
    CommentFactory(page=story)
    assert "1 reactie" in client.get(story.url).content.decode()
    services.comment_create(actor=UserFactory(), page=story, text="Tweede")
    assert "2 reacties" in client.get(story.url).content.decode()
