"""The initiatieventeam looks at the ideas, their co-initiators and invitations in /beheer/ (read
only; withdrawing an invitation there goes through ``intake.services``). Reaching /beheer/ asks for
two-factor authentication, as for the other staff groups."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Initiatieventeam"
PERMISSIONS = [("wagtailadmin", "access_admin"), ("intake", "view_intake"), ("intake", "view_coinitiator")]


def _permissions(Permission):
    found = []
    for app_label, codename in PERMISSIONS:
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
        if permission is not None:
            found.append(permission)
    return found


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(*_permissions(apps.get_model("auth", "Permission")))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name=GROUP):
        group.permissions.remove(*_permissions(apps.get_model("auth", "Permission")))


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0006_co_initiator_status"),
        ("intake", "0002_role_groups"),
        ("reisgids", "0003_role_groups"),
        ("wagtailadmin", "__latest__"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
