from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

CACHE_NAMESPACE = "intake"  # reisgids.caching: the public counts on /idee/
# The team's list and an intake's page, for those who may open the intakes only; not on the site
# tree's pages. They show people's names (the holder, the contact person, the meeting's attendees).
PAGES_NAMESPACE = "intake_pages"


class IntakeConfig(AppConfig):
    """The Right to Cooperate intake. The public counts on /idee/ are cached for everyone; the
    team's list for the initiative team, and an intake's page for whoever may open it (the access
    is checked per request, what one may do is a slot)."""

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
            views,
        )
        from reisgids import audit
        from reisgids.caching import register_invalidation, register_namespace, register_slot

        register_namespace(CACHE_NAMESPACE)  # counts and medians only: no names
        # CACHE_NAMESPACE also keeps one's own ideas (``selectors.own_intakes``): a co-initiator's too.
        register_invalidation(
            models.Intake,
            models.StepPeriod,
            models.StepFigure,
            models.CoInitiator,
            namespaces=(CACHE_NAMESPACE,),
        )
        register_namespace(PAGES_NAMESPACE, shows_user_names=True)
        register_invalidation(
            models.Intake,
            models.StepPeriod,
            models.Meeting,
            models.Advice,
            models.Request,
            models.CoInitiator,
            namespaces=(PAGES_NAMESPACE,),
            m2m=True,
        )
        for name, fill in views.SLOTS.items():  # an intake page's personal parts
            register_slot(name, fill)

        audit.register_actions(services.EXTRA_ACTIONS)
        discovery.register()  # the home block (reisgids.registries)
