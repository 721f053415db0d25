"""``/verhalen/`` under the home page, and its moderation: a workflow whose one task is approval by
the group Contentbeheerders, who also get the rights for the comment queue in /beheer/."""

from django.db import migrations

from stories.moderation import ensure_story_moderation


def forward(apps, schema_editor):
    ensure_story_moderation(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("stories", "0001_initial"),
        ("atlas", "0002_create_homepage"),
        ("reisgids", "0003_role_groups"),
        ("wagtailcore", "__latest__"),
        ("wagtailadmin", "__latest__"),
    ]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
