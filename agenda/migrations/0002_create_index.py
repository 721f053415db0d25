from django.db import migrations

from atlas.treebuild import add_child_page, home_page

INTRO = (
    "Netwerkbijeenkomsten, trainingen, workshops en kick-offs van het netwerk zorg en welzijn in Rotterdam. "
    "Zet ze in je agenda."
)


def create_index(apps, schema_editor):
    """Create /agenda/, or give the one that atlas.0002 may have created (empty) its text."""
    page = add_child_page(apps, home_page(apps), "agenda.EventIndexPage", title="Agenda", slug="agenda", intro=INTRO)
    EventIndexPage = apps.get_model("agenda", "EventIndexPage")
    EventIndexPage.objects.filter(pk=page.pk, intro="").update(intro=INTRO)


class Migration(migrations.Migration):
    dependencies = [("atlas", "0002_create_homepage"), ("agenda", "0001_initial")]

    operations = [migrations.RunPython(create_index, migrations.RunPython.noop)]
