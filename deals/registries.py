"""What other apps add to a deal page. A higher app plugs in from its ``AppConfig.ready()``:

    register_deal_page_section("residence", render=render_residence, namespaces=("residence",))

``render(request, access)`` returns the section's HTML (safe, rendered from a template) for this
viewer; ``access`` is the viewer's ``deals.selectors.DealAccess`` (``access.deal`` the deal, with
its partners). It runs on every signed-in request, so it keeps the part every viewer shares in the
fragment cache itself (``reisgids.caching.fragment``) and must not query per partner or per row.
Anonymous visitors get the whole page from the cache: ``namespaces`` are what the section shows
besides the deal, so a change there renews that page."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DealPageSection:
    name: str
    render: Callable
    namespaces: tuple = ()
    order: int = 100


_SECTIONS = {}


def register_deal_page_section(name, render, *, namespaces=(), order=100):
    _SECTIONS[name] = DealPageSection(name, render, tuple(namespaces), order)


def deal_page_sections():
    """The registered sections, in their order (below the deal's own content)."""
    return sorted(_SECTIONS.values(), key=lambda section: (section.order, section.name))
