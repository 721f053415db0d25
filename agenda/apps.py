from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

INDEX_SLUG = "agenda"
INDEX_TITLE = "Agenda"
# The index's English version (under /en/agenda/), see atlas.treebuild.register_english_version.
INDEX_ENGLISH = {
    "title": "Events",
    "intro": "Network meetings, trainings, workshops and kick-offs of the care and welfare network in "
    "Rotterdam. Put them in your calendar.",
}


class AgendaConfig(AppConfig):
    name = "agenda"
    label = "agenda"
    verbose_name = _("Agenda")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.signals import page_published, page_unpublished

        from agenda.caching import NAMESPACE
        from agenda.models import EventIndexPage, EventPage
        from atlas.treebuild import register_english_version, register_section
        from reisgids.caching import WRITES, register_invalidation, register_namespace

        register_namespace(NAMESPACE, on_pages=True)  # the iCal feed and events on the atlas's pages
        register_invalidation(
            EventPage,
            EventIndexPage,
            namespaces=(NAMESPACE,),
            signals=WRITES + (page_published, page_unpublished),
        )
        register_section("agenda.EventIndexPage", slug=INDEX_SLUG, title=INDEX_TITLE)
        register_english_version("agenda.EventIndexPage", slug=INDEX_SLUG, **INDEX_ENGLISH)

        from agenda import discovery

        discovery.register()  # home block and search type (reisgids.registries)
