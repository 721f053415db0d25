from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

CACHE_NAMESPACE = "intake"  # reisgids.caching


class IntakeConfig(AppConfig):
    """The Right to Cooperate intake. Only the public counts on /idee/ are cached (the same for
    everyone); its other pages differ per person and role."""

    name = "intake"
    verbose_name = _("Ideas for cooperation (Right to Cooperate)")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from intake import (
            discovery,
            exports,  # noqa: F401 - registers its section of "download my data"
            models,
            services,
            signals,  # noqa: F401 - forgets the initiator's name and email with their account
        )
        from reisgids import audit
        from reisgids.caching import register_invalidation, register_namespace

        register_namespace(CACHE_NAMESPACE)  # counts and medians only: no names
        register_invalidation(models.Intake, models.StepPeriod, namespaces=(CACHE_NAMESPACE,))

        audit.register_actions(services.EXTRA_ACTIONS)
        discovery.register()  # the home block (reisgids.registries)
