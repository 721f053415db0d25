"""The core in the Wagtail admin (/beheer/): organisations, contact points, instruments, themes
and areas for staff, plus the audit actions that services write. Organisations are added and edited
through ``reisgids.services`` (audit row, cache bump) and cannot be deleted here (see
``reisgids.beheer``)."""

from django import forms
from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from reisgids import services
from reisgids.audit import ACTIONS
from reisgids.beheer import ServiceCreateView, ServiceEditView, register_service_policy
from reisgids.comment_admin import CommentHideView
from reisgids.models import Area, ContactPoint, Instrument, Organisation, Theme

register_service_policy(Organisation, actions=("view", "add", "change"))


@hooks.register("register_admin_urls")
def register_comment_hide_url():
    return [path("reacties/<str:model>/<int:pk>/verbergen/", CommentHideView.as_view(), name="comment_hide")]


@hooks.register("register_log_actions")
def register_core_actions(actions):
    for action, (label, message) in ACTIONS.items():
        actions.register_action(action, label, message)


def checkboxes(name):
    return FieldPanel(name, widget=forms.CheckboxSelectMultiple)


def _profile(form):
    """The profile fields and links of the organisation form, as the services take them."""
    names = [*services.PROFILE_FIELDS, "areas", "neighbourhoods", "themes"]
    return {name: form.cleaned_data[name] for name in names if name in form.fields}


class OrganisationCreateView(ServiceCreateView):
    def save_through_service(self, form):
        return services.organisation_create(actor=self.request.user, first_beheerder=False, **_profile(form))


class OrganisationEditView(ServiceEditView):
    def save_through_service(self, form):
        organisation, actor = self.object, self.request.user
        return services.organisation_update(organisation=organisation, actor=actor, **_profile(form))


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    add_view_class = OrganisationCreateView
    edit_view_class = OrganisationEditView
    icon = "group"
    menu_label = _("Organisations")
    list_display = ["name", "kind", "parent", "updated_at"]
    list_filter = ["kind", "themes", "areas"]
    search_fields = ["name", "summary", "description"]
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug", read_only=True)]),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("parent")]),
        FieldPanel("summary"),
        FieldPanel("description"),
        FieldPanel("website"),
        FieldPanel("logo"),
        MultiFieldPanel(
            [FieldPanel("contact_email"), FieldPanel("contact_phone"), FieldPanel("show_contact")],
            heading=_("Public contact channel"),
        ),
        checkboxes("themes"),
        checkboxes("areas"),
        FieldPanel("neighbourhoods"),
    ]


class ContactPointViewSet(SnippetViewSet):
    model = ContactPoint
    icon = "user"
    menu_label = _("Contact persons")
    list_display = ["name", "function", "organisation"]
    list_filter = ["organisation", "themes", "areas", "citywide"]
    search_fields = ["name", "function", "approach_for"]
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("function")]),
        FieldPanel("organisation"),
        FieldPanel("user"),
        FieldPanel("approach_for"),
        MultiFieldPanel(
            [FieldPanel("email"), FieldPanel("phone"), FieldPanel("availability")], heading=_("How to reach")
        ),
        checkboxes("themes"),
        FieldPanel("citywide"),
        checkboxes("areas"),
    ]


class InstrumentViewSet(SnippetViewSet):
    model = Instrument
    icon = "tasks"
    menu_label = _("Policy instruments")
    list_display = ["name", "owner", "deadlines"]
    list_filter = ["owner", "themes", "offers_money", "offers_knowledge", "offers_space", "offers_procedure"]
    search_fields = ["name", "summary", "description"]
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("slug")]),
        FieldPanel("owner"),
        FieldPanel("summary"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("offers_money"),
                FieldPanel("offers_knowledge"),
                FieldPanel("offers_space"),
                FieldPanel("offers_procedure"),
            ],
            heading=_("What it offers"),
        ),
        FieldPanel("audience"),
        FieldRowPanel([FieldPanel("amount"), FieldPanel("deadlines")]),
        FieldPanel("url"),
        checkboxes("themes"),
    ]


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = _("Themes")
    list_display = ["name", "deals_welcome"]
    list_filter = ["deals_welcome"]
    search_fields = ["name", "description"]
    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_en"), FieldPanel("slug")]),
        FieldPanel("description"),
        FieldPanel("deals_welcome"),
        FieldPanel("deals_welcome_text"),
    ]


class AreaViewSet(SnippetViewSet):
    model = Area
    icon = "site"
    menu_label = _("Areas")
    list_display = ["name"]
    search_fields = ["name"]
    panels = [FieldPanel("name"), FieldPanel("name_en"), FieldPanel("slug")]


class NetworkViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Network")
    menu_icon = "group"
    menu_order = 200
    items = (OrganisationViewSet, ContactPointViewSet, InstrumentViewSet, ThemeViewSet, AreaViewSet)


register_snippet(NetworkViewSetGroup)
