from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    """The Right to Cooperate intake. Nothing of it is cached: its pages differ per person, and the
    public counts on /idee/ are two aggregate queries."""

    name = "intake"
    verbose_name = _("Ideas for cooperation (Right to Cooperate)")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from intake import (
            discovery,
            exports,  # noqa: F401 - registers its section of "download my data"
            services,
            signals,  # noqa: F401 - forgets the initiator's name and email with their account
        )
        from reisgids import audit

        audit.register_actions(services.EXTRA_ACTIONS)
        discovery.register()  # the home block (reisgids.registries)
