from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

CACHE_NAMESPACE = "kompas"  # reisgids.caching


class KompasConfig(AppConfig):
    name = "kompas"
    verbose_name = _("Kompas")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from kompas import (
            discovery,
            exports,  # noqa: F401 - registers its sections of "download my data"
            models,
            tasks,  # noqa: F401 - registers the report's fan-out (reisgids.notifications.once)
            views,
        )
        from reisgids.caching import register_invalidation, register_namespace, register_slot

        # The lists, the lesson inventory, the reports and a proposal's shared part (comments and
        # measures show people's names), per audience (kompas editors also see drafts).
        register_namespace(CACHE_NAMESPACE, shows_user_names=True)
        register_invalidation(models.Proposal, models.Priority, namespaces=(CACHE_NAMESPACE,), m2m=True)
        register_invalidation(
            models.Gremium,
            models.Period,
            models.Support,
            models.ProposalComment,
            models.Measure,
            models.Review,
            models.MonitoringUpdate,
            models.Report,
            namespaces=(CACHE_NAMESPACE,),
        )
        for name, fill in views.SLOTS.items():  # a proposal page's personal parts
            register_slot(name, fill)
        discovery.register()  # search type, sitemap section (reisgids.registries)
