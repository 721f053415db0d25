"""What every ``/api/`` path shares, before any view runs: the anonymous rate limit (429 with
``Retry-After``), CORS open for reading (``GET``, ``HEAD`` and their preflight) and a JSON 400 for a
control character in the query string (the site's ``InputBoundsMiddleware`` would answer with its HTML
page). The API has no sign-in: every client is limited by its address (``allauth``'s
``get_client_ip``, which honours ``TRUSTED_PROXY_COUNT``/``TRUSTED_CLIENT_IP_HEADER``)."""

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from reisgids.middleware import InputBoundsMiddleware
from reisgids.ratelimits import hit_window

PREFIX = "/api/"
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Accept, Accept-Language, If-None-Match, If-Modified-Since",
    "Access-Control-Expose-Headers": "ETag, Last-Modified, Retry-After, Content-Language",
    "Access-Control-Max-Age": "86400",
}


def rate_limit():
    """(requests, seconds): ``API_RATE_LIMIT`` in the settings (from the environment), default 120 a
    minute per client address."""
    return getattr(settings, "API_RATE_LIMIT", (120, 60))


def client_ip(request):
    try:
        return get_adapter(request).get_client_ip(request)
    except Exception:  # noqa: BLE001 - a malformed forwarded header: fall back to the peer
        return request.META.get("REMOTE_ADDR", "")


class ApiMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(PREFIX):
            return self.get_response(request)
        response = self.answer(request)
        for header, value in CORS_HEADERS.items():
            response[header] = value
        return response

    def answer(self, request):
        if request.method == "OPTIONS":
            return HttpResponse(status=204)
        limit, window = rate_limit()
        wait = hit_window(kind="api", ident=client_ip(request), limit=limit, window=window)
        if wait:
            response = JsonResponse(
                {"detail": _("Too many requests. Try again in %(seconds)s seconds.") % {"seconds": wait}},
                status=429,
            )
            response["Retry-After"] = str(wait)
            return response
        if InputBoundsMiddleware.problem(request):
            return JsonResponse({"detail": _("The request holds a control character.")}, status=400)
        return self.get_response(request)
