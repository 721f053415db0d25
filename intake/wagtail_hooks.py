"""The intake in the Wagtail admin (/beheer/), for the initiatieventeam and staff who keep an eye on
the route: the ideas, and their co-initiators and invitations (who, status, invited by, dates). No
write happens here except ending an invitation: withdrawing one not accepted yet
(``intake.services.co_initiator_withdraw``) or removing a co-initiator who accepted
(``intake.services.co_initiator_remove``), both with the same guard as the front end (here: the
initiatieventeam), the audit row, and the people concerned told. Every step, hand-over, advice and
decision goes through ``intake.services`` on the intake's own page (/idee/<id>/), where the roles are
checked; see ``reisgids.beheer``."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
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


@dataclass(frozen=True)
class Ending:
    """One way the initiatieventeam ends an invitation here: the status it applies to, the service,
    the list's button, the confirmation page's title and explanation, the message when done."""

    status: str
    service: Callable
    button: str
    title: str
    explanation: str
    done: str


# By the word in their URL.
ENDINGS = {
    "intrekken": Ending(
        CoInitiator.Status.INVITED,
        services.co_initiator_withdraw,
        _("Withdraw"),
        _("Withdraw an invitation"),
        _(
            "Once withdrawn, the link in the invitation mail no longer works. The initiators and the "
            "invited person are told."
        ),
        _("The invitation of %(name)s is withdrawn."),
    ),
    "verwijderen": Ending(
        CoInitiator.Status.ACCEPTED,
        services.co_initiator_remove,
        _("Remove"),
        _("Remove a co-initiator"),
        _(
            "Once removed, this person no longer opens the idea or takes its steps. They and the "
            "initiators are told."
        ),
        _("%(name)s is no longer a co-initiator."),
    ),
}


class EndColumn(Column):
    """A link to end an invitation: withdraw one not accepted yet, remove a co-initiator who accepted
    (a confirmation page; the service decides)."""

    def render_cell_html(self, instance, parent_context):
        for action, ending in ENDINGS.items():
            if instance.status == ending.status:
                return format_html(
                    '<td><a class="button button-small button-secondary" href="{}">{}</a></td>',
                    reverse("intake_invitation_end", args=[instance.pk, action]),
                    ending.button,
                )
        return format_html("<td>{}</td>", "—")


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
        EndColumn("end", label=_("Action")),
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


class InvitationEndView(WagtailAdminTemplateMixin, TemplateView):
    """End one invitation (``ENDINGS``): GET asks to confirm, POST calls the service (PermissionDenied:
    403, for every role but the initiatieventeam; a refusal of the step: its message)."""

    template_name = "intake/admin/end.html"
    header_icon = "group"

    def dispatch(self, request, pk, action):
        if not request.user.has_perm("intake.view_coinitiator"):
            raise PermissionDenied
        if action not in ENDINGS:
            raise Http404
        self.ending = ENDINGS[action]
        self.page_title = self.ending.title
        self.invitation = get_object_or_404(CoInitiator.objects.select_related("intake", "invited_by"), pk=pk)
        return super().dispatch(request, pk, action)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            invitation=self.invitation,
            applies=self.invitation.status == self.ending.status,
            explanation=self.ending.explanation,
            list_url=reverse("wagtailsnippets_intake_coinitiator:list"),
            **kwargs,
        )

    def post(self, request, pk, action):
        invitation = self.invitation
        try:
            self.ending.service(invitation=invitation, actor=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, self.ending.done % {"name": invitation.name})
        return redirect("wagtailsnippets_intake_coinitiator:list")


@hooks.register("register_admin_urls")
def register_intake_urls():
    return [
        path(
            "idee/uitnodiging/<int:pk>/<slug:action>/",
            InvitationEndView.as_view(),
            name="intake_invitation_end",
        )
    ]
