"""Querysets of Wagtail pages shared by the apps that list them."""

from asgiref.local import Local
from django.core.signals import request_finished, request_started
from django.db.models import Q
from wagtail.models import PageViewRestriction

# The private sections, read once per request: Wagtail's ``PageQuerySet.public()`` reads them anew on
# every call, one query for each list on a page that shows several (the home page shows four).
_request = Local()


def _start(**kwargs):
    _request.restrictions = None


def _finish(**kwargs):
    _request.__dict__.pop("restrictions", None)


request_started.connect(_start, dispatch_uid="reisgids.pages.start")
request_finished.connect(_finish, dispatch_uid="reisgids.pages.finish")


def _restricted_pages():
    def load():
        return [restriction.page for restriction in PageViewRestriction.objects.select_related("page")]

    if not hasattr(_request, "restrictions"):  # outside a request (a task, the shell): no memo
        return load()
    if _request.restrictions is None:
        _request.restrictions = load()
    return _request.restrictions


def public(pages):
    """``pages.public()``: the pages of the queryset ``pages`` outside every private section."""
    private = Q()
    for page in _restricted_pages():
        private |= pages.descendant_of_q(page, inclusive=True)
    return pages.exclude(private) if private else pages
