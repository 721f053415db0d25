"""Residencies and concerns in /beheer/, for staff: read-only (``reisgids.beheer``). Their status
changes only through ``residence.services`` on the front end, where the partners confirm; staff see
every field and the history."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from reisgids.beheer import register_service_policy
from residence.models import Activity, Concern, LogEntry, Residency

for model in (Residency, Concern, LogEntry, Activity):
    register_service_policy(model, actions=("view",))


class ResidencyViewSet(SnippetViewSet):
    model = Residency
    icon = "user"
    menu_label = _("Residencies")
    inspect_view_enabled = True
    list_display = [
        "person",
        "deal",
        "home_partner",
        "host_partner",
        "status",
        "starts_on",
        "time_per_week",
    ]
    inspect_view_fields = [
        "deal",
        "person",
        "home_partner",
        "host_partner",
        "starts_on",
        "ends_on",
        "time_per_week",
        "functions",
        "openness",
        "name_public",
        "status",
        "end_note",
        "proposed_by",
        "home_confirmed_at",
        "host_confirmed_at",
        "created_at",
        "updated_at",
    ]
    list_filter = ["status"]
    search_fields = ["deal__title", "home_partner__name", "host_partner__name"]


class ConcernViewSet(SnippetViewSet):
    model = Concern
    icon = "warning"
    menu_label = _("Concerns")
    inspect_view_enabled = True
    list_display = ["title", "deal", "severity", "status", "owner", "raised_at"]
    list_filter = ["severity", "status"]
    search_fields = ["title", "deal__title"]


class LogEntryViewSet(SnippetViewSet):
    model = LogEntry
    icon = "doc-full"
    menu_label = _("Log entries")
    inspect_view_enabled = True
    list_display = ["residency", "date", "kind", "visibility"]
    list_filter = ["kind", "visibility"]
    inspect_view_fields = ["residency", "date", "kind", "visibility", "text", "attachment_name", "created_at"]


class ActivityViewSet(SnippetViewSet):
    model = Activity
    icon = "date"
    menu_label = _("Side activities")
    inspect_view_enabled = True
    list_display = ["title", "residency", "kind", "starts_at", "is_public"]
    list_filter = ["kind", "is_public"]


class ResidenceViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Partner in residence")
    menu_icon = "user"
    menu_order = 215
    items = (ResidencyViewSet, ConcernViewSet, LogEntryViewSet, ActivityViewSet)


register_snippet(ResidenceViewSetGroup)
