from django.db import migrations

from atlas.treebuild import ensure_site_tree


def create_homepage(apps, schema_editor):
    """Replace Wagtail's welcome page by the reisgids home page and make it the default site's root."""
    ensure_site_tree(apps)


class Migration(migrations.Migration):
    dependencies = [("atlas", "0001_initial")]

    operations = [migrations.RunPython(create_homepage, migrations.RunPython.noop)]
