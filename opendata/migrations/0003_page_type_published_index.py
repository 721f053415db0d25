"""An index on Wagtail's page table for "the live pages of one type, last published first"
(``opendata.selectors.last_change``: the Last-Modified of the API's lists of events, news, lessons and
stories, and the catalogue's ``dct:modified``). Without it PostgreSQL reads every live page of the type
for the newest date. On PostgreSQL only, like ``atlas`` 0008: SQLite (``make run``) needs no such index."""

from django.db import migrations

from reisgids.dbindexes import postgres_index


class Migration(migrations.Migration):
    dependencies = [("opendata", "0002_import_permission"), ("wagtailcore", "0001_initial")]

    operations = [
        postgres_index(
            "opendata_page_type_published", "wagtailcore_page", '("content_type_id", "last_published_at" DESC NULLS LAST) WHERE "live"'
        )
    ]
