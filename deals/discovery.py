"""What the deals show in the portal (``reisgids.registries``): newly closed deals on the home page,
public deals in the site-wide search and in the sitemap."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from deals import selectors
from deals.apps import CACHE_NAMESPACE
from deals.models import Deal
from reisgids.registries import (
    ModelType,
    SectionSitemap,
    register_cycle_step,
    register_glossary_term,
    register_home_block,
    register_search_type,
    register_sitemap_section,
)

HOME_DEALS = 3


def public_deals():
    """The public register and the deals published as "in de maak" (what a visitor can open)."""
    return selectors.deal_register() | selectors.deals_in_the_making(user=AnonymousUser())


class DealSitemap(SectionSitemap):
    """The public register and the deals in the making that look for partners (``Deal.is_public``)."""

    url_name = "deals:detail"

    def items(self):
        register = selectors.deal_register().prefetch_related(None).values("pk")
        making = selectors.deals_in_the_making(user=AnonymousUser()).prefetch_related(None).values("pk")
        return Deal.objects.filter(Q(pk__in=register) | Q(pk__in=making)).order_by("pk")


def register():
    register_home_block(
        "deals",
        template="deals/_home_block.html",
        items=lambda: list(selectors.recently_closed(limit=HOME_DEALS)),
        namespaces=(CACHE_NAMESPACE,),
        order=30,
    )
    register_search_type(
        ModelType(
            "deals",
            _("Deals"),
            "title",
            ("goal", "idea"),
            only=("id", "title", "slug", "status", "seeking_partners"),
            describe=lambda deal: deal.get_status_display(),
            queryset=public_deals,
            order=80,
        )
    )
    register_sitemap_section("deals", DealSitemap, order=40)
    register_cycle_step(
        "deals",
        step=1,
        title=_("Deals"),
        description=_("Partners agree on a shared goal, and each brings its own contribution."),
        url=lambda: reverse("deals:list"),
        figures=cycle_figures,
        namespaces=(CACHE_NAMESPACE,),
    )
    register_glossary_term(
        "deal",
        _("care and welfare deal"),
        _(
            "An agreement between the municipality, initiatives and other partners to work towards one "
            "shared goal, in which every partner says what it brings. A deal is closed when every "
            "partner has confirmed its contribution."
        ),
        url=lambda: reverse("deals:list"),
    )
    register_glossary_term(
        "inbreng",
        _("contribution"),
        _(
            "What one partner brings to a deal: money, knowledge, a network, people, space, or room to "
            "deviate from the rules."
        ),
    )
    register_glossary_term(
        "trekker",
        _("lead partner"),
        _(
            "The partner that takes the lead in a deal: it invites the others and moves the deal to "
            "its next step."
        ),
    )
    register_glossary_term(
        "regelruimte",
        _("room in the rules"),
        _(
            "Permission to deviate from a rule or a usual way of working, so that a deal can do what "
            "residents need. The municipality can bring it as its contribution."
        ),
    )
    register_glossary_term(
        "concept-deal",
        _("draft deal"),
        _(
            "A deal whose goal, partners and contributions are written down but not yet confirmed by "
            "every partner."
        ),
        url=lambda: reverse("deals:making"),
    )


RUNNING_STATUSES = (Deal.Status.CLOSED, Deal.Status.KICKOFF, Deal.Status.RUNNING)


def cycle_figures():
    """The home page's figures of step 1: deals being formed that look for partners (as /deals/in-de-maak/
    shows them to a visitor) and deals closed or under way. One query."""
    counts = Deal.objects.aggregate(
        making=Count("pk", filter=Q(status__in=Deal.MAKING_STATUSES, seeking_partners=True)),
        running=Count("pk", filter=Q(status__in=RUNNING_STATUSES)),
    )
    return [(_("deals in the making"), counts["making"]), (_("deals under way"), counts["running"])]
