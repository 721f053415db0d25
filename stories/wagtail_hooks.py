"""The comment moderation queue in /beheer/ (Contentbeheerders): reported comments with a filter,
and the action "verbergen" (hide) with a required reason, through ``services.comment_hide`` so the
author is told and an audit row is written. Stories themselves are reviewed with Wagtail's own
workflow UI (the workflow is created by migration 0002). Comments are otherwise read-only here
(see ``reisgids.beheer``)."""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from reisgids.beheer import register_service_policy
from stories import selectors, services
from stories.forms import HideForm
from stories.models import Comment

register_service_policy(Comment)


class CommentFilterSet(WagtailFilterSet):
    STATES = [("open", _("Reported, visible")), ("hidden", _("Hidden"))]

    state = django_filters.ChoiceFilter(
        label=_("State"), choices=STATES, method="filter_state", empty_label=_("All reported")
    )

    class Meta:
        model = Comment
        fields = []

    def filter_state(self, queryset, name, value):
        if value == "open":
            return queryset.filter(hidden_at=None)
        if value == "hidden":
            return queryset.exclude(hidden_at=None)
        return queryset


class StoryColumn(Column):
    def get_value(self, instance):
        return format_html('<a href="{}">{}</a>', instance.get_absolute_url(), instance.page.title)


class HideColumn(Column):
    def get_value(self, instance):
        if instance.hidden_at:
            return _("Hidden")
        url = reverse("stories_comment_hide", args=[instance.pk])
        return format_html('<a class="button button-small" href="{}">{}</a>', url, _("Hide"))


class CommentViewSet(SnippetViewSet):
    model = Comment
    icon = "warning"
    menu_label = _("Reported comments")
    menu_name = "reported_comments"
    menu_order = 230
    add_to_admin_menu = True
    inspect_view_enabled = True
    filterset_class = CommentFilterSet
    list_display = [
        "text",
        StoryColumn("page", label=_("story")),
        "report_count",
        "created_at",
        HideColumn("hide", label=_("Action")),
    ]
    search_fields = None
    panels = [FieldPanel("text", read_only=True), FieldPanel("hidden_reason", read_only=True)]

    def get_queryset(self, request):
        return selectors.reported_comments()


register_snippet(CommentViewSet)


class CommentHideView(WagtailAdminTemplateMixin, FormView):
    form_class = HideForm
    template_name = "stories/admin/comment_hide.html"
    page_title = _("Hide comment")
    header_icon = "warning"

    def dispatch(self, request, pk):
        if not services.can_moderate_comments(request.user):
            raise PermissionDenied
        self.comment = get_object_or_404(Comment.objects.select_related("page", "author"), pk=pk)
        return super().dispatch(request, pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(comment=self.comment, **kwargs)

    def form_valid(self, form):
        try:
            services.comment_hide(
                actor=self.request.user, comment=self.comment, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self.form_invalid(form)
        messages.success(self.request, _("The comment has been hidden and its author told why."))
        return redirect("wagtailsnippets_stories_comment:list")


@hooks.register("register_admin_urls")
def register_comment_hide_url():
    return [
        path("verhalen/reacties/<int:pk>/verbergen/", CommentHideView.as_view(), name="stories_comment_hide")
    ]
