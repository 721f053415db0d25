"""The feeds of the atlas sections (the sitemaps and robots.txt: ``atlas.site_urls``). Included
from ``reisgids.urls`` before Wagtail's catch-all, which would otherwise look for a page "feed"."""

from django.urls import path

from atlas import feeds

urlpatterns = [
    path("nieuws/feed/", feeds.NewsFeed(), name="news_feed"),
    path("nieuws/atom/", feeds.atom(feeds.NewsFeed)(), name="news_atom"),
    path("lessen/feed/", feeds.LessonFeed(), name="lesson_feed"),
    path("lessen/atom/", feeds.atom(feeds.LessonFeed)(), name="lesson_atom"),
]
