"""Trigram indexes for the marktplaats' text filter, /marktplaats/?q= (``reisgids.dbindexes``;
PostgreSQL only, nothing on SQLite)."""

from django.db import migrations

from reisgids.dbindexes import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [
        ("marktplaats", "0005_search_statistics"),
        ("reisgids", "0008_text_search_indexes"),
    ]

    operations = [trigram_indexes("marktplaats_listing", "title", "description")]
