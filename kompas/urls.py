from django.urls import path

from kompas import views

app_name = "kompas"

urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("lessen/", views.lesson_inventory, name="lessons"),
    path("nieuw/", views.proposal_create, name="create"),
    path("prioriteiten/", views.priorities_edit, name="priorities"),
    path("rapporten/", views.report_list, name="reports"),
    path("rapporten/<slug:slug>/", views.report_detail, name="report"),
    path("rapporten/<slug:slug>/pdf/", views.report_pdf, name="report_pdf"),
    path("voorstellen/<slug:slug>/", views.proposal_detail, name="detail"),
    path("voorstellen/<slug:slug>/bewerken/", views.proposal_edit, name="edit"),
    path("voorstellen/<slug:slug>/indienen/", views.proposal_submit, name="submit"),
    path("voorstellen/<slug:slug>/steunen/", views.proposal_support, name="support"),
    path("voorstellen/<slug:slug>/reageren/", views.comment_create, name="comment"),
    path("voorstellen/<slug:slug>/reacties/<int:pk>/melden/", views.comment_report, name="comment_report"),
    path("voorstellen/<slug:slug>/agenderen/", views.proposal_schedule, name="schedule"),
    path("voorstellen/<slug:slug>/besluit/", views.proposal_decide, name="decide"),
    path("maatregelen/<int:pk>/voortgang/", views.monitoring_update, name="monitor"),
    path("maatregelen/<int:pk>/afsluiten/", views.measure_close, name="close_measure"),
]
