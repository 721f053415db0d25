"""An index on Wagtail's page table for "the live pages of one type, newest first"
(``atlas.selectors.lesson_list``): (content type, first published, id) of the live pages. Without it
PostgreSQL reads the whole site's pages newest first and drops those of other types. On PostgreSQL
only, like ``reisgids.dbindexes``: SQLite (``make run``) needs no such index."""

from django.db import migrations

from reisgids.dbindexes import postgres_index


class Migration(migrations.Migration):
    dependencies = [("atlas", "0007_english"), ("wagtailcore", "0001_initial")]

    operations = [
        postgres_index(
            "atlas_page_type_recent", "wagtailcore_page", '("content_type_id", "first_published_at" DESC, "id" DESC) WHERE "live"'
        )
    ]
