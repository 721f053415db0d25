from django.urls import path

from agenda import views

app_name = "agenda"

urlpatterns = [path("agenda.ics", views.agenda_feed, name="ical")]
