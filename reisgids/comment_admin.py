"""Comment moderation in /beheer/, one action for every app with comments (``reisgids.comments``):
``ModeratedCommentViewSet``, the base of each app's list of comments (reported first, a filter by
state, the comment read-only), and ``CommentHideView``, the one action "verbergen" (hide) with a
required reason, which calls ``comments.comment_hide`` (audit row, the author told why). Its address
is ``/beheer/reacties/<app_label.model>/<id>/verbergen/`` (URL name ``comment_hide``)."""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.views.snippets import SnippetViewSet

from reisgids import comments
from reisgids.forms import CleanInputMixin


class CommentHideForm(CleanInputMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for hiding"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=comments.REPORT_REASON_MAX_LENGTH,
        error_messages={"required": _("Give the reason for hiding this comment.")},
        help_text=_("The author of the comment receives this reason."),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Give the reason for hiding this comment."))
        return reason


def hide_url(comment):
    return reverse("comment_hide", args=[comment._meta.label_lower, comment.pk])


class CommentStateFilterSet(WagtailFilterSet):
    STATES = [("reported", _("Reported, visible")), ("hidden", _("Hidden"))]

    state = django_filters.ChoiceFilter(
        label=_("State"), choices=STATES, method="filter_state", empty_label=_("All")
    )

    class Meta:
        fields = []

    def filter_state(self, queryset, name, value):
        if value == "reported":
            return queryset.filter(hidden_at=None, report_count__gt=0)
        if value == "hidden":
            return queryset.exclude(hidden_at=None)
        return queryset


class TargetColumn(Column):
    def get_value(self, instance):
        return format_html(
            '<a href="{}">{}</a>', instance.get_absolute_url(), comments.comment_target(instance)
        )


class HideColumn(Column):
    def get_value(self, instance):
        if instance.hidden_at:
            return _("Hidden")
        return format_html('<a class="button button-small" href="{}">{}</a>', hide_url(instance), _("Hide"))


class ModeratedCommentViewSet(SnippetViewSet):
    """The base of an app's comments in /beheer/: set ``model`` (registered with
    ``comments.register_moderation``); ``reported_only`` lists only reported comments."""

    icon = "comment"
    inspect_view_enabled = True
    search_fields = None
    reported_only = False
    panels = [FieldPanel("text", read_only=True), FieldPanel("hidden_reason", read_only=True)]

    @property
    def filterset_class(self):
        return type(
            f"{self.model.__name__}StateFilterSet",
            (CommentStateFilterSet,),
            {"Meta": type("Meta", (CommentStateFilterSet.Meta,), {"model": self.model})},
        )

    @property
    def list_display(self):
        return [
            "text",
            TargetColumn("target", label=self.model._meta.get_field(self.model.target_field).verbose_name),
            "author",
            "report_count",
            "created_at",
            HideColumn("hide", label=_("Action")),
        ]

    def get_queryset(self, request):
        queryset = self.model.objects.select_related(self.model.target_field, "author")
        if self.reported_only:
            queryset = queryset.filter(report_count__gt=0)
        return queryset.order_by("-report_count", "-created_at", "-pk")


class CommentHideView(WagtailAdminTemplateMixin, FormView):
    form_class = CommentHideForm
    template_name = "reisgids/admin/comment_hide.html"
    page_title = _("Hide comment")
    header_icon = "warning"

    def dispatch(self, request, model, pk):
        try:
            moderation = comments.moderation_for(model)
        except KeyError as error:
            raise Http404 from error
        if not comments.can_moderate(request.user, moderation.model):
            raise PermissionDenied
        self.comment = get_object_or_404(
            moderation.model.objects.select_related(moderation.model.target_field, "author"), pk=pk
        )
        return super().dispatch(request, model, pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            comment=self.comment, target=comments.comment_target(self.comment), **kwargs
        )

    def form_valid(self, form):
        try:
            comments.comment_hide(
                actor=self.request.user, comment=self.comment, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self.form_invalid(form)
        messages.success(self.request, _("The comment has been hidden and its author told why."))
        meta = self.comment._meta
        return redirect(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:list")
