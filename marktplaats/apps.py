from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

CACHE_NAMESPACE = "marktplaats"  # reisgids.caching


class MarktplaatsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "marktplaats"
    verbose_name = _("Marketplace")

    def ready(self):
        from marktplaats import (
            discovery,
            exports,  # noqa: F401 - registers its sections of "download my data"
        )
        from marktplaats.models import Listing, VoucherClaim
        from reisgids.caching import register_invalidation, register_namespace

        register_namespace(CACHE_NAMESPACE, shows_user_names=True)  # a listing's contact person
        register_invalidation(Listing, namespaces=(CACHE_NAMESPACE,), m2m=True)
        register_invalidation(VoucherClaim, namespaces=(CACHE_NAMESPACE,))
        discovery.register()  # search type and sitemap section (reisgids.registries)

        from marktplaats import views
        from reisgids.caching import register_slot

        register_slot("listing_part", views.listing_part)  # a listing page's personal parts
