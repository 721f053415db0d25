"""The filters of /verhalen/: thema and kind, in the query string, usable without JavaScript."""

import django_filters
from django.utils.translation import gettext_lazy as _

from reisgids.filters import ReisgidsFilterSet, SlugChoiceFilter, theme_options
from stories.models import StoryPage


class StoryFilter(ReisgidsFilterSet):
    theme = SlugChoiceFilter(
        label=_("Theme"), field_name="themes", options=theme_options, empty_label=_("All themes")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of story"), choices=StoryPage.Kind.choices, empty_label=_("All kinds")
    )

    class Meta:
        model = StoryPage
        fields = ["theme", "kind"]
