"""The groups (roles) of the intake: reisgids.roles.INTAKE_GROUPS (names written out, as a migration
must not change when the module does)."""

from django.db import migrations

GROUPS = (
    "Initiatieventeam",
    "Procesbegeleiders",
    "Adviesplatform Right to Challenge",
    "Second-opinionteam",
    "Teamleiders",
    "Wethouders",
    "College van B en W",
    "Gemeenteraad",
)


def create(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in GROUPS:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("intake", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
