"""The intake in the Wagtail admin (/beheer/): read only, for staff who keep an eye on the route. No
write happens here (``reisgids.beheer``): every step, hand-over, advice and decision goes through
``intake.services`` on the intake's own page (/idee/<id>/), where the roles are checked."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from intake.models import Intake
from reisgids.beheer import register_service_policy

register_service_policy(Intake, actions=("view",))


class IntakeViewSet(SnippetViewSet):
    model = Intake
    icon = "help"
    menu_label = _("Ideas (intake)")
    menu_order = 220
    add_to_admin_menu = True
    inspect_view_enabled = True
    list_display = ["title", "status", "holder_role", "due_on", "created_at"]
    list_filter = ["status", "route", "decision_maker"]
    search_fields = ["title", "what"]


register_snippet(IntakeViewSet)
