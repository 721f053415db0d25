from django.urls import path

from stories import views
from stories.feeds import StoryAtomFeed, StoryFeed

app_name = "stories"

# Under /verhalen/, before Wagtail's catch-all; the slugs used here are reserved for stories
# (services.RESERVED_SLUGS).
urlpatterns = [
    path("insturen/", views.story_submit, name="submit"),
    path("insturen/<int:pk>/wijzigen/", views.story_revise, name="revise"),
    path("feed/", StoryFeed(), name="feed"),
    path("atom/", StoryAtomFeed(), name="atom"),
    path("reacties/<int:pk>/bewerken/", views.comment_edit, name="comment_edit"),
    path("reacties/<int:pk>/melden/", views.comment_report, name="comment_report"),
    path("<slug:slug>/reageren/", views.comment_create, name="comment_create"),
]
