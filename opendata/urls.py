from django.urls import path, re_path

from opendata import hsds_views, views
from opendata.api import build_api

api = build_api()

urlpatterns = [
    path("open-data/", views.open_data, name="open_data"),
    path("open-data/catalogus.jsonld", views.catalogue, name="open_data_catalogue"),
    re_path(
        r"^open-data/(?P<key>[a-z0-9-]+)\.(?P<fmt>csv|xlsx|json)$", views.download, name="open_data_download"
    ),
    path("api/v1/", api.urls),
    path("api/hsds/", hsds_views.meta, name="hsds_meta"),
    path("api/hsds/organizations/", hsds_views.organizations, name="hsds_organizations"),
    path("api/hsds/organizations/<str:hsds_id>/", hsds_views.organization, name="hsds_organization"),
    path("api/hsds/services/", hsds_views.services, name="hsds_services"),
    path("api/hsds/services/<str:hsds_id>/", hsds_views.service, name="hsds_service"),
    path("api/hsds/taxonomies/", hsds_views.taxonomies, name="hsds_taxonomies"),
    path("api/hsds/taxonomy_terms/", hsds_views.taxonomy_terms, name="hsds_taxonomy_terms"),
    path("api/hsds/datapackage.zip", hsds_views.package, name="hsds_package"),
]
