"""What the deals show in the portal (``reisgids.registries``): newly closed deals on the home page,
public deals in the site-wide search and in the sitemap."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from deals import selectors
from deals.apps import CACHE_NAMESPACE
from deals.models import Deal
from reisgids.registries import (
    ModelType,
    SectionSitemap,
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
