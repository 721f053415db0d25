"""Thin views: bind a form or FilterSet, call one selector or service, render. The two page types
render through Wagtail (``StoryIndexPage.get_context``, ``StoryPage.get_context``/``serve`` call the
functions here)."""

import time
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from reisgids import comments, roles
from reisgids.forms import apply_service_errors
from reisgids.userinput import parse_positive_int
from reisgids.views import _filtered_page
from stories import selectors, services
from stories.filters import StoryFilter
from stories.forms import CommentEditForm, CommentForm, ReportForm, StoryForm

# --- pages rendered by Wagtail -----------------------------------------------------------------


def story_index_context(request, index):
    """Lazy: the filters and the page of stories are read only when the cached fragment is rendered
    (see ``reisgids.caching``)."""
    filtered = SimpleLazyObject(lambda: _filtered_page(request, StoryFilter, selectors.story_list()))
    return {"filter": SimpleLazyObject(lambda: filtered[0]), "stories": SimpleLazyObject(lambda: filtered[1])}


def cached_embed(url):
    """The player HTML of ``url`` if Wagtail's embed cache holds it (filled after publication by
    ``tasks.fetch_story_embed``); never fetched while rendering."""
    from django.utils.timezone import now
    from wagtail.embeds.embeds import get_embed_hash
    from wagtail.embeds.models import Embed

    if not url:
        return None
    return Embed.objects.filter(hash=get_embed_hash(url)).exclude(cache_until__lte=now()).first()


def story_page_context(request, story):
    """The page of comments is read only when its cached fragment is rendered (see
    ``reisgids.caching``): the fragment is the same for every visitor; what is personal (the
    reply, edit and report links of each comment, the comment form) are slots filled per request
    (``comment_actions``, ``comment_form``)."""
    number = request.GET.get("page")
    comments = SimpleLazyObject(lambda: selectors.comments_page(page=story, number=number))
    embed = cached_embed(story.embed_url) if story.provider else None
    return {
        "comments": comments,
        "embed": embed,
        # The player appears once fetched: the embed row is part of the fragment's key.
        "cache_key": (story.pk, embed.pk if embed else None, embed.cache_until if embed else None),
    }


def comment_form(request, slug):
    """The personal part under a story's comments: the form for a signed-in user, else the link to
    sign in."""
    context = {"slug": slug, "comment_form": CommentForm() if request.user.is_authenticated else None}
    return render_to_string("stories/_comment_form.html", context, request)


PK_MARK = "987654321"  # stands for a comment's id in the links built once per request
URL_MARK = "\x01"  # stands for the story's reply address (a slug may hold PK_MARK's digits)


def _comment_links(request, slug):
    """The three links of a comment, each as its parts around the comment's id, built (reversed,
    translated, escaped) once per request and story: a page shows up to a hundred comments."""
    memo = getattr(request, "_comment_links", None)
    if memo is None or memo[0] != slug:
        hidden = '<span class="reisgids-visually-hidden"> ({} {})</span>'
        links = {
            "edit": format_html(
                '<a class="utrecht-link" href="{}">{}<span class="reisgids-visually-hidden"> {}</span></a>',
                reverse("stories:comment_edit", args=[PK_MARK]),
                _("Edit"),
                _("your comment"),
            ),
            "reply": format_html(
                '<a class="utrecht-link" href="{}?op={}">{}' + hidden + "</a>",
                URL_MARK,
                PK_MARK,
                _("Reply"),
                _("comment"),
                PK_MARK,
            ),
            "report": format_html(
                '<a class="utrecht-link" href="{}">{}' + hidden + "</a>",
                reverse("stories:comment_report", args=[PK_MARK]),
                _("Report as inappropriate"),
                _("comment"),
                PK_MARK,
            ),
        }
        reply_url = escape(reverse("stories:comment_create", args=[slug]))
        parts = {
            name: [part.replace(URL_MARK, reply_url) for part in link.split(PK_MARK)]
            for name, link in links.items()
        }
        memo = (slug, parts)
        request._comment_links = memo
    return memo[1]


def comment_actions(request, pk, author_id, is_reply, created, slug):
    """The personal part of one comment (its slot holds what decides it, so no query): reply to a
    top-level comment, edit one's own within the edit window, report somebody else's."""
    user = request.user
    if not user.is_authenticated:
        return ""
    pk = str(int(pk))  # only digits go into the links
    links = _comment_links(request, slug)
    shown = []
    author_id, created = int(author_id), int(created)
    if author_id == user.pk and user.is_active and time.time() - created <= comments.EDIT_WINDOW_MINUTES * 60:
        shown.append(links["edit"])
    if is_reply == "0":
        shown.append(links["reply"])
    if author_id != user.pk:
        shown.append(links["report"])
    joined = "\n    ".join(pk.join(parts) for parts in shown)
    return mark_safe(f'<p class="utrecht-paragraph reisgids-comment__actions">\n    {joined}\n  </p>')  # noqa: S308


def story_page_serve(request, story, serve, *args, **kwargs):
    """Wagtail's serve, allowing the provider's player in an iframe when the embed is cached."""
    response = serve(request, *args, **kwargs)
    embed = getattr(response, "context_data", {}).get("embed") if hasattr(response, "context_data") else None
    if embed is not None and embed.html:
        host = urlsplit(_iframe_src(embed.html)).hostname
        if host:
            response._csp_update = {"frame-src": [f"https://{host}"]}
    return response


def _iframe_src(html):
    marker = 'src="'
    start = html.find(marker)
    if start < 0:
        return ""
    start += len(marker)
    return html[start : html.find('"', start)]


# --- submitting a story --------------------------------------------------------------------------


@login_required
def story_submit(request):
    organisations = roles.organisations_of(request.user)
    pending = selectors.stories_pending_for_author(user=request.user)
    if not organisations.exists():
        return render(request, "stories/story_submit_no_organisation.html", {"pending": pending})
    form = StoryForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            services.story_submit(
                actor=request.user, organisation=form.cleaned_data["organisation"], data=form.service_data()
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Thank you! Your story has been sent to the content managers. It appears once approved."),
            )
            return redirect("stories:submit")
    return render(request, "stories/story_submit.html", {"form": form, "pending": pending})


@login_required
def story_revise(request, pk):
    """The author changes a story that a contentbeheerder sent back, and sends it for review again."""
    story = selectors.story_for_revision(user=request.user, pk=pk)
    organisations = roles.organisations_of(request.user)
    initial = {
        "organisation": story.organisation_id,
        "kind": story.kind,
        "title": story.title,
        "intro": story.intro,
        "body": services.html_to_text(story.body),
        "embed_url": story.embed_url,
        "transcript": story.transcript,
        "themes": list(story.themes.all()),
    }
    form = StoryForm(request.POST or None, organisations=organisations, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.story_revise(
                actor=request.user,
                story=story,
                organisation=form.cleaned_data["organisation"],
                data=form.service_data(),
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(
                request, _("Thank you! Your changed story has been sent to the content managers.")
            )
            return redirect("stories:submit")
    return render(request, "stories/story_revise.html", {"form": form, "story": story})


# --- comments ------------------------------------------------------------------------------------


@login_required
def comment_create(request, slug):
    story = selectors.story_for_comments(slug=slug)
    reply_to = parse_positive_int(request.GET.get("op"))
    initial = {"parent": reply_to} if reply_to else {}
    form = CommentForm(request.POST or None, initial=initial)
    parent_comment = None
    if initial:
        parent_comment = selectors.comment_get_visible(pk=initial["parent"])
    if request.method == "POST" and form.is_valid():
        parent = None
        if form.cleaned_data.get("parent"):
            parent = selectors.comment_get_visible(pk=form.cleaned_data["parent"])
        try:
            comment = services.comment_create(
                actor=request.user, page=story, text=form.cleaned_data["text"], parent=parent
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Your comment has been posted."))
            return HttpResponseRedirect(f"{story.url}#reactie-{comment.pk}")
    context = {"form": form, "story": story, "parent_comment": parent_comment}
    return render(request, "stories/comment_form.html", context)


@login_required
def comment_edit(request, pk):
    comment = selectors.comment_get_for_author(user=request.user, pk=pk)
    if not services.can_edit_comment(request.user, comment):
        messages.error(request, _("You can only edit a comment within 15 minutes."))
        return HttpResponseRedirect(comment.get_absolute_url())
    form = CommentEditForm(request.POST or None, initial={"text": comment.text})
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_update(actor=request.user, comment=comment, text=form.cleaned_data["text"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Your comment has been changed."))
            return HttpResponseRedirect(comment.get_absolute_url())
    return render(request, "stories/comment_edit.html", {"form": form, "comment": comment})


@login_required
def comment_report(request, pk):
    comment = selectors.comment_get_visible(pk=pk)
    if comment.author_id == request.user.pk:
        raise PermissionDenied
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_report(actor=request.user, comment=comment, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("Thank you. A moderator will look at this comment."))
            return HttpResponseRedirect(comment.get_absolute_url())
    return render(request, "stories/comment_report.html", {"form": form, "comment": comment})
