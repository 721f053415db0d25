from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SitesearchConfig(AppConfig):
    name = "reisgids.sitesearch"
    label = "sitesearch"
    verbose_name = _("Search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from reisgids.sitesearch.caching import connect_signals
        from reisgids.sitesearch.indexing import index_missing_after_migrate

        connect_signals()
        # Pages created by data migrations never pass Wagtail's post_save indexing: index them now.
        post_migrate.connect(
            index_missing_after_migrate, sender=self, dispatch_uid="sitesearch-index-missing"
        )
