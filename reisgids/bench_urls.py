"""URLs for ``manage.py bench`` only: the site's own URLs plus the "floor" view. The bench runs with
``ROOT_URLCONF="reisgids.bench_urls"``; the live site never loads this module."""

from django.http import HttpResponse
from django.urls import path

from reisgids import urls as site_urls


def floor(request, size):
    """No queries, no template: a response of ``size`` bytes through the same middleware stack."""
    return HttpResponse(b"x" * size, content_type="text/html; charset=utf-8")


# The site's patterns themselves, not include()d: they hold i18n_patterns, which Django allows only
# in the root URLconf.
handler400 = site_urls.handler400
urlpatterns = [
    path("__bench__/floor/<int:size>/", floor, name="bench_floor"),
    *site_urls.urlpatterns,
]
