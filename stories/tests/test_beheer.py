"""Comments in /beheer/ (issue 10, item 6): a contentbeheerder sees the reported comments and hides
one through ``services.comment_hide``; the comment itself cannot be edited or deleted there."""

import pytest
from django.urls import reverse

from reisgids.tests.beheer import staff_client
from stories.models import Comment
from stories.tests.factories import CommentReportFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("superuser", [False, True], ids=["contentbeheerder", "superuser"])
def test_a_reported_comment_is_not_edited_or_deleted_in_beheer_but_hidden_through_the_service(
    client, superuser
):
    staff_client(
        client,
        "stories.view_comment",
        "stories.change_comment",
        "stories.view_commentreport",
        group="Contentbeheerders",
        superuser=superuser,
    )
    comment = CommentReportFactory().comment
    text = comment.text
    for view, data in (("edit", {"text": "Aangepast", "hidden_reason": "x"}), ("delete", {})):
        address = reverse(f"wagtailsnippets_stories_comment:{view}", args=[comment.pk])
        response = client.post(address, data)
        assert response.status_code in (302, 403), address
        assert response.status_code == 403 or "/beheer/snippets/" not in response["Location"], address
    comment.refresh_from_db()
    assert (comment.text, comment.hidden_at) == (text, None)

    response = client.post(
        reverse("comment_hide", args=["stories.comment", comment.pk]), {"reason": "Kwetsend"}
    )

    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.hidden_at is not None and comment.hidden_reason == "Kwetsend"
    assert Comment.objects.get(pk=comment.pk).text == text
