from django.urls import path

from schouw import views

app_name = "schouw"

urlpatterns = [
    path("", views.my_schouwen, name="mine"),
    path("uitnodiging/<str:token>/", views.invitation, name="invitation"),
    path("deal/<slug:slug>/geen-schouw/", views.no_schouw, name="no_schouw"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/observatie/", views.observation_add, name="observation"),
    path("<int:pk>/meetlat/<int:partner_pk>/", views.meetlat, name="meetlat"),
    path("<int:pk>/meetlat/<int:partner_pk>/bevestigen/", views.meetlat_confirm, name="meetlat_confirm"),
    path("<int:pk>/waarderen/", views.appraise, name="appraise"),
    path("<int:pk>/bespreking/", views.discussion, name="discussion"),
    path("<int:pk>/afspraken/", views.agreement_revise, name="agreements"),
    path("<int:pk>/lessen/", views.lesson_add, name="lesson"),
    path("<int:pk>/lessen/<int:lesson_pk>/verwijderen/", views.lesson_delete, name="lesson_delete"),
    path("<int:pk>/rapport/", views.report_page, name="report"),
    path("<int:pk>/rapport.pdf", views.report_pdf, name="report_pdf"),
]
