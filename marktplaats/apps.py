from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarktplaatsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "marktplaats"
    verbose_name = _("Marketplace")

    def ready(self):
        from marktplaats import (
            caching,
            exports,  # noqa: F401 - registers its sections of "download my data"
        )
        from reisgids.caching import register_user_name_namespaces

        caching.connect_signals()
        register_user_name_namespaces(caching.NAMESPACE)  # a listing's contact person
