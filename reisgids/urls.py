from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from reisgids import media, views

handler400 = "reisgids.views.bad_request"

# Every public page in both languages: Dutch at the root, English under /en/ (the address decides
# the language, see reisgids.middleware.SiteLanguageMiddleware). The admin, the API, the sitemaps and
# the uploads are the same in both and stay unprefixed.
urlpatterns = [
    path("", include("opendata.api_urls")),
    path("", include("atlas.site_urls")),
    path("beheer/", include(wagtailadmin_urls)),
    path("documenten/", include(wagtaildocs_urls)),
]

if settings.MEDIA_STORAGE == "local":
    # Uploads on local disk are served by the app, in production too (object storage serves its own).
    urlpatterns.append(re_path(r"^media/(?P<path>.+)$", media.serve_public_media, name="media"))

urlpatterns += i18n_patterns(
    # The home page and the standard pages are Wagtail pages; these names keep {% url 'home' %} and
    # the footer links working without a page lookup per request.
    path("", wagtail_views.serve, {"path": ""}, name="home"),
    path("partijen/", views.organisation_list, name="organisation_list"),
    path("partijen/registreren/", views.organisation_create, name="organisation_create"),
    path("partijen/<slug:slug>/", views.organisation_detail, name="organisation_detail"),
    path("partijen/<slug:slug>/bewerken/", views.organisation_edit, name="organisation_edit"),
    path("partijen/<slug:slug>/lid-worden/", views.organisation_join, name="organisation_join"),
    path("partijen/<slug:slug>/leden/", views.organisation_members, name="organisation_members"),
    path("partijen/<slug:slug>/leden/<int:pk>/rol/", views.membership_role, name="membership_role"),
    path(
        "partijen/<slug:slug>/leden/<int:pk>/verwijderen/",
        views.membership_remove,
        name="membership_remove",
    ),
    path(
        "partijen/<slug:slug>/verzoeken/<int:pk>/goedkeuren/",
        views.join_request_decide,
        {"decision": "goedkeuren"},
        name="join_request_approve",
    ),
    path(
        "partijen/<slug:slug>/verzoeken/<int:pk>/afwijzen/",
        views.join_request_decide,
        {"decision": "afwijzen"},
        name="join_request_refuse",
    ),
    path("aanspreekpunten/", views.contactpoint_list, name="contactpoint_list"),
    path("instrumenten/", views.instrument_list, name="instrument_list"),
    path("instrumenten/<slug:slug>/", views.instrument_detail, name="instrument_detail"),
    path("toegankelijkheid/", wagtail_views.serve, {"path": "toegankelijkheid/"}, name="accessibility"),
    path("privacy/", wagtail_views.serve, {"path": "privacy/"}, name="privacy"),
    path("over/", views.about, name="about"),
    path("wat-betekent/", views.glossary, name="glossary"),
    path("deals/", include("deals.urls")),
    path("marktplaats/", include("marktplaats.urls")),
    path("residentie/", include("residence.urls")),
    path("schouw/", include("schouw.urls")),
    path("kompas/", include("kompas.urls")),
    path("idee/", include("intake.urls")),
    path("agenda/", include("agenda.urls")),
    path("verhalen/", include("stories.urls")),
    path("zoeken/", include("sitesearch.urls")),
    path("meldingen/", include("reisgids.notifications.urls")),
    path("accounts/", include("reisgids.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("opendata.urls")),
    path("", include("atlas.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
