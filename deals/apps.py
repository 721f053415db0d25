from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

CACHE_NAMESPACE = "deals"  # reisgids.caching


class DealsConfig(AppConfig):
    name = "deals"
    verbose_name = _("Care and welfare deals")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from deals import (
            discovery,
            exports,  # noqa: F401 - registers its sections of "download my data"
            models,
        )
        from reisgids.caching import register_invalidation, register_namespace

        # The register, deal pages (who did what on the timeline) and deals on the atlas's pages.
        register_namespace(CACHE_NAMESPACE, shows_user_names=True, on_pages=True)
        register_invalidation(models.Deal, namespaces=(CACHE_NAMESPACE,), m2m=True)
        register_invalidation(
            models.DealPartner,
            models.Contribution,
            models.ExpectedResult,
            models.Milestone,
            models.Risk,
            models.DealEvent,
            models.KickoffMoment,
            namespaces=(CACHE_NAMESPACE,),
        )
        discovery.register()  # home block, search type, sitemap section (reisgids.registries)
