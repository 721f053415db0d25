from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

CACHE_NAMESPACE = "search"  # reisgids.caching


class SitesearchConfig(AppConfig):
    name = "sitesearch"
    label = "sitesearch"
    verbose_name = _("Search")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.models import PageViewRestriction

        from reisgids.caching import register_invalidation, register_namespace
        from sitesearch.indexing import index_missing_after_migrate, searched_models

        # The results of /zoeken/: every searched row (publishing saves the page) and who may see it.
        register_namespace(CACHE_NAMESPACE)
        register_invalidation(*searched_models(), PageViewRestriction, namespaces=(CACHE_NAMESPACE,))
        # Pages created by data migrations never pass Wagtail's post_save indexing: index them now.
        post_migrate.connect(
            index_missing_after_migrate, sender=self, dispatch_uid="sitesearch-index-missing"
        )
