from django.urls import path

from reisgids.accounts import views

urlpatterns = [
    path("profiel/", views.profile, name="profile"),
    path("profiel/mijn-gegevens/", views.data_export, name="account_data_export"),
    path("profiel/verwijderen/", views.account_delete, name="account_delete"),
]
