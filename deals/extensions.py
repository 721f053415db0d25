"""How the apps above ``deals`` (``residence``, ``schouw``, ``kompas``) take part in a deal without
``deals`` importing them (DESIGN.md §3: a lower app offers a registry, it never imports upward).
Each app registers from its own ``AppConfig.ready()`` (its ``discovery.py``); registering the same
key again replaces the entry.

- **Step guards** (``register_step_guard``): before any step of a deal is taken (``DEAL_STEPS``,
  ``deals.services._step``), every guard is asked ``guard(deal, transition)`` and returns the
  reasons (Dutch, already translated) why this step may not be taken now; any reason refuses the
  step with those messages. A handrem in ``residence`` refuses every step; ``schouw`` refuses
  "afgerond" without a published report. The trekker's "next step" block on the deal page shows
  the same reasons beside the steps it offers; ``namespaces`` are the cache namespaces of what a
  guard reads besides the deal, so a change there renews that block.
- **Deal page sections** (``register_deal_section``): blocks a higher app adds to the deal page
  (a residency, a published schouw report): ``render(request, access)`` returns the section's HTML
  for this viewer (``access`` is the ``deals.selectors.DealAccess`` the page was built with, so a
  section shows private things only when ``access.is_partner``), or "" to show nothing. A section
  keeps its query count constant and keeps what every viewer shares in the fragment cache itself
  (``reisgids.caching.fragment``). Anonymous visitors get the whole deal page from the cache:
  ``namespaces`` are the cache namespaces of what the section shows besides the deal, so a change
  there renews that page (or its models bump the deals' namespace).
- **Evaluation inputs** (``register_evaluation_input``): what one app hands to an evaluation of
  the deal, e.g. the residency summary that the schouw shows in its first phase:
  ``provider(deal, start, end)`` returns a list of ``EvaluationInput`` (title and URL of a page
  for the deal's partners) for that period.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class EvaluationInput:
    title: str
    url: str
    summary: str = ""  # plain text, one or two sentences


STEP_GUARDS = {}
STEP_GUARD_NAMESPACES = {}
DEAL_SECTIONS = {}
EVALUATION_INPUTS = {}


@dataclass(frozen=True)
class DealSection:
    key: str
    render: object  # callable(request, access) -> HTML (safe) or ""
    namespaces: tuple = ()
    order: int = 100


def register_deal_section(key, *, render, namespaces=(), order=100):
    DEAL_SECTIONS[key] = DealSection(key, render, tuple(namespaces), order)


def _sections():
    return sorted(DEAL_SECTIONS.values(), key=lambda section: (section.order, section.key))


def deal_sections(request, access):
    """The rendered sections of the deal page for this viewer, in order, empty ones left out."""
    return [html for html in (section.render(request, access) for section in _sections()) if html]


def section_namespaces():
    """The cache namespaces the registered sections show, in order, each once."""
    return tuple(dict.fromkeys(name for section in _sections() for name in section.namespaces))


def register_step_guard(key, guard, *, namespaces=()):
    """``guard(deal, transition)`` -> list of reasons (translated strings) the step is refused."""
    STEP_GUARDS[key] = guard
    STEP_GUARD_NAMESPACES[key] = tuple(namespaces)


def step_guard_namespaces():
    """The cache namespaces the registered guards read, each once."""
    return tuple(
        dict.fromkeys(name for key in sorted(STEP_GUARDS) for name in STEP_GUARD_NAMESPACES.get(key, ()))
    )


def step_refusals(deal, transition):
    """Every reason a registered guard gives why ``transition`` may not be taken on ``deal`` now."""
    reasons = []
    for key in sorted(STEP_GUARDS):
        reasons.extend(STEP_GUARDS[key](deal, transition))
    return reasons


def register_evaluation_input(key, provider):
    """``provider(deal, start, end)`` -> list of ``EvaluationInput``."""
    EVALUATION_INPUTS[key] = provider


def evaluation_inputs(deal, start=None, end=None):
    found = []
    for key in sorted(EVALUATION_INPUTS):
        found.extend(EVALUATION_INPUTS[key](deal, start, end))
    return found


# --- register filters ------------------------------------------------------------------------------
# A filter of the deal register that a higher app adds (``residence``: "met partner in residence"):
# ``register_deal_filter(name, factory)``, ``factory()`` returns a new django-filter ``Filter`` (with a
# callable ``method`` that filters the register's queryset); ``deals.filters.DealFilter`` adds it to its
# form after its own filters, in the order of the names.

DEAL_FILTERS = {}


def register_deal_filter(name, filter_factory):
    DEAL_FILTERS[name] = filter_factory


def deal_filters():
    """(name, new Filter) for every registered register filter, by name."""
    return [(name, DEAL_FILTERS[name]()) for name in sorted(DEAL_FILTERS)]


# --- what stands behind a welcome theme -------------------------------------------------------------


@dataclass(frozen=True)
class WelcomeReason:
    title: str
    url: str


@dataclass(frozen=True)
class WelcomeSource:
    key: str
    provider: object  # callable(theme_ids) -> {theme_id: [WelcomeReason, ...]}
    namespaces: tuple = ()


WELCOME_SOURCES = {}


def register_welcome_source(key, provider, *, namespaces=()):
    WELCOME_SOURCES[key] = WelcomeSource(key, provider, tuple(namespaces))


def welcome_reasons(theme_ids):
    """``{theme_id: [WelcomeReason, ...]}`` of every registered source, in the order of the keys."""
    found = {}
    if not theme_ids:
        return found
    for key in sorted(WELCOME_SOURCES):
        for theme_id, reasons in WELCOME_SOURCES[key].provider(theme_ids).items():
            found.setdefault(theme_id, []).extend(reasons)
    return found


def welcome_namespaces():
    return tuple(dict.fromkeys(name for source in WELCOME_SOURCES.values() for name in source.namespaces))
