from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

# The atlas's own sections under the home page: (model label, slug, title). Migration 0004 creates
# them with their content; ensure_site_tree puts back an empty one after a flush.
SECTIONS = [
    ("atlas.NewsIndexPage", "nieuws", "Nieuws"),
    ("atlas.LessonIndexPage", "lessen", "Lessen en successen"),
    ("atlas.StandardPage", "hoe-werkt-de-gemeente", "Hoe werkt de gemeente?"),
    ("atlas.StandardPage", "toegankelijkheid", "Toegankelijkheidsverklaring"),
    ("atlas.StandardPage", "privacy", "Privacyverklaring"),
]


class AtlasConfig(AppConfig):
    name = "atlas"
    label = "atlas"
    verbose_name = _("Atlas")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from wagtail.models import Page

        from atlas.caching import ATLAS, tree_models, tree_signals
        from atlas.treebuild import register_section
        from reisgids.caching import WRITES, register_invalidation, register_namespace

        for model_label, slug, title in SECTIONS:
            register_section(model_label, slug=slug, title=title)
        post_migrate.connect(restore_standard_pages, sender=self)
        # Every page type (the atlas's, stories, agenda and any later section) and what they show.
        register_namespace(ATLAS, on_pages=True)
        register_invalidation(Page, namespaces=(ATLAS,), signals=WRITES + tree_signals())
        register_invalidation(*tree_models(), namespaces=(ATLAS,))

        from atlas import discovery

        discovery.register()  # home blocks, search types, sitemap section, feed links


def restore_standard_pages(sender, using, **kwargs):
    """After a flush (transactional tests) the site tree comes back with empty sections: give the
    standard pages their text again. Only pages without any text are filled, so an editor's text is
    never overwritten; a no-op after ``migrate`` (0004 wrote the text)."""
    from django.db import connections

    from atlas.models import StandardPage

    if StandardPage._meta.db_table not in connections[using].introspection.table_names():
        return
    if StandardPage.objects.using(using).filter(intro="").exists() or not StandardPage.objects.exists():
        from atlas.demo import seed_standard_pages
        from atlas.treebuild import ensure_site_tree

        ensure_site_tree()
        seed_standard_pages(only_empty=True)
