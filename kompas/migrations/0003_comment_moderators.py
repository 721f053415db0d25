"""The group Contentbeheerders moderates the comments on proposals, as it does those on stories: it
may see them and their reports in /beheer/ and hide them (``reisgids.comment_admin``)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PERMISSIONS = ["view_proposalcomment", "change_proposalcomment", "view_proposalcommentreport"]


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    app_config = apps.get_app_config("kompas")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    group, _created = Group.objects.get_or_create(name="Contentbeheerders")
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="kompas", codename__in=PERMISSIONS)
    )


class Migration(migrations.Migration):
    dependencies = [("kompas", "0002_gremia_and_roles"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
