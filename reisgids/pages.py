"""Querysets of Wagtail pages shared by the apps that list them."""

from contextlib import contextmanager
from contextvars import ContextVar

from wagtail.models import PageViewRestriction

# What the lists of one request share, kept while it runs (``request_scope``, entered by
# ``reisgids.middleware.RequestScopeMiddleware``) and gone after it; None outside a request.
_scope = ContextVar("reisgids_pages_scope", default=None)


@contextmanager
def request_scope():
    token = _scope.set({})
    try:
        yield
    finally:
        _scope.reset(token)


def _restricted_pages():
    """The roots of the private sections. Wagtail's ``PageQuerySet.public()`` reads them anew on every
    call: one query for each list on a page that shows several (the home page shows four); within a
    request they are read once."""
    scope = _scope.get()
    if scope is not None and "restricted" in scope:
        return scope["restricted"]
    restricted = [restriction.page for restriction in PageViewRestriction.objects.select_related("page")]
    if scope is not None:
        scope["restricted"] = restricted
    return restricted


def public(pages):
    """``pages.public()``: the pages of the queryset ``pages`` outside every private section."""
    private = None
    for page in _restricted_pages():
        section = pages.descendant_of_q(page, inclusive=True)
        private = section if private is None else private | section
    return pages if private is None else pages.exclude(private)
