"""Request set-up for the Wagtail pages."""

from wagtail import views as wagtail_views

from atlas import pagecache
from atlas.caching import cached_site


class CachedSiteMiddleware:
    """Give Wagtail's page view the request's site from the cache (``atlas.caching.
    cached_site``): Wagtail's ``Site.find_for_request`` uses what it finds on ``request._wagtail_site``.
    Only for requests that Wagtail's page view serves; Django views and the admin are left alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is wagtail_views.serve:
            request._wagtail_site = cached_site(request)
        return None


class AnonymousPageCacheMiddleware:
    """Whole pages of the site tree from the page cache (``atlas.pagecache``), for every visitor:
    the personal parts are slots, filled outside it. Innermost but for ``CachedSiteMiddleware`` (which leaves
    responses alone), so what it keeps is the page view's own response and what it serves passes
    through every other middleware (security headers, CSP, the CSRF cookie, the language) like a
    rendered page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        key = getattr(request, pagecache.REQUEST_KEY_ATTRIBUTE, None)
        if key is not None and pagecache.storable(request, response):
            pagecache.store(key, response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_views.serve:
            return None
        key = pagecache.page_key(request)
        if key is None:
            return None
        response = pagecache.cached_response(request, key)
        if response is None:
            setattr(request, pagecache.REQUEST_KEY_ATTRIBUTE, key)
        return response
