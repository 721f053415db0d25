"""The agenda as open data (``reisgids.datasets``): live, public events, upcoming and of the last
90 days, as the iCal feed holds them. Registered from ``discovery.register()``."""

from django.utils.translation import gettext_lazy as _

from agenda import selectors
from agenda.filters import EventFilter
from agenda.models import EventPage
from reisgids.datasets import (
    Dataset,
    Field,
    choice_field,
    datetime_field,
    names_field,
    page_fields,
    register_dataset,
    text_field,
)


def event_rows():
    return selectors.event_feed().prefetch_related("themes", "areas")


EVENT_FIELDS = page_fields(
    choice_field("kind", _("Kind"), EventPage.Kind),
    text_field("intro", _("Introduction")),
    datetime_field("start", _("Start")),
    datetime_field("end", _("End")),
    text_field("place", _("Place")),
    text_field("online_url", _("Online link")),
    Field("organiser", _("Organiser"), lambda row: row.organiser_display),
    text_field("audience", _("For whom")),
    text_field("registration_url", _("Registration link")),
    names_field("themes", _("Themes"), "themes"),
    names_field("areas", _("Areas"), "areas"),
)


def register():
    register_dataset(Dataset(
        key="events", title=_("Events"), order=80,
        description=_("The agenda: upcoming events and those of the last 90 days."),
        rows=event_rows, fields=EVENT_FIELDS, filterset=EventFilter, namespaces=("agenda", "atlas"),
        updated="last_published_at", page_url="/agenda/", keywords=("agenda", "evenementen"),
    ))  # fmt: skip
