"""The stories' sections of "download my data" (``reisgids.accounts.exports``), registered from
``StoriesConfig.ready()``: stories the person wrote (as last saved, published or not), their comments,
their reports of comments, and comments they hid as a moderator."""

from reisgids.accounts.exports import iso, register_export_section
from stories.models import Comment, CommentReport, StoryPage
from stories.services import html_to_text


@register_export_section("stories", models=["stories.StoryPage"])
def export_stories(user):
    stories = []
    for page in StoryPage.objects.filter(author=user).select_related("organisation").order_by("path"):
        latest = page.get_latest_revision_as_object()
        stories.append(
            {
                "title": latest.title,
                "kind": latest.kind,
                "intro": latest.intro,
                "text": html_to_text(latest.body),
                "embed_url": latest.embed_url,
                "transcript": latest.transcript,
                "organisation": page.organisation.name if page.organisation else "",
                "published": page.live,
                "first_published_at": iso(page.first_published_at),
                "last_saved_at": iso(page.latest_revision_created_at),
            }
        )
    return stories


@register_export_section("comments", models=["stories.Comment"])
def export_comments(user):
    """The person's comments, and the comments they hid as a moderator (without the text, which is
    someone else's)."""
    comments = Comment.objects.select_related("page").order_by("created_at", "pk")
    own = [
        {
            "story": comment.page.title,
            "text": comment.text,
            "reply": comment.parent_id is not None,
            "created_at": iso(comment.created_at),
            "edited_at": iso(comment.edited_at),
            "hidden_at": iso(comment.hidden_at),
        }
        for comment in comments.filter(author=user)
    ]
    hidden = [
        {
            "story": comment.page.title,
            "hidden_by_me": True,
            "hidden_at": iso(comment.hidden_at),
            "reason": comment.hidden_reason,
        }
        for comment in comments.filter(hidden_by=user)
    ]
    return own + hidden


@register_export_section("comment_reports", models=["stories.CommentReport"])
def export_comment_reports(user):
    return [
        {"story": report.comment.page.title, "reason": report.reason, "reported_at": iso(report.created_at)}
        for report in CommentReport.objects.filter(reporter=user)
        .select_related("comment__page")
        .order_by("created_at", "pk")
    ]
