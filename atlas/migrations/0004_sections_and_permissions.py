import copy

from django.contrib.auth.management import create_permissions
from django.db import migrations

from atlas.content import STANDARD_PAGES
from atlas.permissions import grant_content_editors
from atlas.treebuild import add_child_page, home_page

INDEXES = [
    (
        "atlas.NewsIndexPage",
        "nieuws",
        "Nieuws",
        "Nieuws uit het netwerk van zorg en welzijn in Rotterdam: nieuwe deals, bijeenkomsten en wat "
        "initiatieven en de gemeente samen bereiken.",
    ),
    (
        "atlas.LessonIndexPage",
        "lessen",
        "Lessen en successen",
        "Wat initiatieven, de gemeente en hun partners leerden van samenwerken, zodat niet iedereen het "
        "wiel opnieuw hoeft uit te vinden. Zoek op thema, wijk, soort les en sleutelprincipe.",
    ),
]


def create_sections(apps, schema_editor):
    """Create the sections, or give those that atlas.0002 created empty their title and text."""
    home = home_page(apps)
    pages = [(label, slug, {"title": title, "intro": intro}) for label, slug, title, intro in INDEXES]
    pages += [
        ("atlas.StandardPage", content["slug"], copy.deepcopy({k: content[k] for k in ("title", "intro", "body")}))
        for content in STANDARD_PAGES
    ]
    for model_label, slug, fields in pages:
        page = add_child_page(apps, home, model_label, slug=slug, **fields)
        page = apps.get_model(model_label).objects.get(pk=page.pk)
        if not page.intro:
            for name, value in fields.items():
                setattr(page, name, value)
            page.draft_title = page.title
            page.save()


def grant_permissions(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    grant_content_editors(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("atlas", "0002_create_homepage"),
        ("atlas", "0003_pages"),
        ("reisgids", "0003_role_groups"),
        ("wagtailcore", "__latest__"),
    ]

    operations = [
        migrations.RunPython(create_sections, migrations.RunPython.noop),
        migrations.RunPython(grant_permissions, migrations.RunPython.noop),
    ]
