from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

CACHE_NAMESPACE = "deals"  # reisgids.caching


class DealsConfig(AppConfig):
    name = "deals"
    verbose_name = _("Care and welfare deals")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from deals import exports  # noqa: F401 - registers its sections of "download my data"
        from deals.models import (
            Contribution,
            Deal,
            DealEvent,
            DealPartner,
            ExpectedResult,
            KickoffMoment,
            Milestone,
            Risk,
        )
        from reisgids.caching import register_invalidation, register_namespace

        # The register, deal pages (who did what on the timeline) and deals on the atlas's pages.
        register_namespace(CACHE_NAMESPACE, shows_user_names=True, on_pages=True)
        register_invalidation(Deal, namespaces=(CACHE_NAMESPACE,), m2m=True)
        register_invalidation(
            DealPartner,
            Contribution,
            ExpectedResult,
            Milestone,
            Risk,
            DealEvent,
            KickoffMoment,
            namespaces=(CACHE_NAMESPACE,),
        )
