from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

INDEX_SLUG = "agenda"
INDEX_TITLE = "Agenda"


class AgendaConfig(AppConfig):
    name = "reisgids.agenda"
    label = "agenda"
    verbose_name = _("Agenda")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from reisgids.agenda.caching import connect_signals
        from reisgids.atlas.treebuild import register_section

        connect_signals()
        register_section("agenda.EventIndexPage", slug=INDEX_SLUG, title=INDEX_TITLE)
