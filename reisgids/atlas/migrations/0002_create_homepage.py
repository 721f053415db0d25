from django.db import migrations

from reisgids.atlas.treebuild import add_child_page

INTRO = (
    "De reisgids zorg en welzijn brengt de gemeente Rotterdam en initiatieven in zorg en welzijn bij "
    "elkaar: vind partijen en aanspreekpunten, sluit een zorg- en welzijnsdeal, leer van elkaars lessen "
    "en successen en vraag of bied hulp op de marktplaats."
)


def create_homepage(apps, schema_editor):
    """Replace Wagtail's welcome page by the reisgids home page and make it the default site's root."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    if apps.get_model("atlas", "HomePage").objects.exists():
        return
    welcome_type = ContentType.objects.get(app_label="wagtailcore", model="page")
    Page.objects.filter(content_type=welcome_type, depth=2, slug="home").delete()
    root = Page.objects.get(depth=1)
    home = add_child_page(apps, root, "atlas.HomePage", title="Reisgids zorg en welzijn", slug="home", intro=INTRO)
    Site.objects.filter(is_default_site=True).delete()
    Site.objects.create(
        hostname="localhost", port=80, site_name="Reisgids zorg en welzijn", root_page=home, is_default_site=True
    )


class Migration(migrations.Migration):
    dependencies = [("atlas", "0001_initial")]

    operations = [migrations.RunPython(create_homepage, migrations.RunPython.noop)]
