"""Request set-up for the Wagtail pages."""

from wagtail import views as wagtail_views

from reisgids.atlas.caching import cached_site


class CachedSiteMiddleware:
    """Give Wagtail's page view the request's site from the cache (``reisgids.atlas.caching.
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
