"""Comments with moderation, for any app: the reusable part of the comment moderation that the
stories (``/verhalen/``) started with, moved down to the kernel so that apps below the portal
(``kompas``) comment the same way without importing ``stories``.

- ``CommentBase`` and ``CommentReportBase``: abstract models. A concrete comment adds the thing it
  is about (a ``ForeignKey`` named by its ``target_field``) and its own ``author`` (with an app-
  specific ``related_name``); a concrete report adds ``comment``.
- Services that do the common part of each state change inside the caller's transaction: checking
  and bounding the text (``clean_text``), the rate limit and the one level of replies
  (``comment_post``), editing within the window (``comment_edit``), "meld ongepast" once per person
  (``comment_report``). The app's own service wraps them with its audit action, cache bump and
  notification.
- Moderation, the same for every app: an app registers its comment model (``register_moderation``:
  the moderator's permission, the audit action, what to do after hiding). ``comment_hide`` is the
  one service that hides a comment with a reason, writes the audit row and tells the author; the one
  admin action in /beheer/ (``reisgids.comment_admin``) calls it for every registered model.

Who moderates is the app's permission (``stories.change_comment``, ``kompas.change_proposalcomment``),
held by the group Contentbeheerders."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reisgids.ratelimits import check_rate_limit

COMMENT_MAX_LENGTH = 2000
REPORT_REASON_MAX_LENGTH = 500
EDIT_WINDOW_MINUTES = 15
COMMENT_RATE_LIMIT = 10  # comments per user, over every app that uses comment_post with the same kind
COMMENT_RATE_WINDOW = datetime.timedelta(minutes=10)


class CommentBase(models.Model):
    """A reaction by a signed-in person; one level of replies (``parent``); hidden by a moderator
    with a reason; counted reports."""

    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("reply to"),
    )
    text = models.TextField(_("comment"), validators=[MaxLengthValidator(COMMENT_MAX_LENGTH)])
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hidden by"),
    )
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    report_count = models.PositiveIntegerField(_("reports"), default=0)

    # The name of the ForeignKey to what the comment is about (a story, a proposal).
    target_field = "page"

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")

    def __str__(self):
        return self.text if len(self.text) <= 60 else self.text[:59] + "…"

    @property
    def is_hidden(self):
        return self.hidden_at is not None


class CommentReportBase(models.Model):
    """ "Meld ongepast": one report per user per comment (the concrete model adds ``comment`` and a
    unique constraint on (comment, reporter))."""

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reason = models.TextField(_("reason"), blank=True, max_length=REPORT_REASON_MAX_LENGTH)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["-created_at"]
        verbose_name = _("comment report")
        verbose_name_plural = _("comment reports")

    def __str__(self):
        return f"{self.comment_id}: {self.reason[:60]}"


def signed_in(actor):
    return actor is not None and actor.is_authenticated and actor.is_active


def clean_text(text):
    """The comment as typed, trimmed; a Dutch message for the field ``text`` when empty or too long."""
    text = (text or "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError({"text": _("Write a comment.")})
    if len(text) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            {"text": _("A comment is at most %(max)d characters.") % {"max": COMMENT_MAX_LENGTH}}
        )
    return text


def comment_post(*, model, actor, target, text, parent=None, rate_kind="comment"):
    """Create a ``model`` comment by ``actor`` on ``target`` (the caller checked that ``target`` is
    open for comments). A reply to a reply is attached to the top comment; a reply to a hidden
    comment or to one on something else is refused."""
    if not signed_in(actor):
        raise PermissionDenied
    text = clean_text(text)
    check_rate_limit(
        kind=rate_kind,
        user=actor,
        recent=model.objects.filter(author=actor, created_at__gte=timezone.now() - COMMENT_RATE_WINDOW),
        limit=COMMENT_RATE_LIMIT,
        message=_("You have posted many comments in a short time. Try again in a few minutes."),
    )
    field = model.target_field
    if parent is not None:
        if getattr(parent, f"{field}_id") != target.pk or parent.is_hidden:
            raise PermissionDenied
        if parent.parent_id:
            parent = parent.parent
    return model.objects.create(**{field: target}, author=actor, parent=parent, text=text), parent


def can_edit(user, comment, *, now=None):
    """Whether ``user`` may still edit ``comment``: its author, not hidden, within the window."""
    now = now or timezone.now()
    return (
        signed_in(user)
        and comment.author_id == user.pk
        and comment.hidden_at is None
        and now - comment.created_at <= datetime.timedelta(minutes=EDIT_WINDOW_MINUTES)
    )


def comment_edit(*, actor, comment, text):
    """The author edits the comment within the window; returns the locked, saved comment."""
    comment = type(comment).objects.select_for_update().get(pk=comment.pk)
    if not signed_in(actor) or comment.author_id != actor.pk or comment.is_hidden:
        raise PermissionDenied
    if not can_edit(actor, comment):
        raise ValidationError(
            _("You can only edit a comment within %(minutes)d minutes.") % {"minutes": EDIT_WINDOW_MINUTES}
        )
    comment.text = clean_text(text)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["text", "edited_at"])
    return comment


def comment_report(*, report_model, actor, comment, reason=""):
    """A signed-in user (not the author) reports ``comment`` once; the count on the comment follows."""
    if not signed_in(actor) or comment.author_id == actor.pk:
        raise PermissionDenied
    reason = (reason or "").strip()
    if len(reason) > REPORT_REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": _("Use at most %(max)d characters.") % {"max": REPORT_REASON_MAX_LENGTH}}
        )
    already = _("You have already reported this comment.")
    if report_model.objects.filter(comment=comment, reporter=actor).exists():
        raise ValidationError(already)
    try:
        with transaction.atomic():
            report = report_model.objects.create(comment=comment, reporter=actor, reason=reason)
    except IntegrityError as error:
        raise ValidationError(already) from error
    type(comment).objects.filter(pk=comment.pk).update(
        report_count=report_model.objects.filter(comment=comment).count()
    )
    return report


@dataclass(frozen=True)
class Moderation:
    """How comments of one model are moderated (see ``register_moderation``)."""

    model: type
    permission: str  # the moderator's permission, e.g. "stories.change_comment"
    audit_action: str  # the audit action of hiding, e.g. "stories.comment.hide"
    notification_kind: str  # the kind of the author's notification
    after_hide: object = None  # callable(comment) inside the transaction, e.g. a cache bump

    @property
    def key(self):
        return self.model._meta.label_lower


MODERATIONS = {}


def register_moderation(model, **options):
    """Comments of ``model`` (a ``CommentBase``) are moderated in /beheer/ with the one hide action."""
    moderation = Moderation(model=model, **options)
    MODERATIONS[moderation.key] = moderation
    return moderation


def moderation_for(model):
    """The registration of ``model`` (a class, an instance or its "app_label.modelname"); KeyError when
    there is none."""
    key = model if isinstance(model, str) else model._meta.label_lower
    return MODERATIONS[key]


def can_moderate(user, model):
    return signed_in(user) and user.has_perm(moderation_for(model).permission)


def comment_target(comment):
    return getattr(comment, comment.target_field)


@transaction.atomic
def comment_hide(*, actor, comment, reason):
    """A moderator (the registered permission) hides ``comment`` with a reason: visitors no longer see
    it, an audit row records who and why, and its author is told why. Returns the saved comment."""
    from reisgids.audit import record
    from reisgids.notifications.services import notify

    moderation = moderation_for(comment)
    if not can_moderate(actor, comment):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for hiding this comment.")})
    field = comment.target_field
    comment = (
        type(comment)
        .objects.select_for_update(of=("self",))
        .select_related(field, "author")
        .get(pk=comment.pk)
    )
    if comment.is_hidden:
        raise ValidationError(_("This comment is already hidden."))
    comment.hidden_at = timezone.now()
    comment.hidden_by = actor
    comment.hidden_reason = reason
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    target = comment_target(comment)
    record(comment, moderation.audit_action, actor=actor, data={field: target.pk, "reason": reason})
    if moderation.after_hide is not None:
        moderation.after_hide(comment)
    if comment.author is not None:
        notify(
            recipients=[comment.author],
            subject=_("Your comment on “%(title)s” has been hidden"),
            params={"title": str(getattr(target, "title", target))},
            body=reason,
            url=comment.get_absolute_url().split("#")[0],
            actor=actor,
            kind=moderation.notification_kind,
            target=comment,
        )
    return comment
