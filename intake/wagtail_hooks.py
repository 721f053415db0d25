"""The intake in the Wagtail admin (/beheer/), for the initiatieventeam and staff who keep an eye on
the route: the ideas, and their co-initiators and invitations (who, status, invited by, dates). No
write happens here except withdrawing an invitation not accepted yet, and that goes through
``intake.services.co_initiator_withdraw`` (the same guard as the front end: the initiatieventeam; the
audit row, the initiators are told). Every step, hand-over, advice and decision goes through
``intake.services`` on the intake's own page (/idee/<id>/), where the roles are checked; see
``reisgids.beheer``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from intake import services
from intake.models import CoInitiator, Intake
from reisgids.beheer import register_service_policy

register_service_policy(Intake, actions=("view",))
register_service_policy(CoInitiator, actions=("view",))


class IntakeViewSet(SnippetViewSet):
    model = Intake
    icon = "help"
    menu_label = _("Ideas (intake)")
    inspect_view_enabled = True
    list_display = ["title", "status", "holder_role", "due_on", "created_at"]
    list_filter = ["status", "route", "decision_maker"]
    search_fields = ["title", "what"]


class WithdrawColumn(Column):
    """A link to withdraw an invitation not accepted yet (a confirmation page; the service decides)."""

    def get_value(self, instance):
        return reverse("intake_invitation_withdraw", args=[instance.pk])

    def render_cell_html(self, instance, parent_context):
        if instance.status != CoInitiator.Status.INVITED:
            return format_html("<td>{}</td>", "—")
        return format_html(
            '<td><a class="button button-small button-secondary" href="{}">{}</a></td>',
            self.get_value(instance),
            _("Withdraw"),
        )


class CoInitiatorViewSet(SnippetViewSet):
    model = CoInitiator
    icon = "group"
    menu_label = _("Co-initiators and invitations")
    inspect_view_enabled = True
    list_display = [
        "name",
        "email",
        "intake",
        "status",
        "invited_by",
        "created_at",
        "accepted_at",
        "ended_at",
        WithdrawColumn("withdraw", label=_("Action")),
    ]
    list_filter = ["status"]
    search_fields = ["name", "email"]
    inspect_view_fields = [
        "intake",
        "name",
        "email",
        "status",
        "user",
        "invited_by",
        "created_at",
        "accepted_at",
        "ended_at",
        "ended_by",
    ]

    def get_queryset(self, request):
        return CoInitiator.objects.select_related("intake", "invited_by")


class IntakeViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Ideas (intake)")
    menu_icon = "help"
    menu_order = 220
    items = (IntakeViewSet, CoInitiatorViewSet)


register_snippet(IntakeViewSetGroup)


class InvitationWithdrawView(WagtailAdminTemplateMixin, TemplateView):
    """Withdraw one invitation: GET asks to confirm, POST calls the service (PermissionDenied: 403,
    for every role but the initiatieventeam; a refusal of the step: its message)."""

    template_name = "intake/admin/withdraw.html"
    page_title = _("Withdraw an invitation")
    header_icon = "group"

    def dispatch(self, request, pk):
        if not request.user.has_perm("intake.view_coinitiator"):
            raise PermissionDenied
        self.invitation = get_object_or_404(CoInitiator.objects.select_related("intake", "invited_by"), pk=pk)
        return super().dispatch(request, pk)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            invitation=self.invitation,
            list_url=reverse("wagtailsnippets_intake_coinitiator:list"),
            **kwargs,
        )

    def post(self, request, pk):
        invitation = self.invitation
        try:
            services.co_initiator_withdraw(invitation=invitation, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            done = _("The invitation of %(name)s is withdrawn.") % {"name": invitation.name}
            messages.success(request, done)
        return redirect("wagtailsnippets_intake_coinitiator:list")


@hooks.register("register_admin_urls")
def register_intake_urls():
    return [
        path(
            "idee/uitnodiging/<int:pk>/intrekken/",
            InvitationWithdrawView.as_view(),
            name="intake_invitation_withdraw",
        )
    ]
