from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

CACHE_NAMESPACE = "residence"  # reisgids.caching: public side activities on /agenda/
# The residency page (its log, concerns, side activities), for the partners only: not on the
# site tree's pages, so a new log entry does not outdate the page cache.
PAGES_NAMESPACE = "residency_pages"


class ResidenceConfig(AppConfig):
    name = "residence"
    verbose_name = _("Partner in residence")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_save

        from deals.apps import CACHE_NAMESPACE as DEALS
        from reisgids.caching import register_invalidation, register_namespace
        from reisgids.models import User
        from residence import (
            discovery,
            exports,  # noqa: F401 - registers its sections of "download my data"
            models,
            services,
        )

        register_namespace(CACHE_NAMESPACE, on_pages=True)
        register_namespace(PAGES_NAMESPACE, shows_user_names=True)
        register_invalidation(
            models.Residency,
            models.LogEntry,
            models.Response,
            models.Concern,
            models.Activity,
            namespaces=(PAGES_NAMESPACE,),
            m2m=True,
        )
        # The deal page tells visitors that a deal has a partner in residence (with their name when they
        # agreed), and the register filters on it: both are kept in the deals' cache.
        register_invalidation(models.Residency, namespaces=(DEALS, CACHE_NAMESPACE))
        register_invalidation(models.Activity, namespaces=(CACHE_NAMESPACE,), m2m=True)
        # The partners' block on the deal page shows the open concerns (cached per deal and audience).
        register_invalidation(models.Concern, namespaces=(CACHE_NAMESPACE,))
        # Account deletion: the resident's name leaves the public deal page (residence.services).
        post_save.connect(services.on_user_saved, sender=User, dispatch_uid="residence-anonymise")
        discovery.register()

        from reisgids.caching import register_slot
        from residence import views

        # The personal parts of the residency page, which is kept per audience (residence.views).
        register_slot("residency_resident_actions", views.resident_actions)
        register_slot("residency_confirm", views.confirm_form)
        register_slot("residency_consent", views.consent_link)
        register_slot("residency_entry_edit", views.entry_edit_link)
