"""What the site-wide search (``/zoeken/``) searches: one ``SearchType`` per kind of result.

Each type has a key (``?type=<key>`` in the URL), a Dutch label (the facet and the heading of its
group), the queryset of what any visitor may see (live public pages, public deals, open listings
that are not hidden, …), the field shown as the title, the fields the highlighted snippet comes
from and, optionally, a short line of facts. The search itself runs through Wagtail's search
backend on that queryset, so a result is never something the visitor could not open.

To make something searchable: give its model ``index.Indexed`` with ``search_fields`` (pages have
them) and add one line to ``SEARCH_TYPES`` below, with ``ModelType`` or ``PageType``.

Pages are filtered with ``live()`` and the page view restrictions fetched once per search
(``SearchContext.restricted_paths``): Wagtail's ``public()`` queries the restrictions again for
every page type, which would add a query per type to every search.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _


class SearchContext:
    """What every type of one search shares: the paths of pages with a view restriction (one query,
    only when a page type is searched)."""

    @cached_property
    def restricted_paths(self):
        from wagtail.models import PageViewRestriction

        return list(PageViewRestriction.objects.values_list("page__path", flat=True))


@dataclass(frozen=True)
class SearchType:
    key: str
    label: str
    title_field: str
    text_fields: tuple
    only: tuple = ()
    describe: object = None  # callable(obj) -> str, a short line under the title

    def get_queryset(self, context):
        raise NotImplementedError

    def url(self, obj):
        return obj.get_absolute_url()

    def facts(self, obj):
        return self.describe(obj) if self.describe else ""


@dataclass(frozen=True)
class ModelType(SearchType):
    """A model shown through a selector of its app: ``queryset`` returns what visitors may see."""

    queryset: object = None
    url_of: object = field(default=None)

    def get_queryset(self, context):
        queryset = self.queryset().prefetch_related(None)
        return queryset.only(*self.only) if self.only else queryset

    def url(self, obj):
        return self.url_of(obj) if self.url_of else obj.get_absolute_url()


@dataclass(frozen=True)
class PageType(SearchType):
    """A Wagtail page type (``"app_label.ModelName"``): its live pages outside restricted sections."""

    model: str = ""

    def get_queryset(self, context):
        queryset = apps.get_model(self.model).objects.live()
        restricted = Q()
        for path in context.restricted_paths:
            restricted |= Q(path__startswith=path)
        return queryset.exclude(restricted) if restricted else queryset

    def url(self, obj):
        return obj.url


# --- the querysets of the models, through each app's selectors ---------------------------------


def organisations():
    from reisgids import selectors

    return selectors.organisation_list()


def contact_points():
    from reisgids import selectors

    return selectors.contactpoint_list()


def instruments():
    from reisgids import selectors

    return selectors.instrument_list()


def public_deals():
    """The public register and the deals published as "in de maak" (what a visitor can open)."""
    from deals import selectors

    return selectors.deal_register() | selectors.deals_in_the_making(user=AnonymousUser())


def open_listings():
    """Listings that are open (or in conversation) and not hidden: the marktplaats' "only open"."""
    from marktplaats import selectors
    from marktplaats.models import Listing

    return selectors.listing_browse().filter(status__in=Listing.ACTIVE_STATUSES)


def contact_point_url(contact):
    from django.urls import reverse
    from django.utils.http import urlencode

    return f"{reverse('contactpoint_list')}?{urlencode({'q': contact.name})}"


def event_when(event):
    return date_format(localtime(event.start), "j F Y, H:i") if event.start else ""


def news_date(news):
    return date_format(news.date, "j F Y") if news.date else ""


def lesson_kind(lesson):
    return lesson.get_kind_display()


SEARCH_TYPES = [
    PageType(
        "lessen",
        _("Lessons and successes"),
        "title",
        ("intro",),
        describe=lesson_kind,
        model="atlas.LessonPage",
    ),
    PageType("agenda", _("Events"), "title", ("intro",), describe=event_when, model="agenda.EventPage"),
    PageType("nieuws", _("News"), "title", ("intro",), describe=news_date, model="atlas.NewsPage"),
    PageType("verhalen", _("Stories"), "title", ("intro",), model="stories.StoryPage"),
    ModelType(
        "partijen",
        _("Parties"),
        "name",
        ("summary", "description"),
        only=("id", "name", "slug", "kind", "summary"),
        describe=lambda org: org.get_kind_display(),
        queryset=organisations,
    ),
    ModelType(
        "aanspreekpunten",
        _("Contact persons"),
        "name",
        ("function", "approach_for"),
        only=("id", "name", "function", "organisation__id", "organisation__name"),
        describe=lambda contact: f"{contact.function}, {contact.organisation.name}",
        queryset=contact_points,
        url_of=contact_point_url,
    ),
    ModelType(
        "instrumenten",
        _("Policy instruments"),
        "name",
        ("summary", "description"),
        only=("id", "name", "slug", "owner__id", "owner__name"),
        describe=lambda instrument: instrument.owner.name,
        queryset=instruments,
    ),
    ModelType(
        "deals",
        _("Deals"),
        "title",
        ("goal", "idea"),
        only=("id", "title", "slug", "status", "seeking_partners"),
        describe=lambda deal: deal.get_status_display(),
        queryset=public_deals,
    ),
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
    ),
    PageType("paginas", _("Pages"), "title", ("intro",), model="atlas.StandardPage"),
]


def search_types():
    return SEARCH_TYPES


def search_type(key):
    """The type with ``key``, or None."""
    return next((entry for entry in SEARCH_TYPES if entry.key == key), None)
