from django.urls import path

from deals import feeds, views

app_name = "deals"

urlpatterns = [
    path("", views.deal_list, name="list"),
    path("export.csv", views.deal_export_csv, name="export_csv"),
    path("export.json", views.deal_export_json, name="export_json"),
    path("feed/", feeds.ClosedDealsFeed(), name="feed"),
    path("kick-offs.ics", feeds.kickoffs_ical, name="kickoffs_ical"),
    path("in-de-maak/", views.deal_making_list, name="making"),
    path("mijn/", views.my_deals, name="mine"),
    path("start/", views.deal_start, name="start"),
    path("<slug:slug>/", views.deal_detail, name="detail"),
    path("<slug:slug>/bewerken/", views.deal_edit, name="edit"),
    path("<slug:slug>/zoekt-partners/", views.deal_seeking, name="seeking"),
    path("<slug:slug>/uitnodigen/", views.partner_invite, name="invite"),
    path("<slug:slug>/aansluiten/", views.partner_join, name="join"),
    path("<slug:slug>/voorstellen/", views.partner_suggest, name="suggest"),
    path("<slug:slug>/partners/<int:pk>/antwoord/", views.partner_respond, name="respond"),
    path("<slug:slug>/partners/<int:pk>/besluit/", views.partner_decide, name="decide"),
    path("<slug:slug>/partners/<int:pk>/intrekken/", views.partner_withdraw, name="withdraw"),
    path(
        "<slug:slug>/partners/<int:pk>/wie-antwoordt/",
        views.partner_assign_responder,
        name="assign_responder",
    ),
    path("<slug:slug>/partners/<int:pk>/inbreng/", views.contribution_add, name="contribution_add"),
    path("<slug:slug>/partners/<int:pk>/bevestigen/", views.partner_confirm, name="confirm"),
    path("<slug:slug>/inbreng/<int:pk>/", views.contribution_edit, name="contribution_edit"),
    path("<slug:slug>/inbreng/<int:pk>/verwijderen/", views.contribution_delete, name="contribution_delete"),
    path("<slug:slug>/stap/<str:step>/", views.deal_step, name="step"),
]
