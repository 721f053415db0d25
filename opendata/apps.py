from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    name = "opendata"
    label = "opendata"
    verbose_name = _("Open data")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from opendata import datasets, services  # noqa: F401 - services registers its audit action

        datasets.register()  # the registers of the apps below (reisgids.datasets)
