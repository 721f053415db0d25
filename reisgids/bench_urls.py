"""URLs for ``manage.py bench`` only: the site's own URLs plus the "floor" view. The bench runs with
``ROOT_URLCONF="reisgids.bench_urls"``; the live site never loads this module."""

from django.http import HttpResponse
from django.urls import include, path


def floor(request, size):
    """No queries, no template: a response of ``size`` bytes through the same middleware stack."""
    return HttpResponse(b"x" * size, content_type="text/html; charset=utf-8")


urlpatterns = [
    path("__bench__/floor/<int:size>/", floor, name="bench_floor"),
    path("", include("reisgids.urls")),
]
