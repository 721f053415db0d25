from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The schouw's own pages (the bespreking), for its participants: not on the site tree's pages.
PAGES_NAMESPACE = "schouw_pages"


class SchouwConfig(AppConfig):
    name = "schouw"
    verbose_name = _("Schouw")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from reisgids.caching import register_invalidation, register_namespace
        from schouw import discovery, models

        discovery.register()
        register_namespace(PAGES_NAMESPACE, shows_user_names=True)
        register_invalidation(
            models.Schouw,
            models.SchouwPartner,
            models.Criterion,
            models.Participant,
            models.Observation,
            models.Appraisal,
            models.AgreementRevision,
            models.Lesson,
            namespaces=(PAGES_NAMESPACE,),
        )
