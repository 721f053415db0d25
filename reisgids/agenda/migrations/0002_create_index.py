from django.db import migrations

from reisgids.atlas.treebuild import add_child_page, home_page


def create_index(apps, schema_editor):
    add_child_page(
        apps,
        home_page(apps),
        "agenda.EventIndexPage",
        title="Agenda",
        slug="agenda",
        intro=(
            "Netwerkbijeenkomsten, trainingen, workshops en kick-offs van het netwerk zorg en welzijn in "
            "Rotterdam. Zet ze in je agenda."
        ),
    )


class Migration(migrations.Migration):
    dependencies = [("atlas", "0002_create_homepage"), ("agenda", "0001_initial")]

    operations = [migrations.RunPython(create_index, migrations.RunPython.noop)]
