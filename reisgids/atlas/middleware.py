"""Request set-up for the Wagtail pages."""

from reisgids.atlas.caching import cached_site

UNCACHED_PREFIXES = ("/beheer/", "/static/", "/media/")


class CachedSiteMiddleware:
    """Give Wagtail the request's site from the cache (``reisgids.atlas.caching.cached_site``):
    Wagtail's ``Site.find_for_request`` uses what it finds on ``request._wagtail_site``. The admin
    keeps Wagtail's own lookup."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(UNCACHED_PREFIXES):
            request._wagtail_site = cached_site(request)
        return self.get_response(request)
