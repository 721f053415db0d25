"""The marktplaats filters: everything in the query string, usable without JavaScript."""

import django_filters
from django.utils.translation import gettext_lazy as _

from marktplaats.models import Listing
from reisgids.filters import (
    ReisgidsFilterSet,
    SlugChoiceFilter,
    area_options,
    icontains_any,
    in_area,
    neighbourhood_options,
    theme_options,
)
from reisgids.models import Organisation

STATUS_ALL = "alle"


class ListingFilter(ReisgidsFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(
        label=_("Request or offer"), choices=Listing.Kind.choices, empty_label=_("Requests and offers")
    )
    category = django_filters.ChoiceFilter(
        label=_("Category"), choices=Listing.Category.choices, empty_label=_("All categories")
    )
    theme = SlugChoiceFilter(
        label=_("Theme"), field_name="themes", options=theme_options, empty_label=_("All themes")
    )
    area = SlugChoiceFilter(
        label=_("Area"), options=area_options, empty_label=_("All areas"), method="filter_area"
    )
    neighbourhood = SlugChoiceFilter(
        label=_("Neighbourhood"),
        field_name="neighbourhoods",
        options=neighbourhood_options,
        empty_label=_("All neighbourhoods"),
    )
    organisation_kind = django_filters.ChoiceFilter(
        label=_("Kind of organisation"),
        field_name="organisation__kind",
        choices=Organisation.Kind.choices,
        empty_label=_("All kinds"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[
            (STATUS_ALL, _("All, closed ones too")),
            (Listing.Status.INGEVULD.value, Listing.Status.INGEVULD.label),
            (Listing.Status.VERLOPEN.value, Listing.Status.VERLOPEN.label),
        ],
        empty_label=_("Only open"),
        method="filter_status",
    )

    class Meta:
        model = Listing
        fields = ["q", "kind", "category", "theme", "area", "neighbourhood", "organisation_kind", "status"]

    def search(self, queryset, name, value):
        """In the title, the description or the name of the posting organisation: each through its
        trigram index on PostgreSQL (``reisgids.dbindexes``; the organisation's ids once, see
        ``reisgids.filters.any_of``), so a rare word reads only the listings that hold it. Expression
        statistics on the upper-cased title and description (migration 0005, and the indexes'
        own) tell PostgreSQL how common a word is, so for a common one it reads the newest listings
        and stops at a page, instead of sorting every match."""
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(icontains_any(Listing, ("title", "description", "organisation__name"), value))

    def filter_area(self, queryset, name, value):
        """In the gebied, or in one of its wijken (``reisgids.filters.in_area``: a correlated EXISTS, so
        the cost never exceeds a probe per listing; not a semi-join on the union of both link tables:
        without planner statistics, right after a bulk load, PostgreSQL rescanned that union for every
        listing, 5 s for one COUNT(*) at 50,000 listings)."""
        return queryset.filter(in_area(Listing, self.filters["area"], value))

    def filter_status(self, queryset, name, value):
        if value == STATUS_ALL:
            return queryset
        return queryset.filter(status=value)

    @property
    def qs(self):
        queryset = super().qs
        status = self.form.cleaned_data.get("status") if self.is_bound and self.form.is_valid() else ""
        if not status:
            queryset = queryset.filter(status__in=Listing.ACTIVE_STATUSES)
        return queryset.order_by("-created_at", "-id")
