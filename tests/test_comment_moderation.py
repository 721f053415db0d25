"""One moderation action in /beheer/ for every app with comments (``reisgids.comment_admin``): a
contentbeheerder hides a story's or a proposal's comment with a reason through the same view and
service; an audit row records it and the author is told. Refused both ways: staff without the
moderation right, an unregistered model, an empty reason."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from kompas.models import Proposal
from kompas.tests import factories as kompas_factories
from reisgids import comments
from reisgids.notifications.models import Notification
from reisgids.tests.beheer import staff_client
from reisgids.tests.factories import UserFactory
from stories.tests.factories import CommentFactory

pytestmark = pytest.mark.django_db

MODERATOR_PERMISSIONS = {
    "stories.comment": ("stories.view_comment", "stories.change_comment"),
    "kompas.proposalcomment": ("kompas.view_proposalcomment", "kompas.change_proposalcomment"),
}


def story_comment():
    return CommentFactory(report_count=1)  # the stories' queue lists reported comments


def proposal_comment():
    proposal = kompas_factories.proposal(state=Proposal.Status.OPEN)
    return proposal.comments.create(author=UserFactory(), text="Dit voorstel is onzin, sukkels")


MAKERS = {"stories.comment": story_comment, "kompas.proposalcomment": proposal_comment}


@pytest.mark.parametrize("model", sorted(MAKERS))
def test_a_contentbeheerder_hides_any_apps_comment_with_the_one_action(client, model):
    staff_client(client, *MODERATOR_PERMISSIONS[model], group="Contentbeheerders")
    comment = MAKERS[model]()
    label = comment._meta
    listing = client.get(reverse(f"wagtailsnippets_{label.app_label}_{label.model_name}:list"))
    address = reverse("comment_hide", args=[model, comment.pk])
    assert listing.status_code == 200 and address in listing.content.decode()

    refused = client.post(address, {"reason": "  "})
    assert refused.status_code == 200
    assert "Geef de reden" in refused.content.decode()
    comment.refresh_from_db()
    assert comment.hidden_at is None

    response = client.post(address, {"reason": "Scheldwoorden"})

    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.is_hidden and comment.hidden_reason == "Scheldwoorden"
    (entry,) = ModelLogEntry.objects.filter(object_id=str(comment.pk), action__endswith=".comment.hide")
    assert entry.action == comments.moderation_for(model).audit_action
    assert entry.data["reason"] == "Scheldwoorden"
    assert Notification.objects.filter(recipient=comment.author, body="Scheldwoorden").count() == 1


@pytest.mark.parametrize("model", sorted(MAKERS))
def test_staff_without_the_moderation_right_cannot_hide(client, model):
    # Staff who may see the comments but not change them (e.g. the other app's moderators only).
    other = next(name for name in MODERATOR_PERMISSIONS if name != model)
    staff_client(client, *MODERATOR_PERMISSIONS[other], group="Netwerkmanagers")
    comment = MAKERS[model]()

    response = client.post(reverse("comment_hide", args=[model, comment.pk]), {"reason": "Weg"})

    assert response.status_code in (302, 403)
    comment.refresh_from_db()
    assert comment.hidden_at is None
    assert not ModelLogEntry.objects.filter(action__endswith=".comment.hide").exists()


def test_a_model_without_moderation_is_not_found(client):
    staff_client(client, superuser=True)
    response = client.post(reverse("comment_hide", args=["reisgids.organisation", 1]), {"reason": "x"})
    assert response.status_code == 404


def test_every_app_with_comments_uses_the_kernel_moderation():
    from django.apps import apps

    commented = {
        model._meta.label_lower for model in apps.get_models() if issubclass(model, comments.CommentBase)
    }
    assert commented == set(comments.MODERATIONS)
