from django.urls import path

from intake import views

app_name = "intake"

urlpatterns = [
    path("", views.index, name="index"),
    path("nieuw/", views.submit, name="submit"),
    path("bevestig/<str:token>/", views.confirm, name="confirm"),
    path("koppel/<str:token>/", views.link, name="link"),
    path("uitnodiging/<str:token>/", views.co_initiator_accept, name="co_initiator_accept"),
    path("overzicht/", views.team_list, name="team"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/status/<str:token>/", views.status, name="status"),
    path("<int:pk>/stap/<slug:slug>/", views.step, name="step"),
    path("<int:pk>/plan/", views.plan, name="plan"),
    path("<int:pk>/plan/hulp/", views.plan_help, name="plan_help"),
    path("<int:pk>/procesbegeleider/", views.guide, name="guide"),
    path("<int:pk>/invloed/", views.influence, name="influence"),
    path("<int:pk>/mede-initiatiefnemer/", views.co_initiator_invite, name="co_initiator"),
    path("<int:pk>/mede-initiatiefnemers/", views.co_initiators, name="co_initiators"),
    path(
        "<int:pk>/mede-initiatiefnemers/<int:invitation_pk>/<slug:action>/",
        views.co_initiator_end,
        name="co_initiator_end",
    ),
    path("<int:pk>/vraag/<slug:kind>/", views.request_raise, name="request"),
    path("<int:pk>/antwoord/<int:request_pk>/", views.request_answer, name="answer"),
    path("<int:pk>/afspraak/<int:meeting_pk>.ics", views.meeting_calendar, name="meeting_ical"),
]
