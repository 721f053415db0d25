"""Discoverability: ``/sitemap.xml``, ``/robots.txt`` and the feeds of the atlas sections. Included
from ``reisgids.urls`` before Wagtail's catch-all, which would otherwise look for a page "feed"."""

from django.urls import path

from atlas import feeds, seo

urlpatterns = [
    path("sitemap.xml", seo.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", seo.sitemap_section, name="sitemap_section"),
    path("robots.txt", seo.robots_txt, name="robots_txt"),
    path("nieuws/feed/", feeds.NewsFeed(), name="news_feed"),
    path("nieuws/atom/", feeds.atom(feeds.NewsFeed)(), name="news_atom"),
    path("lessen/feed/", feeds.LessonFeed(), name="lesson_feed"),
    path("lessen/atom/", feeds.atom(feeds.LessonFeed)(), name="lesson_atom"),
]
