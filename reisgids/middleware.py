"""Two-factor authentication is required for everyone who can use the Wagtail admin; the site's
language; bounds on every request."""

import logging

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import resolve_url
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.cache import patch_cache_control

from reisgids.caching import fill_slots
from reisgids.pages import request_scope
from reisgids.roles import may_use_admin
from reisgids.userinput import has_control_characters
from reisgids.views import bad_request

logger = logging.getLogger(__name__)

ADMIN_PREFIX = "/beheer/"
ADMIN_LOGIN_PATHS = (f"{ADMIN_PREFIX}login/",)


def user_has_mfa(user):
    if not user.is_authenticated:
        return False
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


class AdminRequiresMFAMiddleware:
    """Guard /beheer/:

    - not signed in: to the site's (allauth) login, which asks for the TOTP code when set up,
      and back to the admin page afterwards. Wagtail's own login form is never used;
    - signed in with admin access but without an authenticator app: 403 with guidance in
      Dutch and a link to set it up;
    - signed in without admin access: 403 (the site's "Geen toegang" page). Wagtail would send
      them to its login, which is the allauth login, which sends a signed-in user straight back:
      a redirect loop.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(ADMIN_PREFIX):
            return self.get_response(request)
        user = request.user
        if not user.is_authenticated:
            if request.path in ADMIN_LOGIN_PATHS:
                next_url = request.GET.get("next") or ADMIN_PREFIX
            else:
                next_url = request.get_full_path()
            return redirect_to_login(next_url, resolve_url(settings.LOGIN_URL))
        if not may_use_admin(user):
            raise PermissionDenied
        if not user_has_mfa(user):
            return TemplateResponse(request, "reisgids/mfa_required.html", {}, status=403).render()
        return self.get_response(request)


class SiteLanguageMiddleware:
    """The address decides the language: English under ``/en/``, Dutch everywhere else (see
    ``reisgids.urls``). Neither a cookie nor the browser's Accept-Language is consulted, and nobody
    is redirected: a Dutch municipal site speaks Dutch to everyone who has not opened an English
    address, and every address shows the same page to everyone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        translation.activate(translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


class RequestScopeMiddleware:
    """What the page lists of one request share (``reisgids.pages``) lives as long as the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_scope():
            return self.get_response(request)


class InputBoundsMiddleware:
    """A request whose body is larger than ``REQUEST_BODY_MAX_SIZE`` (by its Content-Length, files
    included: Django bounds only the rest, with ``DATA_UPLOAD_MAX_MEMORY_SIZE``), or whose address or
    query string holds a control character (see ``reisgids.userinput``), is refused before any view
    runs: the site's 400 page (``reisgids.views.bad_request``) and one line in the log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = self.problem(request)
        if problem:
            logger.warning("Bad request refused (%s): %r", problem, request.path_info[:200])
            return bad_request(request, None)
        return self.get_response(request)

    @staticmethod
    def problem(request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.REQUEST_BODY_MAX_SIZE:
            return "body larger than REQUEST_BODY_MAX_SIZE"
        if has_control_characters(request.path_info) or any(
            has_control_characters(key) or any(has_control_characters(value) for value in values)
            for key, values in request.GET.lists()
        ):
            return "control character in the address or query string"
        return None


# Features no page of the site uses. ("interest-cohort", FLoC's, is gone from browsers, which warn
# about it; "browsing-topics" is its successor.)
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer", "browsing-topics", "camera", "display-capture", "geolocation", "gyroscope",
        "magnetometer", "microphone", "midi", "payment", "usb",
    )
)  # fmt: skip
# Pages that belong to one person whoever asks: the account pages, the notifications, the admins.
PERSONAL_PREFIXES = ("/accounts/", "/meldingen/", ADMIN_PREFIX, "/django-admin/")


def is_personal(request, response):
    """Whether ``response`` is meant for this visitor only: anything for a signed-in user, the
    personal sections, answers to a form (any method but GET/HEAD) and responses that set the session
    cookie. Anonymous pages (those in the page cache among them) are none of these."""
    user = getattr(request, "user", None)  # absent when whitenoise answered before authentication
    return (
        request.path.startswith(PERSONAL_PREFIXES)
        or request.method not in ("GET", "HEAD")
        or settings.SESSION_COOKIE_NAME in response.cookies
        or (user is not None and user.is_authenticated)
    )


class PrivacyHeadersMiddleware:
    """Every response says no page may use the camera, microphone, location and the like
    (``Permissions-Policy``); a response for one person that set no ``Cache-Control`` of its own gets
    ``private, no-store``, so no shared cache nor the browser's back button keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if "Cache-Control" not in response.headers and is_personal(request, response):
            patch_cache_control(response, private=True, no_store=True)
        return response


class PersonalPartsMiddleware:
    """Fill the personal parts of a page (``reisgids.caching.slot``: the user menu, buttons, edit
    links, reply and report links) for this request. Outside the page cache, so a kept page and a
    cached fragment hold the placeholders and every response gets the visitor's own parts."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
            return response
        content = response.content
        filled = fill_slots(request, content)
        if filled is not content:
            response.content = filled
        return response
