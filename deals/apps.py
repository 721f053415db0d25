from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DealsConfig(AppConfig):
    name = "deals"
    verbose_name = _("Care and welfare deals")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from deals import exports  # noqa: F401 - registers its sections of "download my data"
        from deals.caching import NAMESPACE, connect_signals
        from reisgids.caching import register_user_name_namespaces

        connect_signals()
        register_user_name_namespaces(NAMESPACE)  # who did what on a deal's timeline
