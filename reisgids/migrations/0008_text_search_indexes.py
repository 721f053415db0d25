"""Trigram indexes for the text filters of /partijen/ and /aanspreekpunten/ (``reisgids.dbindexes``;
PostgreSQL only, nothing on SQLite)."""

from django.db import migrations

from reisgids.dbindexes import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [("reisgids", "0007_contactpoint_citywide")]

    operations = [
        trigram_indexes("reisgids_organisation", "name", "summary", "description"),
        trigram_indexes("reisgids_contactpoint", "name", "function", "approach_for"),
    ]
