from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoriesConfig(AppConfig):
    name = "stories"
    label = "stories"
    verbose_name = _("Stories")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.models import Page
        from wagtail.signals import page_published, page_unpublished

        from atlas.caching import tree_models, tree_signals
        from atlas.treebuild import register_english_version, register_section
        from reisgids.caching import WRITES, register_invalidation, register_namespace
        from stories import (
            exports,  # noqa: F401 - registers its sections of "download my data"
            signals,  # noqa: F401 - workflow signal handlers
        )
        from stories.audit import register_actions
        from stories.models import Comment, StoryIndexPage, StoryPage

        register_section("stories.StoryIndexPage", slug=INDEX_SLUG, title=INDEX_TITLE)
        register_english_version("stories.StoryIndexPage", slug=INDEX_SLUG, **INDEX_ENGLISH)
        register_actions()
        # Story pages with their authors and comments (commenters' names). A story's link changes
        # with a slug or move of any page above it, and with the tree's other models.
        register_namespace(CACHE_NAMESPACE, shows_user_names=True, on_pages=True)
        register_invalidation(
            StoryPage,
            StoryIndexPage,
            namespaces=(CACHE_NAMESPACE,),
            signals=WRITES + (page_published, page_unpublished),
        )
        register_invalidation(Comment, namespaces=(CACHE_NAMESPACE,))
        from reisgids.comments import register_moderation

        # Hiding saves the comment: the invalidation above bumps the stories' namespace.
        register_moderation(
            Comment,
            permission="stories.change_comment",
            audit_action="stories.comment.hide",
            notification_kind="stories",
        )
        register_invalidation(Page, namespaces=(CACHE_NAMESPACE,), signals=tree_signals()[2:])
        register_invalidation(*tree_models(), namespaces=(CACHE_NAMESPACE,))

        from reisgids.caching import register_slot
        from stories import views

        # The personal parts of a story's page (reisgids.caching.slot), filled per request.
        register_slot("comment_actions", views.comment_actions)
        register_slot("comment_form", views.comment_form)

        from stories import discovery

        discovery.register()  # home block, search type and feed link (reisgids.registries)


CACHE_NAMESPACE = "stories"  # reisgids.caching
INDEX_SLUG = "verhalen"
INDEX_TITLE = "Verhalen"
INDEX_INTRO = (
    "Verhalen van initiatieven, aanbieders en de gemeente: hoe ze samenwerken aan zorg en welzijn in "
    "Rotterdam, in tekst, video en podcast."
)
# The index's English version (under /en/verhalen/), see atlas.treebuild.register_english_version.
INDEX_ENGLISH = {
    "title": "Stories",
    "intro": "Stories of initiatives, providers and the municipality: how they work together on care and "
    "welfare in Rotterdam, in text, video and podcast.",
}
