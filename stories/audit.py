"""The audit actions of the stories, added to ``reisgids.audit.ACTIONS`` when the app is ready."""

from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "stories.story.submit": (_("Submit story"), _("Story submitted for review")),
    "stories.story.revise": (_("Revise story"), _("Story changed and sent back for review")),
    "stories.comment.create": (_("Post comment"), _("Comment posted")),
    "stories.comment.update": (_("Edit comment"), _("Comment edited")),
    "stories.comment.report": (_("Report comment"), _("Comment reported")),
    "stories.comment.hide": (_("Hide comment"), _("Comment hidden by a moderator")),
}


def register_actions():
    from reisgids import audit

    for action, labels in ACTIONS.items():
        audit.ACTIONS.setdefault(action, labels)
