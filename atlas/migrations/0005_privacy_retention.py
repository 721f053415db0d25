"""The privacy statement states the retention periods (reisgids/retention.py). An install whose
/privacy/ page still has the text it was created with (atlas.0004) gets the new text; a page an
editor changed, or that has a draft waiting, is left alone. The old and new paragraphs are frozen here,
the old body by its SHA-256. (A kept copy of the page in the anonymous page cache lasts an hour at most.)"""

import hashlib
import json

from django.db import migrations

OLD_BODY_SHA256 = "0753f57d5d45907c32d16c2d3f6551841cfb2ecad6c64892c5b2b12242a65d4e"
OLD_RETENTION = (
    '<p>We bewaren je accountgegevens zolang je een account hebt. Verwijder je je account, dan wissen'
    ' we je naam, e-mailadres, wachtwoord, lidmaatschappen, aanvragen en meldingen. In het logboek '
    'blijft de wijziging zelf staan, maar niet meer gekoppeld aan jouw naam. Een aanspreekpunt hoort '
    'bij een organisatie: het blijft staan tot die organisatie het aanpast of verwijdert. Wil je dat '
    'het weggaat, vraag het dan aan de beheerders van de organisatie of aan ons.</p>'
)
NEW_RETENTION = (
    '<p>We bewaren je accountgegevens zolang je een account hebt. Verwijder je je account, dan wissen'
    ' we je naam, e-mailadres, wachtwoord, lidmaatschappen, aanvragen en meldingen. In het logboek '
    'blijft de wijziging zelf staan, maar niet meer gekoppeld aan jouw naam. Een aanspreekpunt hoort '
    'bij een organisatie: het blijft staan tot die organisatie het aanpast of verwijdert. Wil je dat '
    'het weggaat, vraag het dan aan de beheerders van de organisatie of aan ons.</p><p>Daarnaast '
    'ruimen we elke nacht automatisch op:</p><ul><li><b>Meldingen</b>: een gelezen melding na 90 '
    'dagen, elke andere melding na een jaar. Welke dagelijkse overzichten we je mailden, bewaren we '
    'ook een jaar.</li><li><b>Logboek van wijzigingen</b>: na twee jaar.</li><li><b>Sessies</b>: '
    'zodra ze verlopen zijn, uiterlijk twee weken nadat je inlogde.</li></ul>'
)
OLD_CHANGES = (
    '<p>Gaat het platform iets nieuws bewaren, dan passen we eerst deze verklaring aan. Deze versie '
    'is van 22 november 2026.</p>'
)
NEW_CHANGES = (
    '<p>Gaat het platform iets nieuws bewaren, dan passen we eerst deze verklaring aan. Deze versie '
    'is van 30 november 2026.</p>'
)
REPLACEMENTS = {OLD_RETENTION: NEW_RETENTION, OLD_CHANGES: NEW_CHANGES}


def is_old_default(raw_body):
    blocks = [[block["type"], block["value"]] for block in raw_body]
    return hashlib.sha256(json.dumps(blocks, ensure_ascii=False).encode()).hexdigest() == OLD_BODY_SHA256


def updated(raw_body):
    return [{**block, "value": REPLACEMENTS.get(block["value"], block["value"])} for block in raw_body]


def state_retention(apps, schema_editor):
    StandardPage = apps.get_model("atlas", "StandardPage")
    Revision = apps.get_model("wagtailcore", "Revision")
    for page in StandardPage.objects.filter(slug="privacy"):
        raw_body = [dict(block) for block in page.body.raw_data]
        if page.has_unpublished_changes or not is_old_default(raw_body):
            continue
        page.body = updated(raw_body)
        page.save(update_fields=["body"])
        # The admin edits the latest revision: it must not bring the old text back.
        revision = Revision.objects.filter(pk=page.latest_revision_id).first()
        if revision is not None and isinstance(revision.content.get("body"), str):
            revision_body = json.loads(revision.content["body"])
            if is_old_default(revision_body):
                revision.content["body"] = json.dumps(updated(revision_body))
                revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("atlas", "0004_sections_and_permissions"),
        ("wagtailcore", "__latest__"),
    ]

    operations = [migrations.RunPython(state_retention, migrations.RunPython.noop)]
