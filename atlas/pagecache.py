"""Whole pages of the site tree, for every visitor, signed in or not.

Every page Wagtail serves is the same for all visitors, given the host, the
path with its query string, the language and the data it shows. So the response is kept in Redis,
keyed on all of those: the data by the current version of every namespace a page of the tree can
show (``reisgids.caching.page_namespaces()``: every namespace an app registered as shown on pages of
the tree; any write bumps one of them, see the registry in ``reisgids.caching``), plus the
hour, because upcoming events move with the clock. A hit skips Wagtail's site and page lookup, its
view-restriction checks and the template, which together cost several milliseconds.

What differs per visitor is in slots (``reisgids.caching.slot``): the header's user menu with the
unread count, a story's comment form and the reply, edit and report links of its comments. The
page is kept with the placeholders and ``reisgids.middleware.PersonalPartsMiddleware`` (outside this
cache) fills them for each request, on a hit as on a miss. So a page template of the tree must show
nothing that depends on the visitor outside a slot (``tests/test_shared_pages.py`` checks every page
type signed in and not, in both orders).

What is never kept or served from here: other methods than GET, Wagtail previews,
requests with a message waiting to be shown, any response other than a plain 200, a response that
sets a cookie of its own or uses a CSP nonce, and any page that has a view restriction on itself or
an ancestor (adding or removing a restriction bumps ``"atlas"``, so a kept page cannot outlive a new
restriction). When the versions cannot be read (Redis down, see ``reisgids.redis_cache``) every page is
rendered and nothing is kept.

The CSRF token of any form on such a page is kept as a slot too
(``reisgids.caching.without_csrf_tokens``), filled with this visitor's token on every hit."""

import hashlib

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone, translation

from reisgids.caching import lookup, page_namespaces, versions_key, without_csrf_tokens
from reisgids.pages import is_public

PAGE_TIMEOUT = 60 * 60
# Response attributes that django-csp reads on the way out (a story's player host in frame-src).
CSP_ATTRIBUTES = ("_csp_update", "_csp_replace", "_csp_exempt", "_csp_config")
REQUEST_KEY_ATTRIBUTE = "_atlas_page_cache_key"


def _has_messages(request):
    """A message waiting to be shown (e.g. "You have signed out" on the home page) is part of the
    page: such a request is rendered. Looking does not consume the messages."""
    return len(get_messages(request)) > 0


PREFETCHED_ATTRIBUTE = "_atlas_page_cache_prefetched"


def page_key(request):
    """This request's key in the page cache, or None when its page must not come from there.

    The key holds the current versions of the page namespaces; they and the page are read in one
    round trip while they have not changed since this process last read them (``reisgids.caching.
    lookup``). What was found is kept on the request for ``cached_response``."""
    if request.method != "GET" or getattr(request, "is_preview", False):
        return None
    if _has_messages(request):
        return None
    where = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(where.encode()).hexdigest()[:40]
    hour = timezone.now().strftime("%Y%m%d%H")
    language = translation.get_language()
    key, stored = lookup(
        page_namespaces(), lambda versions: f"atlas:page:{language}:{versions_key(versions)}:{hour}:{digest}"
    )
    if key is None:  # the cache is unavailable: the page is rendered and not kept
        return None
    setattr(request, PREFETCHED_ATTRIBUTE, (key, stored))
    return key


def cached_response(request, key):
    """The kept response for ``key`` (its slots are filled on the way out), or None."""
    prefetched = getattr(request, PREFETCHED_ATTRIBUTE, None)
    stored = prefetched[1] if prefetched is not None and prefetched[0] == key else cache.get(key)
    if stored is None:
        return None
    content, headers, csp = stored
    response = HttpResponse(content)
    for name, value in headers.items():
        response[name] = value
    for name, value in csp.items():
        setattr(response, name, value)
    return response


def _page_of(response):
    context = getattr(response, "context_data", None) or {}
    return context.get("page")


def storable(request, response):
    """Whether the response Wagtail gave this request may be served to everyone."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if _has_messages(request):
        return False
    if getattr(request, "_csp_nonce", None) is not None:  # a CSP nonce is per response (django-csp)
        return False
    page = _page_of(response)
    if page is None:
        return False
    return is_public(page)  # a private page's response is never kept for everyone


def store(key, response):
    content = without_csrf_tokens(response.content)
    headers = {name: value for name, value in response.headers.items() if name.lower() != "content-length"}
    csp = {name: getattr(response, name) for name in CSP_ATTRIBUTES if hasattr(response, name)}
    cache.set(key, (content, headers, csp), PAGE_TIMEOUT)
