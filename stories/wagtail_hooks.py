"""The comment moderation queue in /beheer/ (Contentbeheerders): reported comments with a filter and
the kernel's one action "verbergen" (hide) with a required reason (``reisgids.comment_admin``), so the
author is told and an audit row is written. Stories themselves are reviewed with Wagtail's own
workflow UI (the workflow is created by migration 0002). Comments are otherwise read-only here
(see ``reisgids.beheer``)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet

from reisgids.beheer import register_service_policy
from reisgids.comment_admin import ModeratedCommentViewSet
from stories.models import Comment

register_service_policy(Comment)


class CommentViewSet(ModeratedCommentViewSet):
    model = Comment
    icon = "warning"
    menu_label = _("Reported comments")
    menu_name = "reported_comments"
    menu_order = 230
    add_to_admin_menu = True
    reported_only = True


register_snippet(CommentViewSet)
