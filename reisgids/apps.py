from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReisgidsConfig(AppConfig):
    name = "reisgids"
    verbose_name = _("Reisgids core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from reisgids.caching import DIRECTORY, register_invalidation, register_namespace
        from reisgids.models import Area, ContactPoint, Instrument, Neighbourhood, Organisation, Theme

        # Names of organisations, themes, areas and instruments: shown on nearly every page.
        register_namespace(DIRECTORY, on_pages=True)
        register_invalidation(
            Area,
            ContactPoint,
            Instrument,
            Neighbourhood,
            Organisation,
            Theme,
            namespaces=(DIRECTORY,),
            m2m=True,
        )
