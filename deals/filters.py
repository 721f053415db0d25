"""The register's filters: everything is in the query string and works without JavaScript."""

import django_filters
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from deals.extensions import deal_filters
from deals.models import Contribution, Deal, DealPartner
from reisgids.filters import (
    ReisgidsFilterSet,
    SlugChoiceFilter,
    any_of,
    area_options,
    icontains_any,
    neighbourhood_options,
    theme_options,
)
from reisgids.models import Organisation

SORTS = {
    "nieuw": ("-closed_at", "-id"),
    "oud": ("closed_at", "id"),
    "titel": ("title", "id"),
    "start": ("start_date", "id"),
}


def year_choices():
    this_year = timezone.localdate().year
    return [(str(year), str(year)) for year in range(this_year, 2019, -1)]


class DealFilter(ReisgidsFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    theme = SlugChoiceFilter(
        label=_("Theme"), field_name="themes", options=theme_options, empty_label=_("All themes")
    )
    area = SlugChoiceFilter(
        label=_("Area"), field_name="areas", options=area_options, empty_label=_("All areas")
    )
    neighbourhood = SlugChoiceFilter(
        label=_("Neighbourhood"),
        field_name="neighbourhoods",
        options=neighbourhood_options,
        empty_label=_("All neighbourhoods"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Step"),
        choices=[(s.value, s.label) for s in Deal.PUBLIC_STATUSES],
        empty_label=_("All steps"),
    )
    partner_kind = django_filters.ChoiceFilter(
        label=_("Kind of partner"),
        choices=Organisation.Kind.choices,
        empty_label=_("All kinds"),
        method="filter_partner_kind",
    )
    contribution_kind = django_filters.ChoiceFilter(
        label=_("Kind of input"),
        choices=Contribution.Kind.choices,
        empty_label=_("All kinds"),
        method="filter_contribution_kind",
    )
    year = django_filters.ChoiceFilter(
        label=_("Year closed"), choices=year_choices, empty_label=_("All years"), method="filter_year"
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[
            ("oud", _("Oldest first")),
            ("titel", _("Title (A–Z)")),
            ("start", _("Start date")),
        ],
        empty_label=_("Newest first"),
        method="sort_by",
    )

    class Meta:
        model = Deal
        fields = [
            "q",
            "theme",
            "area",
            "neighbourhood",
            "status",
            "partner_kind",
            "contribution_kind",
            "year",
        ]

    def __init__(self, *args, **kwargs):
        # The filters that higher apps registered (deals.extensions.register_deal_filter) come last.
        self.base_filters = type(self).every_filter()
        super().__init__(*args, **kwargs)

    @classmethod
    def every_filter(cls):
        return {**cls.base_filters, **dict(deal_filters())}

    def search(self, queryset, name, value):
        """In the title, goal or idea (each through its trigram index on PostgreSQL, ``reisgids.
        dbindexes``), or the name of an accepted partner: the deals of the organisations whose name
        matches, found once (``reisgids.filters.any_of``), not tested per deal."""
        value = value.strip()
        if not value:
            return queryset
        named = icontains_any(DealPartner, ("organisation__name",), value)
        partner_named = DealPartner.objects.filter(named, status=DealPartner.Status.ACCEPTED).values(
            "deal_id"
        )
        return queryset.filter(
            icontains_any(Deal, ("title", "goal", "idea"), value) | any_of("id", partner_named)
        )

    def filter_partner_kind(self, queryset, name, value):
        partners = DealPartner.objects.filter(
            deal=OuterRef("pk"), status=DealPartner.Status.ACCEPTED, organisation__kind=value
        )
        return queryset.filter(Exists(partners))

    def filter_contribution_kind(self, queryset, name, value):
        contributions = Contribution.objects.filter(
            partner__deal=OuterRef("pk"), partner__status=DealPartner.Status.ACCEPTED, kind=value
        )
        return queryset.filter(Exists(contributions))

    def filter_year(self, queryset, name, value):
        return queryset.filter(closed_at__year=int(value))

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*SORTS.get(value, SORTS["nieuw"]))

    @property
    def qs(self):
        queryset = super().qs
        if not (self.is_bound and self.form.is_valid() and self.form.cleaned_data.get("sort")):
            queryset = queryset.order_by(*SORTS["nieuw"])
        return queryset
