from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KompasConfig(AppConfig):
    name = "kompas"
    verbose_name = _("Kompas")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from kompas import (
            discovery,
            exports,  # noqa: F401 - registers its sections of "download my data"
            tasks,  # noqa: F401 - registers the report's fan-out (reisgids.notifications.once)
        )

        discovery.register()  # search type, sitemap section (reisgids.registries)
