"""An index on Wagtail's page table for "the live pages of one type, newest first"
(``atlas.selectors.lesson_list``): (content type, first published, id) of the live pages. Without it
PostgreSQL reads the whole site's pages newest first and drops those of other types. On PostgreSQL
only, like ``reisgids.dbindexes``: SQLite (``make run``) needs no such index."""

from django.db import migrations

INDEX = "atlas_page_type_recent"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "wagtailcore_page" '
            '("content_type_id", "first_published_at" DESC, "id" DESC) WHERE "live"'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')


class Migration(migrations.Migration):
    dependencies = [("atlas", "0007_english"), ("wagtailcore", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
