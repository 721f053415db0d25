from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReisgidsConfig(AppConfig):
    name = "reisgids"
    verbose_name = _("Reisgids core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from reisgids.caching import connect_signals

        connect_signals()
