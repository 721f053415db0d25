"""The sitemaps and robots.txt: one set for the site in both languages (every address in them names
its other language, see ``atlas.seo``), so outside ``i18n_patterns`` (see ``reisgids.urls``)."""

from django.urls import path

from atlas import seo

urlpatterns = [
    path("sitemap.xml", seo.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", seo.sitemap_section, name="sitemap_section"),
    path("robots.txt", seo.robots_txt, name="robots_txt"),
]
