"""Wagtail's workflow signals → the author of a story hears the outcome of the review."""

from django.dispatch import receiver
from wagtail.signals import workflow_approved, workflow_rejected


@receiver(workflow_approved, dispatch_uid="stories_workflow_approved")
def story_approved(sender, instance, user=None, **kwargs):
    from stories.services import story_review_finished

    story_review_finished(workflow_state=instance, approved=True, reviewer=user)


@receiver(workflow_rejected, dispatch_uid="stories_workflow_rejected")
def story_rejected(sender, instance, user=None, **kwargs):
    from stories.services import story_review_finished

    story_review_finished(workflow_state=instance, approved=False, reviewer=user)
