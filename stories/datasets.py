"""The stories as open data (``reisgids.datasets``): published, public stories only (the selector of
``/verhalen/``). Registered from ``discovery.register()``."""

from django.utils.translation import gettext_lazy as _

from reisgids.datasets import (
    Dataset,
    Field,
    choice_field,
    names_field,
    page_fields,
    register_dataset,
    text_field,
)
from stories import selectors
from stories.filters import StoryFilter
from stories.models import StoryPage


def story_rows():
    return selectors.story_list()


STORY_FIELDS = page_fields(
    choice_field("kind", _("Kind of story"), StoryPage.Kind),
    text_field("intro", _("Introduction")),
    Field(
        "organisation", _("Organisation"), lambda row: row.organisation.name if row.organisation_id else ""
    ),
    names_field("themes", _("Themes"), "themes"),
)


def register():
    register_dataset(Dataset(
        key="stories", title=_("Stories"), order=110, filterset=StoryFilter,
        description=_("Stories (blogs, videos, podcasts) published by members of the network."),
        rows=story_rows, fields=STORY_FIELDS, namespaces=("stories", "atlas"), updated="last_published_at",
        page_url="/verhalen/", keywords=("verhalen",),
    ))  # fmt: skip
