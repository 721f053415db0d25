"""Deals in the Wagtail admin (/beheer/): deals with their partners and inbreng, and the shared
kick-off moments, for staff. No write here skips ``deals.services`` (see ``reisgids.beheer``): a deal's
content is saved through ``deal_update`` and a partner's message through ``partner_set_message``, so
both are on the deal's timeline and in the audit log; the step of a deal, the status of a partner,
its confirmation and the inbreng are shown but change only on the deal page. Deals, partners and
inbreng cannot be added or deleted here."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from deals import services
from deals.models import Contribution, Deal, DealPartner, KickoffMoment
from reisgids.beheer import ServiceEditView, register_service_policy

register_service_policy(Deal, actions=("view", "change"))
register_service_policy(DealPartner, actions=("view", "change"))
register_service_policy(Contribution, actions=("view",))


def read_only(*names):
    return [FieldPanel(name, read_only=True) for name in names]


class DealEditView(ServiceEditView):
    def save_through_service(self, form):
        data = form.cleaned_data
        return services.deal_update(
            deal=self.object,
            actor=self.request.user,
            version=self.object.version,
            fields={name: data[name] for name in services.EDITABLE_FIELDS if name in form.fields},
            m2m={name: data[name] for name in services.M2M_FIELDS if name in form.fields},
        )


class DealViewSet(SnippetViewSet):
    model = Deal
    icon = "clipboard-list"
    menu_label = _("Deals")
    edit_view_class = DealEditView
    inspect_view_enabled = True
    list_display = ["title", "status", "closed_at", "updated_at"]
    list_filter = ["status", "seeking_partners", "themes", "areas"]
    search_fields = ["title", "goal", "idea"]
    panels = [
        FieldRowPanel([FieldPanel("title"), FieldPanel("slug", read_only=True)]),
        FieldPanel("status", read_only=True),
        FieldPanel("goal"),
        FieldPanel("idea"),
        FieldPanel("themes"),
        FieldPanel("areas"),
        FieldPanel("neighbourhoods"),
        MultiFieldPanel(read_only("seeking_partners", "seeking_text"), heading=_("Deal in the making")),
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
        *read_only("stop_reason", "follow_up"),
        FieldPanel("internal_notes"),
    ]


class DealPartnerEditView(ServiceEditView):
    def save_through_service(self, form):
        return services.partner_set_message(
            partner=self.object, actor=self.request.user, message=form.cleaned_data["message"]
        )


class DealPartnerViewSet(SnippetViewSet):
    model = DealPartner
    icon = "group"
    menu_label = _("Deal partners")
    edit_view_class = DealPartnerEditView
    inspect_view_enabled = True
    list_display = ["organisation", "deal", "role", "status", "confirmed_at"]
    list_filter = ["role", "status"]
    search_fields = ["organisation__name", "deal__title"]
    panels = [
        *read_only("deal", "organisation"),
        FieldRowPanel(read_only("role", "status")),
        FieldPanel("message"),
        FieldRowPanel(read_only("invited_at", "decided_at")),
        *read_only("confirmed_at"),
    ]


class ContributionViewSet(SnippetViewSet):
    model = Contribution
    icon = "pick"
    menu_label = _("Input")
    inspect_view_enabled = True
    list_display = ["partner", "kind", "amount_eur", "hours"]
    list_filter = ["kind"]
    search_fields = ["description", "partner__organisation__name", "partner__deal__title"]


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
