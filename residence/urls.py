from django.urls import path

from residence import views

app_name = "residence"

urlpatterns = [
    path("deal/<slug:slug>/nieuw/", views.residency_propose, name="propose"),
    path("deal/<slug:slug>/schouw/", views.schouw_summary, name="schouw"),
    path("<int:pk>/", views.residency_detail, name="detail"),
    path("<int:pk>/bevestigen/", views.residency_confirm, name="confirm"),
    path("<int:pk>/beeindigen/", views.residency_end, name="end"),
    path("<int:pk>/afspraken/", views.residency_edit, name="edit"),
    path("<int:pk>/toestemming/", views.residency_consent, name="consent"),
    path("<int:pk>/logboek/nieuw/", views.entry_create, name="entry_create"),
    path("<int:pk>/knelpunten/", views.concern_list, name="concerns"),
    path("<int:pk>/knelpunt/nieuw/", views.concern_create, name="concern_create"),
    path("<int:pk>/activiteit/nieuw/", views.activity_create, name="activity_create"),
    path("logboek/<int:pk>/", views.entry_detail, name="entry"),
    path("logboek/<int:pk>/bewerken/", views.entry_edit, name="entry_edit"),
    path("logboek/<int:pk>/bijlage/", views.attachment, name="attachment"),
    path("knelpunt/<int:pk>/", views.concern_detail, name="concern"),
    path("knelpunt/<int:pk>/bewerken/", views.concern_edit, name="concern_edit"),
    path("activiteit/<int:pk>/", views.activity_detail, name="activity"),
]
