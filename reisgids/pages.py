"""Wagtail pages: querysets shared by the apps that list them, and the mixin that keeps a
translation at its Dutch page's path."""

from contextlib import contextmanager
from contextvars import ContextVar

from wagtail.models import Locale, Page, PageViewRestriction

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


def is_public(page):
    """Whether no view restriction holds for ``page``: it lies outside every private section (a
    restriction holds for its page and every page below it). From the sections the request already
    read (``_restricted_pages``), so no query when a list on the page read them; an alias asks
    Wagtail, which also applies the restrictions of the page it is an alias of."""
    if page.alias_of_id is not None:
        return not page.get_view_restrictions().exists()
    return not any(page.path.startswith(section.path) for section in _restricted_pages())


def public(pages):
    """``pages.public()``: the pages of the queryset ``pages`` outside every private section."""
    private = None
    for page in _restricted_pages():
        section = pages.descendant_of_q(page, inclusive=True)
        private = section if private is None else private | section
    return pages if private is None else pages.exclude(private)


class SameAddressInEveryLanguage:
    """Mixed into every page model before ``Page``: a translation keeps the slug of its Dutch page, so
    the two live at the same path (``/nieuws/x/`` and ``/en/nieuws/x/``), which the language switch
    and the hreflang alternates rely on (``reisgids.languages``). Wagtail's editor would otherwise
    rename an unpublished translation's slug after the English title it is given. Applied in both
    of Wagtail's validations before a save (``full_clean`` for live pages and revisions,
    ``minimal_clean`` for drafts), so ``save`` computes the address from the kept slug. Site roots
    (children of the tree's root) are left alone: their slugs are not part of any address."""

    def _keep_the_dutch_slug(self):
        if (self.depth or 0) <= 2 or not self.translation_key:
            return
        default = Locale.get_default()
        if self.locale_id in (None, default.pk):
            return
        slug = (
            Page.objects.filter(translation_key=self.translation_key, locale=default)
            .values_list("slug", flat=True)
            .first()
        )
        if slug:
            self.slug = slug

    def full_clean(self, *args, **kwargs):
        self._keep_the_dutch_slug()
        return super().full_clean(*args, **kwargs)

    def minimal_clean(self):
        self._keep_the_dutch_slug()
        return super().minimal_clean()
