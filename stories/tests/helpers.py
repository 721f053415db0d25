"""Shared test helpers of the stories."""

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.auth.models import Group
from wagtail.models import ModelLogEntry, PageLogEntry

from reisgids.roles import CONTENT_MANAGERS_GROUP
from reisgids.tests.factories import MembershipFactory, UserFactory
from stories.moderation import ensure_story_moderation


def member_of(organisation, **kwargs):
    return MembershipFactory(organisation=organisation, **kwargs).user


def content_manager(*, totp_secret=None, **kwargs):
    """A user of the group Contentbeheerders with an authenticator app (the admin requires it); the
    workflow and the comment rights are put back first: a transactional test's flush removes
    migration data."""
    ensure_story_moderation()
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=CONTENT_MANAGERS_GROUP))
    TOTP.activate(user, totp_secret or generate_totp_secret())
    return user


def actions(instance):
    if hasattr(instance, "path"):
        entries = PageLogEntry.objects.filter(page=instance)
    else:
        entries = ModelLogEntry.objects.for_instance(instance)
    return list(entries.order_by("timestamp", "id").values_list("action", flat=True))


def story_data(**overrides):
    return {
        "kind": "blog",
        "title": "Verwijzingen vanuit het ziekenhuis",
        "intro": "Hoe het Maasstad Ziekenhuis gasten naar ons logeerhuis verwijst.",
        "body": "Het begon met een gesprek.\n\nNu verwijzen ze elke week.",
        "embed_url": "",
        "transcript": "",
        "themes": [],
        **overrides,
    }


def review(story, *, approve, comment):
    """A contentbeheerder approves or rejects the story's review task, as in /beheer/."""
    from wagtail.models import WorkflowState

    moderator = content_manager()
    state = WorkflowState.objects.get(object_id=str(story.pk), status=WorkflowState.STATUS_IN_PROGRESS)
    task_state = state.current_task_state.specific
    if approve:
        task_state.approve(user=moderator, comment=comment)
    else:
        task_state.reject(user=moderator, comment=comment)
    return moderator
