"""FilterSets of the atlas indexes: GET forms whose values stay in the URL, no JavaScript.

Places: choosing a wijk shows the lessons of that wijk *and* those of its whole gebied (a lesson
learned in Delfshaven as a whole also holds for Bospolder); choosing a gebied shows the lessons of
the gebied and of every wijk in it."""

import django_filters
from django.db import connections
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from atlas.models import LessonPage, NewsPage
from deals.models import Deal
from reisgids.filters import (
    MemberTextSelect,
    ReisgidsFilterSet,
    SlugChoiceFilter,
    area_options,
    in_area,
    linked,
    neighbourhood_options,
    theme_options,
)
from reisgids.models import Neighbourhood, Organisation
from reisgids.views import _filtered_page as filtered_page

__all__ = ["LessonFilter", "NewsFilter", "filtered_page"]


def lesson_organisation_options():
    """Only organisations that some lesson links to (not all 10,000 in the directory), found from the
    links' index (``linked``)."""
    organisations = linked("pk", LessonPage.organisations.through, "organisation")
    return list(Organisation.objects.filter(organisations).order_by("name").values_list("slug", "name"))


def lesson_deal_options():
    deals = linked("pk", LessonPage.deals.through, "deal")
    return list(
        Deal.objects.filter(deals, status__in=Deal.PUBLIC_STATUSES)
        .order_by("title")
        .values_list("slug", "title")
    )


class NewsFilter(ReisgidsFilterSet):
    theme = SlugChoiceFilter(
        label=_("Theme"), field_name="themes", options=theme_options, empty_label=_("All themes")
    )

    class Meta:
        model = NewsPage
        fields = ["theme"]


class LessonFilter(ReisgidsFilterSet):
    SUCCESS = {"ja": True, "nee": False}

    theme = SlugChoiceFilter(
        label=_("Theme"), field_name="themes", options=theme_options, empty_label=_("All themes")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of lesson"), choices=LessonPage.Kind.choices, empty_label=_("All kinds")
    )
    success = django_filters.ChoiceFilter(
        label=_("Success"),
        choices=[("ja", _("Successes only")), ("nee", _("Lessons that are not a success"))],
        empty_label=_("Lessons and successes"),
        method="filter_success",
    )
    area = SlugChoiceFilter(
        label=_("Area"), options=area_options, empty_label=_("All areas"), method="filter_area"
    )
    neighbourhood = SlugChoiceFilter(
        label=_("Neighbourhood"),
        options=neighbourhood_options,
        empty_label=_("All neighbourhoods"),
        method="filter_neighbourhood",
    )
    partner_kind = django_filters.ChoiceFilter(
        label=_("Kind of partner involved"),
        choices=Organisation.Kind.choices,
        empty_label=_("All kinds of partners"),
        method="filter_json_list",
        field_name="partner_kinds",
    )
    source = django_filters.ChoiceFilter(
        label=_("Source"), choices=LessonPage.Source.choices, empty_label=_("All sources")
    )
    principle = django_filters.ChoiceFilter(
        label=_("Key principle"),
        choices=LessonPage.Principle.choices,
        empty_label=_("All key principles"),
        method="filter_json_list",
        field_name="principles",
    )
    organisation = SlugChoiceFilter(
        label=_("Organisation"),
        field_name="organisations",
        options=lesson_organisation_options,
        empty_label=_("All organisations"),
    )
    deal = SlugChoiceFilter(
        label=_("Deal"),
        field_name="deals",
        options=lesson_deal_options,
        empty_label=_("All deals"),
        widget=MemberTextSelect,
    )

    class Meta:
        model = LessonPage
        fields = [
            "theme",
            "kind",
            "success",
            "area",
            "neighbourhood",
            "partner_kind",
            "source",
            "principle",
            "organisation",
            "deal",
        ]

    def filter_success(self, queryset, name, value):
        return queryset.filter(is_success=self.SUCCESS[value])

    def filter_json_list(self, queryset, name, value):
        """The JSON list holds the value: ``@>`` on PostgreSQL; SQLite (``make run``) has no JSON
        containment, so there the quoted value is looked for in the list's text (values are slugs)."""
        if connections[queryset.db].features.supports_json_field_contains:
            return queryset.filter(**{f"{name}__contains": [value]})
        return queryset.filter(**{f"{name}__icontains": f'"{value}"'})

    def filter_area(self, queryset, name, value):
        """Tagged with the gebied, or with one of its wijken."""
        return queryset.filter(in_area(LessonPage, self.filters["area"], value))

    def filter_neighbourhood(self, queryset, name, value):
        """Tagged with the wijk, or with the gebied the wijk lies in."""
        in_neighbourhood = LessonPage.neighbourhoods.through.objects.filter(
            lessonpage_id=OuterRef("pk"), neighbourhood__slug=value
        )
        area_ids = Neighbourhood.objects.filter(slug=value).values("area_id")
        in_its_area = LessonPage.areas.through.objects.filter(
            lessonpage_id=OuterRef("pk"), area_id__in=area_ids
        )
        return queryset.filter(Exists(in_neighbourhood) | Exists(in_its_area))
