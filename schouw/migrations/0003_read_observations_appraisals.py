"""Ambtenaren and network managers, who run schouwen in /beheer/, may read the observations and the
appraisals there (never change them: ``schouw.wagtail_hooks`` allows only "view")."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["view_observation", "view_appraisal"]
GROUPS = ["Netwerkmanagers", "Ambtenaren"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("schouw")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="schouw", codename__in=CODENAMES)
    for name in GROUPS:
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [("schouw", "0002_staff_permissions")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
