"""Filters of the kompas: the lesson inventory (thema, kind, wijk, period, source) and the proposals."""

import django_filters
from django.utils.translation import gettext_lazy as _

from atlas.models import LessonPage
from kompas.models import Period, Proposal
from reisgids.models import Neighbourhood, Theme


class LessonInventoryFilter(django_filters.FilterSet):
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        queryset=Theme.objects.all(),
        to_field_name="slug",
        empty_label=_("All themes"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of lesson"), choices=LessonPage.Kind.choices, empty_label=_("All kinds")
    )
    wijk = django_filters.ModelChoiceFilter(
        label=_("Neighbourhood"),
        field_name="neighbourhoods",
        queryset=Neighbourhood.objects.all(),
        to_field_name="slug",
        empty_label=_("All neighbourhoods"),
    )
    source = django_filters.ChoiceFilter(
        label=_("Source"), choices=LessonPage.Source.choices, empty_label=_("All sources")
    )
    period = django_filters.ModelChoiceFilter(
        label=_("Kompas period"),
        queryset=Period.objects.all(),
        to_field_name="slug",
        method="in_period",
        empty_label=_("All periods"),
    )

    class Meta:
        model = LessonPage
        fields = []

    def in_period(self, queryset, name, period):
        from kompas.selectors import _day_start

        return queryset.filter(
            first_published_at__gte=_day_start(period.start), first_published_at__lt=_day_start(period.end)
        )


class ProposalFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Proposal.Status.choices, empty_label=_("All statuses")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of change"), choices=Proposal.Kind.choices, empty_label=_("All kinds")
    )

    class Meta:
        model = Proposal
        fields = []
