"""Discoverability: ``/sitemap.xml``, ``/robots.txt`` and the feeds of the atlas sections. Included
from ``reisgids.urls`` before Wagtail's catch-all."""

from django.urls import path

from reisgids.atlas import seo

urlpatterns = [
    path("sitemap.xml", seo.sitemap, name="sitemap"),
    path("robots.txt", seo.robots_txt, name="robots_txt"),
]
