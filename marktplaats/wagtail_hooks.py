"""The marktplaats in the Wagtail admin (/beheer/): reports to handle and the listings, read-only for
everyone (see ``reisgids.beheer``). Hiding a listing goes through ``services.listing_hide`` (on the
listing page of the site), so the poster is told and an audit row is written."""

from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from marktplaats.models import Listing, Report
from reisgids.beheer import register_service_policy

register_service_policy(Listing)
register_service_policy(Report)


class ListingLinkColumn(Column):
    def get_value(self, instance):
        listing = instance if isinstance(instance, Listing) else instance.listing
        return format_html('<a href="{}">{}</a>', listing.get_absolute_url(), listing.title)


class ReportViewSet(SnippetViewSet):
    model = Report
    icon = "warning"
    menu_label = _("Reports")
    inspect_view_enabled = True
    list_display = [
        ListingLinkColumn("listing", label=_("listing")),
        "reason",
        "created_at",
        "handled_at",
    ]
    list_filter = ["handled_at"]
    search_fields = ["reason", "listing__title"]

    def get_queryset(self, request):
        return Report.objects.select_related("listing")


class ListingViewSet(SnippetViewSet):
    model = Listing
    icon = "list-ul"
    menu_label = _("Listings")
    inspect_view_enabled = True
    list_display = [
        ListingLinkColumn("title", label=_("title")),
        "kind",
        "category",
        "organisation",
        "status",
        "hidden_at",
    ]
    list_filter = ["kind", "category", "status"]
    search_fields = ["title", "description"]

    def get_queryset(self, request):
        return Listing.objects.select_related("organisation")


class MarktplaatsViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Marketplace")
    menu_icon = "list-ul"
    menu_order = 220
    items = (ReportViewSet, ListingViewSet)


register_snippet(MarktplaatsViewSetGroup)
