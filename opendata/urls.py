from django.urls import path, re_path

from opendata import views

urlpatterns = [
    path("open-data/", views.open_data, name="open_data"),
    path("open-data/catalogus.jsonld", views.catalogue, name="open_data_catalogue"),
    re_path(
        r"^open-data/(?P<key>[a-z0-9-]+)\.(?P<fmt>csv|xlsx|json)$", views.download, name="open_data_download"
    ),
]
