"""The schouw in /beheer/, for ambtenaren (and network managers): plan a schouw, manage it (move it
to the next phase, invite and revoke outsiders, publish the report) and the report of overdue
schouwen. No write here skips ``schouw.services`` (see ``reisgids.beheer``): the plan is edited
through ``schouw_update_plan``, the phase changes through the phase services, invitations through
``participant_invite``/``participant_revoke``; the phase, participants and lessons are read-only."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from reisgids.beheer import ServiceEditView, register_service_policy
from reisgids.forms import apply_service_errors
from reisgids.roles import is_civil_servant
from schouw import selectors, services
from schouw.forms import InviteForm, LinkDealsForm, SchouwCreateForm
from schouw.models import SCHOUW_PHASES, Appraisal, Observation, Participant, Schouw

register_service_policy(Schouw, actions=("view", "change"))
register_service_policy(Participant, actions=("view",))
# What participants wrote (partners and invited outsiders) is theirs: read-only in /beheer/, for
# everyone, superusers too; it changes only through the participant's own front-end forms.
register_service_policy(Observation, actions=("view",))
register_service_policy(Appraisal, actions=("view",))


class ManageColumn(Column):
    def get_value(self, instance):
        return reverse("schouw_manage", args=[instance.pk])

    def render_cell_html(self, instance, parent_context):
        return format_html(
            '<td><a class="button button-small" href="{}">{}</a></td>', self.get_value(instance), _("Manage")
        )


class DealsColumn(Column):
    """The deal of a schouw of a deal, or the deals a peer review or college tour links."""

    def get_value(self, instance):
        return ", ".join(deal.title for deal in instance.evaluated_deals()) or "—"


class SchouwEditView(ServiceEditView):
    def save_through_service(self, form):
        return services.schouw_update_plan(
            schouw=self.object,
            actor=self.request.user,
            fields={name: form.cleaned_data[name] for name in services.PLAN_FIELDS if name in form.fields},
        )


class SchouwViewSet(SnippetViewSet):
    model = Schouw
    icon = "view"
    menu_label = _("Schouwen")
    menu_name = "schouwen"
    menu_order = 215
    add_to_admin_menu = True
    edit_view_class = SchouwEditView
    inspect_view_enabled = True
    list_display = [
        "title",
        "kind",
        DealsColumn("deals", label=_("Deals")),
        "phase",
        "planned_for",
        ManageColumn("manage", label=_("Action")),
    ]
    list_filter = ["phase", "kind"]
    search_fields = ["title", "deal__title"]

    def get_queryset(self, request):
        return Schouw.objects.select_related("deal").prefetch_related("deals")

    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("kind", read_only=True), FieldPanel("phase", read_only=True)]),
        FieldPanel("deal", read_only=True),
        FieldRowPanel([FieldPanel("planned_for"), FieldPanel("period_start"), FieldPanel("period_end")]),
        FieldPanel("setting"),
        FieldPanel("reporter"),
    ]


register_snippet(SchouwViewSet)


class ObservationViewSet(SnippetViewSet):
    """Observations of the open schouw, to read (no add, edit or delete: see the policy above)."""

    model = Observation
    icon = "view"
    menu_label = _("Observations")
    inspect_view_enabled = True
    list_display = ["text", "schouw", "organisation", "tone", "expectation", "created_at"]
    list_filter = ["tone", "expectation"]
    search_fields = None
    inspect_view_fields = ["schouw", "author", "organisation", "text", "tone", "expectation", "created_at"]

    def get_queryset(self, request):
        return Observation.objects.select_related("schouw", "organisation")


class AppraisalViewSet(SnippetViewSet):
    """Appraisals of the waarderende schouw, by partners and invited outsiders, to read only."""

    model = Appraisal
    icon = "view"
    menu_label = _("Appraisals")
    inspect_view_enabled = True
    list_display = ["text", "criterion", "participant", "author_organisation", "score", "updated_at"]
    search_fields = None
    inspect_view_fields = [
        "criterion",
        "participant",
        "author",
        "author_organisation",
        "text",
        "score",
        "updated_at",
    ]

    def get_queryset(self, request):
        return Appraisal.objects.select_related("criterion", "participant", "author_organisation")


register_snippet(ObservationViewSet)
register_snippet(AppraisalViewSet)


class CivilServantOnly:
    def dispatch(self, request, *args, **kwargs):
        if not is_civil_servant(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class SchouwCreateView(CivilServantOnly, WagtailAdminTemplateMixin, FormView):
    form_class = SchouwCreateForm
    template_name = "schouw/admin/create.html"
    page_title = _("Plan a schouw")
    header_icon = "view"

    def get_initial(self):
        initial = {}
        deal_id = self.request.GET.get("deal", "")
        if deal_id.isdigit():
            deal = self.get_form_class().base_fields["deal"].queryset.filter(pk=int(deal_id)).first()
            if deal:
                last = (
                    Schouw.objects.filter(deal=deal, phase=Schouw.Phase.PUBLISHED)
                    .order_by("-planned_for")
                    .first()
                )
                initial.update(
                    deal=deal,
                    title=_("Schouw of %(deal)s") % {"deal": deal.title},
                    planned_for=services.next_schouw_date(deal, last=last.planned_for if last else None),
                    setting=deal.schouw_setting,
                    reporter=deal.schouw_reporter,
                )
        return initial

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            schouw = services.schouw_create(
                actor=self.request.user,
                kind=data["kind"],
                title=data["title"],
                planned_for=data["planned_for"],
                deal=data["deal"] if data["kind"] == Schouw.Kind.SCHOUW else None,
                deals=list(data["deals"] or ()),  # a schouw of a deal refuses them, in Dutch
                organisations=list(data["organisations"] or ()),
                setting=data["setting"],
                reporter=data["reporter"],
                period_start=data["period_start"],
                period_end=data["period_end"],
            )
        except ValidationError as error:
            apply_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("The schouw is planned. Invite outsiders and start it when it is time.")
        )
        return redirect("schouw_manage", pk=schouw.pk)


class SchouwManageView(CivilServantOnly, WagtailAdminTemplateMixin, TemplateView):
    """One schouw: its phase and the next one (with what still stands in the way), its partners and
    their meetlat, the invited outsiders with their links' state, the invitation form."""

    template_name = "schouw/admin/manage.html"
    header_icon = "view"

    def dispatch(self, request, pk):
        self.schouw = get_object_or_404(
            Schouw.objects.select_related("deal", "coordinator").prefetch_related("deals"), pk=pk
        )
        return super().dispatch(request, pk)

    def get_page_title(self):
        return self.schouw.title

    def get_context_data(self, invite_form=None, deals_form=None, **kwargs):
        schouw = self.schouw
        linked = schouw.evaluated_deals() if schouw.is_variant else []
        if deals_form is None and schouw.is_variant and not schouw.is_published:
            deals_form = LinkDealsForm(initial={"deals": linked})
        partners = list(schouw.partners.select_related("organisation", "meetlat_confirmed_by"))
        return super().get_context_data(
            schouw=schouw,
            partners=partners,
            participants=selectors.participants(schouw),
            next_phases=SCHOUW_PHASES.available(schouw.phase, offered=True),
            problems=services.meetlat_problems(schouw)
            if schouw.phase == Schouw.Phase.MEETLAT
            else services.discussion_problems(schouw)
            if schouw.phase == Schouw.Phase.APPRAISAL
            else [],
            invite_form=invite_form or InviteForm(),
            linked_deals=linked,
            deals_form=deals_form,
            **kwargs,
        )

    def post(self, request, pk):
        action = request.POST.get("action", "")
        schouw = self.schouw
        try:
            if action == "phase":
                services.schouw_next_phase(
                    schouw=schouw, actor=request.user, name=request.POST.get("name", "")
                )
                schouw.refresh_from_db()
                messages.success(
                    request,
                    _("The schouw is now in the phase: %(phase)s.") % {"phase": schouw.get_phase_display()},
                )
            elif action == "revoke":
                participant = get_object_or_404(schouw.participants, pk=request.POST.get("participant") or 0)
                services.participant_revoke(participant=participant, actor=request.user)
                messages.success(request, _("The link of %(name)s is revoked.") % {"name": participant.name})
            elif action == "deals":
                form = LinkDealsForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(deals_form=form))
                try:
                    change = services.schouw_link_deals(
                        schouw=schouw, actor=request.user, deals=form.cleaned_data["deals"] or []
                    )
                except ValidationError as error:
                    apply_service_errors(form, error)
                    return self.render_to_response(self.get_context_data(deals_form=form))
                messages.success(request, linked_deals_message(change))
            elif action == "invite":
                form = InviteForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(invite_form=form))
                try:
                    participant, _link = services.participant_invite(
                        schouw=schouw, actor=request.user, **form.cleaned_data
                    )
                except ValidationError as error:
                    apply_service_errors(form, error)
                    return self.render_to_response(self.get_context_data(invite_form=form))
                messages.success(request, _("%(name)s is invited by email.") % {"name": participant.name})
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return redirect("schouw_manage", pk=schouw.pk)


def _names(organisations):
    return ", ".join(organisation.name for organisation in organisations)


def linked_deals_message(change):
    """What saving the linked deals did to the participants, in one message."""
    parts = [str(_("The linked deals are saved."))]
    if change.joined:
        parts.append(str(_("Now taking part: %(names)s.") % {"names": _names(change.joined)}))
    if change.left:
        parts.append(str(_("No longer taking part: %(names)s.") % {"names": _names(change.left)}))
    if change.kept:
        parts.append(
            str(
                _(
                    "Still taking part, although their deal is no longer linked, because they already "
                    "contributed (observations, meetlat or appraisals): %(names)s."
                )
                % {"names": _names(change.kept)}
            )
        )
    return " ".join(parts)


class OverdueView(CivilServantOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "schouw/admin/overdue.html"
    page_title = _("Overdue schouwen")
    header_icon = "warning"

    def get_context_data(self, **kwargs):
        late, due = selectors.overdue()
        return super().get_context_data(late=late, due=due, **kwargs)


@hooks.register("register_admin_urls")
def register_schouw_urls():
    return [
        path("schouw/nieuw/", SchouwCreateView.as_view(), name="schouw_create"),
        path("schouw/achterstand/", OverdueView.as_view(), name="schouw_overdue"),
        path("schouw/<int:pk>/beheren/", SchouwManageView.as_view(), name="schouw_manage"),
    ]


class CivilServantMenuItem(MenuItem):
    def is_shown(self, request):
        return is_civil_servant(request.user)


@hooks.register("register_admin_menu_item")
def register_plan_menu_item():
    return CivilServantMenuItem(_("Plan a schouw"), reverse("schouw_create"), icon_name="plus", order=216)


@hooks.register("register_admin_menu_item")
def register_overdue_menu_item():
    return CivilServantMenuItem(
        _("Overdue schouwen"), reverse("schouw_overdue"), icon_name="warning", order=217
    )
