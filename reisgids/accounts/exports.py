"""Download my data (AVG art. 15 and 20): what the platform holds about a person, one section per
kind of data, as JSON.

Every app registers the sections for its own models from its ``AppConfig.ready()`` with
``register_export_section`` and names the models each section covers; this module holds the
sections of the kernel's models and of the third-party apps the kernel brings along (allauth,
Wagtail). A model with a link to the user that no section covers must be in ``NOT_EXPORTED`` with
the reason; ``reisgids/accounts/tests/test_exports.py`` fails on any model in neither."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.contrib.contenttypes.models import ContentType
from wagtail.admin.models import FormState
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Comment,
    CommentReply,
    ModelLogEntry,
    Page,
    PageLogEntry,
    PageSubscription,
    Revision,
    TaskState,
    WorkflowState,
)
from wagtail.users.models import UserProfile

from reisgids.models import ContactPoint, JoinRequest, Membership, User

# section name -> fn(user) returning JSON-serialisable data
EXPORT_SECTIONS = {}
# section name -> labels ("app_label.ModelName") of the models it covers
EXPORT_MODELS = {}

# Models with a link to the user whose rows are not in the download, and why.
NOT_EXPORTED = {
    # Django's own admin is installed for its templates only: no URL serves it, nothing writes here.
    "admin.LogEntry": "Django's admin is not served; the table stays empty.",
    # Wagtail marks who has an edit form open, to warn others; stale rows are removed after an hour.
    "wagtailadmin.EditingSession": "Wagtail's short-lived 'who is editing now' marker.",
    # Temporary files of Wagtail's multiple upload, removed once the image or document is saved.
    "wagtailcore.UploadedFile": "Wagtail's temporary upload, turned into an image or document.",
    # Only a digest of an API token is stored; nothing of the person but the token's own name.
    "wagtailcore.APIToken": "A hashed credential; the API is not enabled on this site.",
}


def register_export_section(name, *, models=()):
    """Decorator: ``fn(user) -> JSON-serialisable data`` becomes section ``name`` of the export;
    ``models`` are the labels (``"app_label.ModelName"``) of the models whose rows it holds::

        @register_export_section("deals", models=["deals.Deal"])
        def export_deals(user): ...
    """

    def decorator(fn):
        EXPORT_SECTIONS[name] = fn
        EXPORT_MODELS[name] = tuple(models)
        return fn

    return decorator


def iso(value):
    return value.isoformat() if value else None


# --- the kernel --------------------------------------------------------------------------------


@register_export_section("profile", models=["reisgids.User", "mfa.Authenticator"])
def _export_profile(user):
    return {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "notification_preference": user.notification_preference,
        "language": user.language,
        "date_joined": iso(user.date_joined),
        "last_login": iso(user.last_login),
        "groups": list(user.groups.order_by("name").values_list("name", flat=True)),
        "permissions": sorted(
            f"{app_label}.{codename}"
            for app_label, codename in user.user_permissions.values_list(
                "content_type__app_label", "codename"
            )
        ),
        "two_factor_authentication": list(
            Authenticator.objects.filter(user=user).order_by("type").values_list("type", flat=True)
        ),
    }


@register_export_section("email_addresses", models=["account.EmailAddress"])
def _export_email_addresses(user):
    return [
        {"email": address.email, "verified": address.verified, "primary": address.primary}
        for address in EmailAddress.objects.filter(user=user).order_by("email")
    ]


@register_export_section("linked_accounts", models=["socialaccount.SocialAccount"])
def _export_linked_accounts(user):
    return [
        {
            "provider": account.provider,
            "uid": account.uid,
            "linked_at": iso(account.date_joined),
            "last_login": iso(account.last_login),
            "data": account.extra_data,
        }
        for account in SocialAccount.objects.filter(user=user).order_by("provider", "uid")
    ]


@register_export_section("memberships", models=["reisgids.Membership", "reisgids.Organisation"])
def _export_memberships(user):
    return [
        {
            "organisation": membership.organisation.name,
            "organisation_slug": membership.organisation.slug,
            "role": membership.role,
            "since": iso(membership.created_at),
        }
        for membership in Membership.objects.filter(user=user).select_related("organisation")
    ]


@register_export_section("join_requests", models=["reisgids.JoinRequest"])
def _export_join_requests(user):
    """The person's own requests, and the requests they decided on as a beheerder (without the
    requester, who is someone else)."""
    requests = JoinRequest.objects.select_related("organisation").order_by("created_at", "pk")
    own = [
        {
            "organisation": join_request.organisation.name,
            "motivation": join_request.motivation,
            "status": join_request.status,
            "requested_at": iso(join_request.created_at),
            "decided_at": iso(join_request.decided_at),
        }
        for join_request in requests.filter(user=user)
    ]
    decided = [
        {
            "organisation": join_request.organisation.name,
            "status": join_request.status,
            "decided_at": iso(join_request.decided_at),
            "decided_by_me": True,
        }
        for join_request in requests.filter(decided_by=user)
    ]
    return own + decided


@register_export_section("contact_points", models=["reisgids.ContactPoint"])
def _export_contact_points(user):
    return [
        {
            "organisation": point.organisation.name,
            "name": point.name,
            "function": point.function,
            "approach_for": point.approach_for,
            "email": point.email,
            "phone": point.phone,
            "availability": point.availability,
        }
        for point in ContactPoint.objects.filter(user=user).select_related("organisation")
    ]


@register_export_section("audit_log", models=["wagtailcore.ModelLogEntry", "wagtailcore.PageLogEntry"])
def _export_audit_log(user):
    """Every audit row about this person or of something they did, pages included."""
    user_type = ContentType.objects.get_for_model(User)
    rows = list(
        ModelLogEntry.objects.filter(user=user)
        | ModelLogEntry.objects.filter(content_type=user_type, object_id=str(user.pk))
    )
    rows += PageLogEntry.objects.filter(user=user)
    rows.sort(key=lambda row: (row.timestamp, row.pk))
    return [
        {"action": row.action, "object": row.label, "timestamp": iso(row.timestamp), "data": row.data}
        for row in rows
    ]


# --- Wagtail (/beheer/) ------------------------------------------------------------------------


@register_export_section("admin_preferences", models=["wagtailusers.UserProfile"])
def _export_admin_preferences(user):
    profile = UserProfile.objects.filter(user=user).first()
    if profile is None:
        return {}
    return {
        "preferred_language": profile.preferred_language,
        "time_zone": profile.current_time_zone,
        "avatar": profile.avatar.name if profile.avatar else "",
        "submitted_notifications": profile.submitted_notifications,
        "approved_notifications": profile.approved_notifications,
        "rejected_notifications": profile.rejected_notifications,
        "updated_comments_notifications": profile.updated_comments_notifications,
    }


@register_export_section("pages", models=["wagtailcore.Page"])
def _export_pages(user):
    """Pages of the site the person owns (made) or has locked."""
    pages = Page.objects.filter(owner=user) | Page.objects.filter(locked_by=user)
    return [
        {
            "title": page.draft_title,
            "path": page.url_path,
            "live": page.live,
            "owner": page.owner_id == user.pk,
            "locked": page.locked_by_id == user.pk,
            "first_published_at": iso(page.first_published_at),
        }
        for page in pages.order_by("path")
    ]


@register_export_section("revisions", models=["wagtailcore.Revision"])
def _export_revisions(user):
    return [
        {"object": revision.object_str, "created_at": iso(revision.created_at)}
        for revision in Revision.objects.filter(user=user).order_by("created_at", "pk")
    ]


@register_export_section("reviews", models=["wagtailcore.WorkflowState", "wagtailcore.TaskState"])
def _export_reviews(user):
    """Reviews the person asked for (a story sent in) and review tasks they finished."""
    requested = [
        {
            "object": str(state.content_object) if state.content_object else "",
            "status": state.status,
            "requested_at": iso(state.created_at),
            "requested_by_me": True,
        }
        for state in WorkflowState.objects.filter(requested_by=user).order_by("created_at", "pk")
    ]
    finished = [
        {
            "task": state.task.name,
            "status": state.status,
            "comment": state.comment,
            "finished_at": iso(state.finished_at),
            "finished_by_me": True,
        }
        for state in TaskState.objects.filter(finished_by=user).select_related("task").order_by("pk")
    ]
    return requested + finished


@register_export_section(
    "editor_comments",
    models=["wagtailcore.Comment", "wagtailcore.CommentReply", "wagtailcore.PageSubscription"],
)
def _export_editor_comments(user):
    """Comments and replies written in the page editor of /beheer/, and pages whose comments the
    person follows there."""
    comments = [
        {"page": comment.page.title, "text": comment.text, "created_at": iso(comment.created_at)}
        for comment in Comment.objects.filter(user=user).select_related("page").order_by("pk")
    ]
    comments += [
        {"page": comment.page.title, "resolved_at": iso(comment.resolved_at), "resolved_by_me": True}
        for comment in Comment.objects.filter(resolved_by=user).select_related("page").order_by("pk")
    ]
    comments += [
        {"page": reply.comment.page.title, "text": reply.text, "created_at": iso(reply.created_at)}
        for reply in CommentReply.objects.filter(user=user).select_related("comment__page").order_by("pk")
    ]
    comments += [
        {"page": subscription.page.title, "following_comments": subscription.comment_notifications}
        for subscription in PageSubscription.objects.filter(user=user).select_related("page").order_by("pk")
    ]
    return comments


@register_export_section("uploads", models=[get_image_model()._meta.label, get_document_model()._meta.label])
def _export_uploads(user):
    """Images and documents the person uploaded in /beheer/."""
    return [
        {"kind": kind, "title": item.title, "file": item.file.name, "created_at": iso(item.created_at)}
        for kind, model in (("image", get_image_model()), ("document", get_document_model()))
        for item in model.objects.filter(uploaded_by_user=user).order_by("pk")
    ]


@register_export_section("admin_form_drafts", models=["wagtailadmin.FormState"])
def _export_admin_form_drafts(user):
    """What Wagtail kept of a form the person was filling in in /beheer/."""
    return [
        {
            "object": f"{state.content_type.app_label}.{state.content_type.model}",
            "object_id": state.object_id,
            "data": state.data,
            "updated_at": iso(state.last_updated_at),
        }
        for state in FormState.objects.filter(user=user).select_related("content_type").order_by("pk")
    ]
