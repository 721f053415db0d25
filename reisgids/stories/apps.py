from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoriesConfig(AppConfig):
    name = "reisgids.stories"
    label = "stories"
    verbose_name = _("Stories")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from reisgids.atlas.caching import STORIES
        from reisgids.atlas.treebuild import register_section
        from reisgids.caching import register_user_name_namespaces
        from reisgids.stories import (
            exports,  # noqa: F401 - registers its sections of "download my data"
            signals,  # noqa: F401 - workflow signal handlers
        )
        from reisgids.stories.audit import register_actions

        register_section("stories.StoryIndexPage", slug=INDEX_SLUG, title=INDEX_TITLE)
        register_actions()
        register_user_name_namespaces(STORIES)  # story authors and commenters


INDEX_SLUG = "verhalen"
INDEX_TITLE = "Verhalen"
INDEX_INTRO = (
    "Verhalen van initiatieven, aanbieders en de gemeente: hoe ze samenwerken aan zorg en welzijn in "
    "Rotterdam, in tekst, video en podcast."
)
