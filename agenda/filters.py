"""The agenda's filters: kind, thema and gebied, all in the query string (no JavaScript)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from agenda.models import EventPage
from reisgids.filters import ReisgidsFilterSet, SlugChoiceFilter, area_options, theme_options


class EventFilter(ReisgidsFilterSet):
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=EventPage.Kind.choices, empty_label=_("All kinds")
    )
    theme = SlugChoiceFilter(
        label=_("Theme"), field_name="themes", options=theme_options, empty_label=_("All themes")
    )
    area = SlugChoiceFilter(
        label=_("Area"), field_name="areas", options=area_options, empty_label=_("All areas")
    )

    class Meta:
        model = EventPage
        fields = ["kind", "theme", "area"]
