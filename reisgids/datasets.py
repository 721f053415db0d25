"""The open-data registry: every public register that the site publishes as open data.

An app registers each of its registers from its own ``discovery.py`` (``AppConfig.ready()``) with
``register_dataset(Dataset(...))``; the portal's ``opendata`` app reads this registry and serves every
dataset, without naming an app, as

- a read-only API resource under ``/api/v1/<key>/`` (list with the page's filters and pagination, and
  one row by its ``lookup``), described in the OpenAPI document,
- downloads on ``/open-data/``: CSV (``;``, a byte order mark, formula cells escaped, headers in the
  request's language, codes written out), XLSX and JSON, all streamed,
- an entry of the DCAT catalogue.

So a new app (residence, schouw, kompas) joins the API, the downloads and the catalogue by
registering, without an edit in ``opendata``. The kernel cannot import the portal, so the registry lives
here. Registering the same key again replaces the entry (``ready()`` may run more than once in tests).

A dataset's ``rows()`` returns the rows any visitor may see, through the same permission-aware
selector as the public page (``deal_register()``, ``story_public()``…), ordered, with what the fields
read prefetched, so a page of the API or a chunk of a download costs a fixed number of queries.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _

CC0 = "https://creativecommons.org/publicdomain/zero/1.0/"
CC0_TITLE = "CC0 1.0"

# DCAT frequencies (EU vocabulary), with a Dutch label through gettext.
FREQUENCIES = {
    "continuous": (
        "http://publications.europa.eu/resource/authority/frequency/UPDATE_CONT",
        _("Continuously"),
    ),
    "daily": ("http://publications.europa.eu/resource/authority/frequency/DAILY", _("Daily")),
    "weekly": ("http://publications.europa.eu/resource/authority/frequency/WEEKLY", _("Weekly")),
    "irregular": ("http://publications.europa.eu/resource/authority/frequency/IRREG", _("Irregularly")),
}


@dataclass(frozen=True)
class Field:
    """One column of a dataset. ``get(row)`` gives the value for JSON and the API (codes stay codes);
    ``display(value)`` writes it out for CSV and XLSX (a code as its label, a list joined). ``type``
    is the Python type the API's schema declares (``str``, ``int``, ``bool``, ``datetime.date``,
    ``list[str]``, a ``Literal`` of codes, a pydantic model…)."""

    name: str
    label: Any  # lazy: the column header, in the request's language
    get: Any  # callable(row) -> value
    type: Any = str
    display: Any = None  # callable(value) -> cell text; default: see ``cell()``
    nullable: bool = False

    def cell(self, value):
        if self.display is not None:
            return self.display(value)
        return display_value(value)


def display_value(value):
    """A value as a spreadsheet cell: lists joined with "; ", booleans as Ja/Nee, dates in ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    if isinstance(value, list | tuple):
        return "; ".join(str(display_value(item)) for item in value)
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


def choice_field(name, label, choices, *, attribute=None, nullable=False):
    """A field holding one code of ``choices`` (a ``TextChoices``): the API gives the code (an enum in
    the schema), CSV and XLSX the label."""
    from typing import Literal

    attribute = attribute or name
    labels = dict(choices.choices)
    codes = tuple(choices.values)
    return Field(
        name,
        label,
        lambda row: getattr(row, attribute),
        type=Literal[codes],
        display=lambda value: str(labels.get(value, value)) if value else "",
        nullable=nullable,
    )


def names_field(name, label, relation, attribute="name"):
    """The names of a prefetched many-to-many (``themes``, ``areas``…) as a list."""
    return Field(name, label, lambda row: [getattr(item, attribute) for item in getattr(row, relation).all()],
                 type=list[str])  # fmt: skip


# --- fields that many datasets share ---------------------------------------------------------------


def site_url(path):
    return settings.SITE_URL + path


def page_path(page):
    """A page's public path: its ``url_path`` without the site root's own segment (one site)."""
    return "/" + page.url_path.split("/", 2)[2]


def id_field():
    return Field("id", _("Number"), lambda row: row.pk, type=int)


def slug_field():
    return Field("slug", _("Slug"), lambda row: row.slug)


def name_field(label=None):
    return Field("name", label or _("Name"), lambda row: row.name)


def url_field(get):
    return Field("url", _("Web address"), lambda row: site_url(get(row)))


def datetime_field(name, label, attribute=None):
    attribute = attribute or name
    return Field(
        name, label, lambda row: getattr(row, attribute), type=datetime.datetime | None, nullable=True
    )


def date_field(name, label, attribute=None):
    attribute = attribute or name
    return Field(name, label, lambda row: getattr(row, attribute), type=datetime.date | None, nullable=True)


def text_field(name, label, attribute=None):
    attribute = attribute or name
    return Field(name, label, lambda row: getattr(row, attribute) or "")


def page_fields(*extra):
    return (
        id_field(),
        Field("title", _("Title"), lambda row: row.title),
        slug_field(),
        *extra,
        url_field(page_path),
        datetime_field("published_at", _("Published at"), attribute="first_published_at"),
    )


@dataclass(frozen=True)
class Dataset:
    key: str  # URL segment: /api/v1/<key>/, /open-data/<key>.csv
    title: Any  # lazy
    description: Any  # lazy
    rows: Any  # callable() -> ordered QuerySet of the public rows
    fields: tuple
    lookup: str = "slug"  # the field that names one row in /api/v1/<key>/<lookup>/
    lookup_type: Any = str
    filterset: Any = None  # the page's FilterSet class: its filters are the API's query parameters
    namespaces: tuple = ()  # reisgids.caching namespaces of what it shows: the API's ETag
    updated: str | None = None  # a field of the rows that dates their last change: Last-Modified
    frequency: str = "continuous"
    licence: str = CC0
    keywords: tuple = ()
    page_url: str = ""  # the public page of the register on the site
    chunk_size: int = 500
    order: int = 100
    extra: dict = field(default_factory=dict)

    def record(self, row):
        return {f.name: f.get(row) for f in self.fields}


DATASETS = {}


def register_dataset(dataset):
    DATASETS[dataset.key] = dataset
    return dataset


def datasets():
    return sorted(DATASETS.values(), key=lambda d: (d.order, d.key))


def dataset(key):
    return DATASETS.get(key)
