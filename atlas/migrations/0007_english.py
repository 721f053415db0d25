"""English pages (issue 16): the English locale, and the privacy statement no longer names a
language cookie (the address decides the language). The statement is changed only where it still
has the text this project wrote; an editor's own text is left alone."""

from importlib import import_module

from django.db import migrations

OLD = (
    "bewaard.</li><li><b>django_language</b>: Onthoudt je taalkeuze als je wisselt tussen Nederlands en "
    "Engels. Verdwijnt als je de browser sluit.</li></ul>"
)
NEW = (
    "bewaard.</li></ul><p>Voor je taalkeuze is geen cookie nodig: de Engelse pagina's hebben een eigen "
    "adres, dat begint met /en/.</p>"
)


def forwards(apps, schema_editor):
    Locale = apps.get_model("wagtailcore", "Locale")
    Locale.objects.get_or_create(language_code="en")
    StandardPage = apps.get_model("atlas", "StandardPage")
    Revision = apps.get_model("wagtailcore", "Revision")
    for page in StandardPage.objects.filter(slug="privacy"):
        raw_body = [dict(block) for block in page.body.raw_data]
        if not any(isinstance(block.get("value"), str) and OLD in block["value"] for block in raw_body):
            continue
        page.body = [
            {**block, "value": block["value"].replace(OLD, NEW)}
            if isinstance(block.get("value"), str)
            else block
            for block in raw_body
        ]
        page.save(update_fields=["body"])
        revision = Revision.objects.filter(pk=page.latest_revision_id).first()
        if (
            revision is not None
            and isinstance(revision.content.get("body"), str)
            and OLD in revision.content["body"]
        ):
            revision.content["body"] = revision.content["body"].replace(OLD, NEW)
            revision.save(update_fields=["content"])


# Contentbeheerders may make a page's English version in /beheer/ (its permission exists now).
grant_translating = import_module("atlas.migrations.0004_sections_and_permissions").grant_permissions


class Migration(migrations.Migration):
    dependencies = [
        ("atlas", "0006_orientation_home_and_statement"),
        ("wagtailcore", "__latest__"),
        ("simple_translation", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.RunPython(grant_translating, migrations.RunPython.noop),
    ]
