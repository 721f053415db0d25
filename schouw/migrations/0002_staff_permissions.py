"""Ambtenaren and network managers run schouwen in /beheer/: they see and edit the plan of a schouw
and see its invited participants and lessons (every write goes through schouw.services)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["view_schouw", "change_schouw", "view_participant", "view_lesson"]
PERMISSIONS = {"Netwerkmanagers": CODENAMES, "Ambtenaren": CODENAMES}


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="schouw", codename__in=codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in PERMISSIONS.items():
        for group in Group.objects.filter(name=name):
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label="schouw", codename__in=codenames)
            )


class Migration(migrations.Migration):
    dependencies = [("schouw", "0001_schouw"), ("reisgids", "0003_role_groups")]

    operations = [migrations.RunPython(grant, revoke)]
