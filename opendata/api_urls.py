"""The API: the same in both languages, so outside ``i18n_patterns`` (see ``reisgids.urls``)."""

from django.urls import path

from opendata import hsds_views
from opendata.api import build_api

api = build_api()

urlpatterns = [
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
