from django.urls import path

from marktplaats import views

app_name = "marktplaats"

urlpatterns = [
    path("", views.listing_list, name="list"),
    path("plaatsen/", views.listing_create, name="create"),
    path("volgen/", views.follow_list, name="follows"),
    path("volgen/<int:pk>/stoppen/", views.follow_delete, name="follow_delete"),
    path("<int:pk>/", views.listing_detail, name="detail"),
    path("<int:pk>/bewerken/", views.listing_edit, name="edit"),
    path("<int:pk>/intrekken/", views.listing_withdraw, name="withdraw"),
    path("<int:pk>/ingevuld/", views.listing_fill, name="fill"),
    path("<int:pk>/reageren/", views.listing_respond, name="respond"),
    path("<int:pk>/melden/", views.listing_report, name="report"),
    path("<int:pk>/verbergen/", views.listing_hide, name="hide"),
    path("<int:pk>/vouchers/claimen/", views.voucher_claim, name="voucher_claim"),
    path("vouchers/<int:pk>/annuleren/", views.voucher_cancel, name="voucher_cancel"),
    path("vouchers/<int:pk>/verzilverd/", views.voucher_redeem, name="voucher_redeem"),
    path("gesprekken/<int:pk>/", views.conversation_detail, name="conversation"),
    path(
        "gesprekken/<int:pk>/berichten/<int:message_pk>/melden/",
        views.message_report,
        name="message_report",
    ),
]
