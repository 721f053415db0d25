"""The bodies that decide on proposals (an editable list in /beheer/) and the two kompas roles."""

from django.db import migrations

GREMIA = ["Directie", "College van B&W", "Raadscommissie Zorg, Welzijn en Cultuur"]
GROUPS = ["Kompasredactie", "Bestuur"]


def create(apps, schema_editor):
    Gremium = apps.get_model("kompas", "Gremium")
    Group = apps.get_model("auth", "Group")
    for order, name in enumerate(GREMIA, start=1):
        Gremium.objects.get_or_create(name=name, defaults={"order": order * 10})
    for name in GROUPS:
        Group.objects.get_or_create(name=name)


class Migration(migrations.Migration):
    dependencies = [("kompas", "0001_kompas"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
