from django.urls import path

from reisgids.sitesearch import views

app_name = "sitesearch"

urlpatterns = [path("", views.search, name="search")]
