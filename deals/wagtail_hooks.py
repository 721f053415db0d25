"""Deals in the Wagtail admin (/beheer/): deals with their partners and inbreng, and the shared
kick-off moments, for staff. The step of a deal and the status of a partner are shown but not
editable here: they change only through ``deals.services`` (on the deal page), so every change is
on the deal's timeline and in the audit log."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from deals.models import Contribution, Deal, DealPartner, KickoffMoment


class DealViewSet(SnippetViewSet):
    model = Deal
    icon = "clipboard-list"
    menu_label = _("Deals")
    list_display = ["title", "status", "closed_at", "updated_at"]
    list_filter = ["status", "seeking_partners", "themes", "areas"]
    search_fields = ["title", "goal", "idea"]
    panels = [
        FieldRowPanel([FieldPanel("title"), FieldPanel("slug")]),
        FieldPanel("status", read_only=True),
        FieldPanel("goal"),
        FieldPanel("idea"),
        FieldPanel("themes"),
        FieldPanel("areas"),
        FieldPanel("neighbourhoods"),
        MultiFieldPanel(
            [FieldPanel("seeking_partners"), FieldPanel("seeking_text")], heading=_("Deal in the making")
        ),
        MultiFieldPanel(
            [FieldPanel("start_date"), FieldPanel("end_date"), FieldPanel("closed_at", read_only=True)],
            heading=_("Timeline"),
        ),
        MultiFieldPanel(
            [FieldPanel("financing"), FieldPanel("financing_notes"), FieldPanel("instruments")],
            heading=_("Financing"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("kickoff_at"),
                FieldPanel("kickoff_place"),
                FieldPanel("kickoff_description"),
                FieldPanel("kickoff_moment"),
            ],
            heading=_("Kick-off"),
        ),
        FieldPanel("stop_reason"),
        FieldPanel("follow_up"),
        FieldPanel("internal_notes"),
    ]


class DealPartnerViewSet(SnippetViewSet):
    model = DealPartner
    icon = "group"
    menu_label = _("Deal partners")
    list_display = ["organisation", "deal", "role", "status", "confirmed_at"]
    list_filter = ["role", "status"]
    search_fields = ["organisation__name", "deal__title"]
    panels = [
        FieldPanel("deal"),
        FieldPanel("organisation"),
        FieldRowPanel([FieldPanel("role"), FieldPanel("status", read_only=True)]),
        FieldPanel("message"),
        FieldRowPanel([FieldPanel("invited_at", read_only=True), FieldPanel("decided_at", read_only=True)]),
        FieldPanel("confirmed_at", read_only=True),
    ]


class ContributionViewSet(SnippetViewSet):
    model = Contribution
    icon = "pick"
    menu_label = _("Input")
    list_display = ["partner", "kind", "amount_eur", "hours"]
    list_filter = ["kind"]
    search_fields = ["description", "partner__organisation__name", "partner__deal__title"]
    panels = [
        FieldPanel("partner"),
        FieldPanel("kind"),
        FieldRowPanel([FieldPanel("amount_eur"), FieldPanel("hours")]),
        FieldPanel("description"),
        FieldPanel("expectations"),
    ]


class KickoffMomentViewSet(SnippetViewSet):
    model = KickoffMoment
    icon = "date"
    menu_label = _("Kick-off moments")
    list_display = ["title", "starts_at", "place"]
    search_fields = ["title", "place"]
    panels = [
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("place")]),
        FieldPanel("description"),
    ]


class DealsViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Deals")
    menu_icon = "clipboard-list"
    menu_order = 210
    items = (DealViewSet, DealPartnerViewSet, ContributionViewSet, KickoffMomentViewSet)


register_snippet(DealsViewSetGroup)
