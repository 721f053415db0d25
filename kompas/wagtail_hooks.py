"""The kompas in /beheer/: the editable list of bodies (gremia), saved through ``gremium_save``; the
proposals, measures and comments to look at (they change only through the front end's services, see
``reisgids.beheer``); and the report of overdue monitoring reviews ("Monitoring te laat")."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from kompas import services
from kompas.models import Gremium, Proposal, ProposalComment, Review
from reisgids.beheer import ServiceCreateView, ServiceEditView, register_service_policy
from reisgids.comment_admin import ModeratedCommentViewSet

register_service_policy(Gremium, actions=("view", "add", "change"))
register_service_policy(Proposal, actions=("view",))
register_service_policy(ProposalComment, actions=("view",))
register_service_policy(Review, actions=("view",))


class GremiumSaveMixin:
    def save_through_service(self, form):
        return services.gremium_save(actor=self.request.user, gremium=form.instance)


class GremiumCreateView(GremiumSaveMixin, ServiceCreateView):
    pass


class GremiumEditView(GremiumSaveMixin, ServiceEditView):
    pass


class GremiumViewSet(SnippetViewSet):
    model = Gremium
    icon = "group"
    menu_label = _("Bodies")
    add_view_class = GremiumCreateView
    edit_view_class = GremiumEditView
    list_display = ["name", "order", "active"]
    panels = [FieldPanel("name"), FieldPanel("order"), FieldPanel("active")]


class ProposalViewSet(SnippetViewSet):
    model = Proposal
    icon = "doc-full"
    menu_label = _("Proposals")
    inspect_view_enabled = True
    list_display = ["title", "status", "kind", "gremium", "meeting_date", "decided_at"]
    list_filter = ["status", "kind"]
    search_fields = ["title", "problem", "change"]


class ProposalCommentViewSet(ModeratedCommentViewSet):
    """Comments on proposals, hidden with the kernel's one action (``reisgids.comment_admin``)."""

    model = ProposalComment
    menu_label = _("Comments on proposals")


class OverdueReviewViewSet(SnippetViewSet):
    """Review dates of open measures that passed without an update: the /beheer/ report."""

    model = Review
    icon = "warning"
    menu_label = _("Monitoring overdue")
    inspect_view_enabled = True
    list_display = ["measure", "due", "flagged_at"]

    def get_queryset(self, request):
        return Review.objects.filter(
            answered_by__isnull=True, due__lt=timezone.localdate(), measure__closed_at__isnull=True
        ).select_related("measure")


class KompasGroup(SnippetViewSetGroup):
    menu_label = _("Kompas")
    menu_icon = "site"
    menu_order = 320
    items = (ProposalViewSet, OverdueReviewViewSet, GremiumViewSet, ProposalCommentViewSet)


register_snippet(KompasGroup)
