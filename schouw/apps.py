from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchouwConfig(AppConfig):
    name = "schouw"
    verbose_name = _("Schouw")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from schouw import discovery

        discovery.register()
