"""What the agenda shows in the portal (``reisgids.registries``): upcoming events on the home page
and events in the site-wide search."""

from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from agenda import datasets, selectors
from agenda.caching import NAMESPACE
from reisgids.registries import PageType, register_home_block, register_search_type

HOME_EVENTS = 3


def event_when(event):
    return date_format(localtime(event.start), "j F Y, H:i") if event.start else ""


def register():
    datasets.register()  # open data: the API, downloads and the DCAT catalogue (reisgids.datasets)
    register_home_block(
        "events",
        template="agenda/_home_block.html",
        items=lambda: selectors.event_upcoming(limit=HOME_EVENTS),
        namespaces=(NAMESPACE,),
        order=20,
    )
    register_search_type(
        PageType(
            "agenda",
            _("Events"),
            "title",
            ("intro",),
            describe=event_when,
            model="agenda.EventPage",
            order=20,
        )
    )
