"""What the portal shows of every app, registered by each app from its own ``AppConfig.ready()``.

The portal (the home page, ``/zoeken/``, ``/sitemap.xml``, the feed links in the head of a page) reads
these registries and never names an app, so a new app plugs in by registering, without an edit in
the portal, and a lower app (``deals``) can register without importing a higher one (``atlas``,
``sitesearch``). Each app keeps its registrations in its ``discovery.py``. Two more registries of
the same kind live next to their users: the page cache's namespaces (``reisgids.caching.
register_namespace(..., on_pages=True)``) and the sections of "download my data"
(``reisgids.accounts.exports.register_export_section``).

Registering the same key again replaces the entry (``ready()`` may run more than once in tests).
Lists come out ordered by ``order``, then by key.
"""

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from functools import cache, cached_property
from urllib.parse import quote

from django.apps import apps
from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


def _ordered(entries):
    return sorted(entries.values(), key=lambda entry: (entry.order, entry.key))


# --- home page blocks -----------------------------------------------------------------------------


@dataclass(frozen=True)
class HomeBlock:
    """A block on the home page: ``template`` renders it with ``items`` (what ``items()`` returned,
    read only when the home page's cached fragment is rendered); an empty block is left out by its
    template. ``namespaces`` are the cache namespaces (``reisgids.caching``) of what it shows."""

    key: str
    template: str
    items: object  # callable() -> list
    namespaces: tuple = ()
    order: int = 100


HOME_BLOCKS = {}


def register_home_block(key, *, template, items, namespaces=(), order=100):
    HOME_BLOCKS[key] = HomeBlock(key, template, items, tuple(namespaces), order)


def home_blocks():
    return _ordered(HOME_BLOCKS)


# --- agenda items from other apps ---------------------------------------------------------------
# The agenda (``/agenda/``) shows its own event pages and, below them, what other apps register here:
# e.g. the public side activities of a partner in residence (``residence``). ``items()`` returns a
# list of ``AgendaItem`` that have not started yet, soonest first; ``namespaces`` are the cache
# namespaces of what it shows (registered with ``on_pages=True``, so the agenda's page cache keys on them).


@dataclass(frozen=True)
class AgendaItem:
    title: str
    start: object  # an aware datetime
    place: str
    url: str
    kind: str = ""  # what it is, in words ("Workshop")
    organiser: str = ""


@dataclass(frozen=True)
class AgendaSource:
    key: str
    items: object  # callable() -> list of AgendaItem
    namespaces: tuple = ()
    order: int = 100


AGENDA_SOURCES = {}


def register_agenda_source(key, *, items, namespaces=(), order=100):
    AGENDA_SOURCES[key] = AgendaSource(key, items, tuple(namespaces), order)


def agenda_items():
    """The upcoming items of every registered source, soonest first."""
    found = []
    for source in _ordered(AGENDA_SOURCES):
        found.extend(source.items())
    return sorted(found, key=lambda item: item.start)


# --- search types ---------------------------------------------------------------------------------
# One ``SearchType`` per kind of result of the site-wide search (``/zoeken/``): its key (``?type=``),
# a Dutch label (the facet and the heading of its group), the queryset of what any visitor may see,
# the field shown as title, the fields of the highlighted snippet and optionally a short line of
# facts. The search runs through Wagtail's search backend on that queryset, so a result is never
# something the visitor could not open. The model needs ``index.Indexed`` with ``search_fields``.


class SearchContext:
    """What every type of one search shares: the paths of pages with a view restriction (one query,
    only when a page type is searched; Wagtail's ``public()`` would query them once per type)."""

    @cached_property
    def restricted_paths(self):
        from wagtail.models import PageViewRestriction

        return list(PageViewRestriction.objects.values_list("page__path", flat=True))

    @cached_property
    def site_root_paths(self):
        """Wagtail's site root paths, read once for every page found: without a request, each
        ``page.url`` would read them from the cache again (a round trip per hit)."""
        from wagtail.models import Site

        return Site.get_site_root_paths()


@dataclass(frozen=True)
class SearchType(ABC):
    key: str
    label: str
    title_field: str
    text_fields: tuple
    only: tuple = ()
    describe: object = None  # callable(obj) -> str, a short line under the title
    order: int = 100

    @abstractmethod
    def get_queryset(self, context):
        """The rows of this type that ``context`` (query, user) may find."""

    @abstractmethod
    def get_model(self):
        """The model searched."""

    def url(self, obj):
        return obj.get_absolute_url()

    def statement_key(self, context):
        """What the rows this type may find for ``context`` depend on, when that is known without
        building the queryset (the search keeps its compiled statement under it; see
        ``sitesearch.selectors._statement``); None: the search compiles the queryset to find out."""
        return None

    def prepare(self, rows, context):
        """Make ready what ``url`` and ``facts`` read of ``rows`` (the hits of one search); by
        default there is nothing to make ready."""
        return rows

    def facts(self, obj):
        return self.describe(obj) if self.describe else ""


@cache
def _model_of(selector):
    """The model of the rows ``selector`` returns (building its queryset once, not on every search)."""
    return selector().model


@dataclass(frozen=True)
class ModelType(SearchType):
    """A model shown through a selector of its app: ``queryset`` returns what visitors may see."""

    queryset: object = None
    url_of: object = field(default=None)

    def get_queryset(self, context):
        queryset = self.queryset().prefetch_related(None)
        return queryset.only(*self.only) if self.only else queryset

    def get_model(self):
        return _model_of(self.queryset)

    def statement_key(self, context):
        """The same rows for every visitor and every search: the selector takes no arguments and its
        statement holds only fixed values (no date, no ids read from the data; a test guards this),
        so the search keeps its compiled statement under the type itself instead of compiling the
        queryset on every search to find out (a millisecond or more a type)."""
        return ()

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

    def get_model(self):
        return apps.get_model(self.model)

    def statement_key(self, context):
        """Live pages of the model outside the restricted sections: nothing else varies."""
        return (self.model, tuple(context.restricted_paths))

    def prepare(self, rows, context):
        for page in rows:  # Wagtail's own per-object memo of the site root paths (Page.get_url)
            page._wagtail_cached_site_root_paths = context.site_root_paths
        return rows

    def url(self, obj):
        return obj.url


@dataclass(frozen=True)
class TextPage:
    """A page that is no row of a model (``/over/``, ``/wat-betekent/``): its title, address and
    plain text in the active language."""

    title: str
    url: str
    text: str


@dataclass(frozen=True)
class TextType:
    """Pages of text a view renders, searched in Python over their text in the active language
    (``sitesearch.selectors``): a handful of pages, no model and no index. ``pages`` returns
    ``TextPage`` objects."""

    key: str
    label: str
    pages: object  # callable() -> list[TextPage]
    describe: object = None  # callable(TextPage) -> str
    order: int = 100

    def facts(self, page):
        return self.describe(page) if self.describe else ""

    def get_model(self):
        return None  # nothing to index


SEARCH_TYPES = {}


def register_search_type(search_type):
    SEARCH_TYPES[search_type.key] = search_type


def search_types():
    return _ordered(SEARCH_TYPES)


def search_type(key):
    """The type with ``key``, or None."""
    return SEARCH_TYPES.get(key)


# --- sitemap sections -----------------------------------------------------------------------------
# Pages per sitemap: each is listed once per language (``atlas.seo``), 50,000 addresses in all.
SITEMAP_LIMIT = 25_000


class SectionSitemap(ABC):
    """One section of ``/sitemap.xml``: ``items()`` (a queryset in a stable order) and the URL of one
    of them, named ``url_name`` with the argument ``url_argument`` taken from the field of that name.
    Each address's last modification is the item's ``lastmod_field``. Only what anybody may see."""

    limit = SITEMAP_LIMIT
    url_name = ""
    url_argument = "slug"
    lastmod_field = "updated_at"

    def __init__(self, request):
        self.request = request

    @abstractmethod
    def items(self):
        """The queryset of what this section lists (only what anybody may see)."""

    def page_count(self):
        return max(1, -(-self.items().count() // self.limit))

    def entries(self, page):
        """(path, lastmod) of the addresses on ``page`` (from 1). Plain values, not model instances,
        and one ``reverse()`` in all: the URL is reversed once with a marker (a run of digits, which
        both the slug and the int path converters accept), replaced by each item's value."""
        marker = "987654321987654321"
        pattern = reverse(self.url_name, kwargs={self.url_argument: marker})
        start = (page - 1) * self.limit
        rows = self.items().values_list(self.url_argument, self.lastmod_field)[start : start + self.limit]
        return [(pattern.replace(marker, quote(str(value))), lastmod) for value, lastmod in rows]


class ViewSitemap(SectionSitemap):
    """A sitemap section of pages that are views, not rows (``/over/``, ``/wat-betekent/``): the URL
    names in ``url_names``, without arguments, and no last modification."""

    url_names = ()

    def items(self):
        return list(self.url_names)

    def page_count(self):
        return 1

    def entries(self, page):
        from reisgids.languages import dutch_path

        return [(dutch_path(reverse(name)), None) for name in self.url_names]


@dataclass(frozen=True)
class SitemapSection:
    key: str  # /sitemap-<key>.xml
    sitemap: type  # a SectionSitemap subclass
    order: int = 100


SITEMAP_SECTIONS = {}


def register_sitemap_section(key, sitemap, *, order=100):
    SITEMAP_SECTIONS[key] = SitemapSection(key, sitemap, order)


def sitemap_sections():
    """{key: SectionSitemap subclass}, in order."""
    return {section.key: section.sitemap for section in _ordered(SITEMAP_SECTIONS)}


# --- feed links -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class SectionFeed:
    section: str  # path of the section, e.g. "/nieuws/"
    title: str
    rss: str
    atom: str
    order: int = 100

    @property
    def key(self):
        return self.section


SECTION_FEEDS = {}


def register_section_feed(section, title, *, rss, atom, order=100):
    """Announce a section's feeds in the head of the section's pages (``<link rel="alternate">``)."""
    SECTION_FEEDS[section] = SectionFeed(section, title, rss, atom, order)


def section_feeds():
    return _ordered(SECTION_FEEDS)


def alternate_links(path, language=None):
    """``<link rel="alternate">`` tags for the feeds of the section ``path`` (its Dutch path) lies in
    (safe HTML); the home page advertises every section's feeds. With ``language``, the feeds'
    addresses in that language (the feeds are pages of both languages: ``/en/nieuws/feed/``)."""
    from reisgids.languages import path_in

    def address(feed_path):
        return path_in(feed_path, language) if language in dict(settings.LANGUAGES) else feed_path

    rows = []
    for feed in section_feeds():
        if path == "/" or path.startswith(feed.section):
            rows.append(("application/rss+xml", f"{feed.title} (RSS)", address(feed.rss)))
            rows.append(("application/atom+xml", f"{feed.title} (Atom)", address(feed.atom)))
    if not rows:
        return mark_safe("")
    return format_html(
        "\n  {}", format_html_join("\n  ", '<link rel="alternate" type="{}" title="{}" href="{}">', rows)
    )


# --- kompas figures -------------------------------------------------------------------------------
# Numbers the kompas report shows of apps that sit below ``kompas`` but that it does not import
# (``schouw``: reports published; ``residence``: residencies), filled by those apps from their own
# ``AppConfig.ready()``: ``provider(start, end)`` returns a number (or a list of (label, number)
# rows) for the period from ``start`` to ``end`` (dates, end exclusive). A figure nobody registered
# is simply absent from the report.


@dataclass(frozen=True)
class KompasFigure:
    key: str
    label: str
    provider: object  # callable(start, end) -> int | list[tuple[str, int]]
    order: int = 100


KOMPAS_FIGURES = {}


def register_kompas_figure(key, provider, *, label, order=100):
    KOMPAS_FIGURES[key] = KompasFigure(key, label, provider, order)


def kompas_figures():
    return _ordered(KOMPAS_FIGURES)


# --- the cycle on the home page -------------------------------------------------------------------
# The four steps of the cycle (deals → partner in residence → schouw → kompas, DESIGN §1) as the home
# page shows them: each app registers its own step with a title, one sentence, where it happens
# (``url()``, a callable so reversing waits until the URLconf is loaded) and live figures:
# ``figures()`` returns a list of (label, number) rows, one cheap query each, read only when the home
# page's cached fragment is rendered; ``namespaces`` are the cache namespaces the figures come from.
# ``step`` is the step's place in the cycle (1 to 4); more than one app may register for one step.


@dataclass(frozen=True)
class CycleStep:
    key: str
    step: int
    title: str
    description: str
    url: object  # callable() -> str
    figures: object = None  # callable() -> list of (label, int)
    namespaces: tuple = ()
    order: int = 100


CYCLE_STEPS = {}


def register_cycle_step(key, *, step, title, description, url, figures=None, namespaces=(), order=100):
    CYCLE_STEPS[key] = CycleStep(key, step, title, description, url, figures, tuple(namespaces), order)


def cycle_steps():
    """The registered steps, in the order of the cycle."""
    return sorted(CYCLE_STEPS.values(), key=lambda entry: (entry.step, entry.order, entry.key))


# --- the glossary ("Wat betekent…?") --------------------------------------------------------------
# Each app explains its own words: ``register_glossary_term("schouw", _("schouw"), _("…"))``. The page
# /wat-betekent/ lists them alphabetically with an anchor per key; ``{% term "schouw" %}``
# (``reisgids.templatetags.glossary``) links a word to its entry the first time a page uses it.
# ``url`` (optional, a callable) is where the thing happens on the platform.


@dataclass(frozen=True)
class GlossaryTerm:
    key: str
    term: str
    definition: str
    url: object = None  # callable() -> str, or None
    order: int = 100


GLOSSARY_TERMS = {}


def register_glossary_term(key, term, definition, *, url=None, order=100):
    GLOSSARY_TERMS[key] = GlossaryTerm(key, term, definition, url, order)


def glossary_terms():
    """Every registered term, alphabetically in the current language."""
    return sorted(GLOSSARY_TERMS.values(), key=lambda entry: str(entry.term).casefold())


def glossary_term(key):
    """The term registered as ``key``, or None."""
    return GLOSSARY_TERMS.get(key)


# --- where a lesson of the knowledge base comes from ---------------------------------------------


@dataclass(frozen=True)
class LessonOrigin:
    """What formulated a lesson (e.g. the published schouw report it came from): ``links(page_id)``
    returns ``[(title, url)]`` for the lesson page ``page_id``, in a fixed number of queries. What it
    links to must not change once the lesson is published (a published report does not)."""

    key: str
    links: object
    order: int = 100


LESSON_ORIGINS = {}


def register_lesson_origin(key, links, *, order=100):
    LESSON_ORIGINS[key] = LessonOrigin(key, links, order)


def lesson_origins(page_id):
    """``[(title, url)]``: what formulated the lesson page ``page_id``, from every registered origin."""
    return [link for origin in _ordered(LESSON_ORIGINS) for link in origin.links(page_id)]
