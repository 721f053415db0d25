"""Every write in the stories: one service per state change. Each runs in one transaction, checks
who may do it, writes an audit row and tells the people concerned. Approving or rejecting a story
happens in Wagtail's own workflow UI in /beheer/; ``story_review_finished`` (connected to Wagtail's
workflow signals in ``signals.py``) tells the author."""

import datetime
import re
from html import unescape

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from reisgids import comments
from reisgids.audit import record
from reisgids.caching import bump
from reisgids.notifications.services import notify
from reisgids.outbox.services import enqueue
from reisgids.ratelimits import check_rate_limit
from reisgids.roles import is_member
from stories.apps import CACHE_NAMESPACE
from stories.models import (
    Comment,
    CommentReport,
    StoryIndexPage,
    StoryPage,
)
from stories.selectors import comment_count_key

STORY_RATE_LIMIT = 5  # submitted stories per user
STORY_RATE_WINDOW = datetime.timedelta(days=1)
# Slugs taken by the stories' own urls (stories/urls.py).
RESERVED_SLUGS = {"insturen", "feed", "atom", "reacties"}
STORY_FIELDS = ("kind", "title", "intro", "body", "embed_url", "transcript")


def _signed_in(actor):
    return actor is not None and actor.is_authenticated and actor.is_active


# --- stories -----------------------------------------------------------------------------------


def text_to_html(text):
    """Plain text as typed in the submit form → escaped paragraphs for the rich-text body."""
    paragraphs = [p.strip() for p in (text or "").replace("\r\n", "\n").split("\n\n") if p.strip()]
    return "".join(f"<p>{escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)


def html_to_text(html):
    """The rich-text body → plain text for the form (the reverse of ``text_to_html``; markup a
    contentbeheerder added in /beheer/ is left out)."""
    text = re.sub(r"<br\s*/?>", "\n", html or "")
    text = re.sub(r"</(p|h[1-6]|li|ul|ol)>", "\n\n", text)
    return re.sub(r"\n{3,}", "\n\n", unescape(strip_tags(text))).strip()


def _unique_slug(index, title):
    base = (slugify(title) or "verhaal")[:70]
    taken = (
        set(index.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
        | RESERVED_SLUGS
    )
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


TREE_FIELDS = ["path", "depth", "url_path", "numchild"]


def _apply_story_data(page, organisation, data):
    """The fields the author writes (``STORY_FIELDS``, ``body`` as plain text) onto ``page``."""
    page.title = page.draft_title = (data.get("title") or "").strip()
    page.kind = data.get("kind") or StoryPage.Kind.BLOG
    page.intro = (data.get("intro") or "").strip()
    page.body = text_to_html(data.get("body"))
    page.embed_url = (data.get("embed_url") or "").strip()
    page.transcript = (data.get("transcript") or "").strip()
    page.organisation = organisation


@transaction.atomic
def story_submit(*, actor, organisation, data):
    """A member of ``organisation`` submits a story: it is saved as a draft under /verhalen/ and
    enters the moderation workflow of the index. ``data`` holds ``STORY_FIELDS`` (``body`` as plain
    text) and ``themes``. Returns the draft page."""
    if not _may_write_for(actor, organisation):
        raise PermissionDenied
    check_rate_limit(
        kind="story",
        user=actor,
        recent=StoryPage.objects.filter(
            author=actor,
            first_published_at=None,
            latest_revision_created_at__gte=timezone.now() - STORY_RATE_WINDOW,
        ),
        limit=STORY_RATE_LIMIT,
        message=_("You have submitted many stories today. Try again tomorrow."),
    )
    index = StoryIndexPage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).get()
    page = StoryPage(author=actor, owner=actor, live=False, has_unpublished_changes=True)
    _apply_story_data(page, organisation, data)
    page.slug = _unique_slug(index, page.title)
    page.full_clean(exclude=TREE_FIELDS)
    index.add_child(instance=page)
    if data.get("themes") is not None:
        page.themes.set(data["themes"])
    revision = page.save_revision(user=actor, log_action=True)
    workflow = page.get_workflow()
    if workflow is None:
        raise ValidationError(_("Stories cannot be reviewed at the moment. Try again later."))
    workflow.start(page, actor)
    record(page, "stories.story.submit", actor=actor, data={"revision": revision.pk})
    return page


def _may_write_for(actor, organisation):
    return _signed_in(actor) and is_member(actor, organisation)


@transaction.atomic
def story_revise(*, actor, story, organisation, data):
    """The author of a story that a contentbeheerder sent back ("needs changes") changes it and
    sends it back for review: a new revision, and Wagtail's workflow resumes at the same task.
    ``data`` as for ``story_submit``. Returns the new revision."""
    from stories.selectors import review_state_needing_changes

    if not _signed_in(actor) or story.author_id != actor.pk or not _may_write_for(actor, organisation):
        raise PermissionDenied
    page = StoryPage.objects.select_for_update().get(pk=story.pk)
    state = review_state_needing_changes(page)
    if page.live or state is None:
        raise PermissionDenied
    draft = page.get_latest_revision_as_object()
    _apply_story_data(draft, organisation, data)
    draft.full_clean(exclude=[*TREE_FIELDS, "slug"])
    if data.get("themes") is not None:
        draft.themes.set(data["themes"])  # a ParentalManyToManyField: kept in the revision
    revision = draft.save_revision(user=actor, log_action=True)
    state.resume(user=actor)
    record(page, "stories.story.revise", actor=actor, data={"revision": revision.pk})
    return revision


def story_review_finished(*, workflow_state, approved, reviewer):
    """Tell the author of a story that a contentbeheerder approved (published) or rejected it, with
    the reviewer's comment. Called from Wagtail's workflow signals."""
    page = workflow_state.content_object
    page = page.specific if hasattr(page, "specific") else page
    if not isinstance(page, StoryPage) or page.author is None:
        return
    task_state = workflow_state.task_states.exclude(finished_at=None).order_by("-finished_at", "-pk").first()
    comment = task_state.comment if task_state else ""
    if approved:
        subject = _("Your story “%(title)s” has been published")
        url = page.url or ""
    else:
        subject = _("Your story “%(title)s” needs changes")
        url = reverse("stories:revise", args=[page.pk])
    body = comment or (
        _("A content manager approved your story.")
        if approved
        else _("A content manager did not approve your story.")
    )
    notify(
        recipients=[page.author],
        subject=subject,
        body=body,
        params={"title": page.title},
        url=url if url.startswith("/") else "",
        actor=reviewer,
        kind="stories",
        target=page,
    )
    if approved and page.embed_url and getattr(settings, "STORIES_FETCH_EMBEDS", True):
        from stories.tasks import fetch_story_embed

        enqueue(fetch_story_embed, page.pk)


# --- comments ----------------------------------------------------------------------------------


@transaction.atomic
def comment_create(*, actor, page, text, parent=None):
    """A signed-in user comments on a published story, or replies to a comment (a reply to a reply
    is attached to the top comment). The common part is ``reisgids.comments.comment_post``."""
    if not _signed_in(actor):
        raise PermissionDenied
    if not page.live or page.get_view_restrictions().exists():
        raise PermissionDenied
    comment, parent = comments.comment_post(model=Comment, actor=actor, target=page, text=text, parent=parent)
    bump(CACHE_NAMESPACE)
    if parent is None:
        key = comment_count_key(page.pk)
        cache.delete(key)
        transaction.on_commit(lambda: cache.delete(key))
    record(comment, "stories.comment.create", actor=actor, data={"page": page.pk})
    if page.author_id and page.author_id != actor.pk:
        recipients = [page.author]
        if parent is not None and parent.author_id:
            recipients.insert(0, parent.author)
        notify(
            recipients=recipients,
            subject=_("New comment on “%(title)s”"),
            params={"title": page.title},
            body=comment.text[:500],
            url=comment.get_absolute_url(),
            actor=actor,
            kind="stories",
            target=comment,
        )
    return comment


can_edit_comment = comments.can_edit
COMMENT_RATE_LIMIT = comments.COMMENT_RATE_LIMIT


@transaction.atomic
def comment_update(*, actor, comment, text):
    """The author edits their comment within 15 minutes of posting it."""
    comment = comments.comment_edit(actor=actor, comment=comment, text=text)
    bump(CACHE_NAMESPACE)
    record(comment, "stories.comment.update", actor=actor, data={"page": comment.page_id})
    return comment


@transaction.atomic
def comment_report(*, actor, comment, reason=""):
    """ "Meld ongepast": a signed-in user (not the author) reports a comment, once. The comment then
    appears in the moderation queue in /beheer/."""
    report = comments.comment_report(report_model=CommentReport, actor=actor, comment=comment, reason=reason)
    record(report, "stories.comment.report", actor=actor, data={"comment": comment.pk})
    return report
