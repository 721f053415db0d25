"""What the marktplaats shows in the portal (``reisgids.registries``): open listings in the
site-wide search and in the sitemap."""

from django.utils.translation import gettext_lazy as _

from marktplaats import selectors
from marktplaats.models import Listing
from reisgids.registries import ModelType, SectionSitemap, register_search_type, register_sitemap_section


def open_listings():
    """Listings that are open (or in conversation) and not hidden: the marktplaats' "only open"."""
    return selectors.listing_browse().filter(status__in=Listing.ACTIVE_STATUSES)


class ListingSitemap(SectionSitemap):
    """Open marktplaats listings (open or in conversation), never hidden ones."""

    url_name = "marktplaats:detail"
    url_argument = "pk"

    def items(self):
        return open_listings().select_related(None).prefetch_related(None).order_by("pk")


def register():
    register_search_type(
        ModelType(
            "marktplaats",
            _("Marketplace"),
            "title",
            ("description",),
            only=("id", "title", "kind", "category", "organisation__id", "organisation__name"),
            describe=lambda listing: (
                f"{listing.get_kind_display()}: {listing.get_category_display()}, {listing.organisation.name}"
            ),
            queryset=open_listings,
            order=90,
        )
    )
    register_sitemap_section("listings", ListingSitemap, order=50)
