from django.urls import path

from reisgids.notifications import views

urlpatterns = [
    path("", views.notification_list, name="notification_list"),
    path("<int:notification_id>/gelezen/", views.notification_read, name="notification_read"),
    path("alles-gelezen/", views.notification_read_all, name="notification_read_all"),
]
