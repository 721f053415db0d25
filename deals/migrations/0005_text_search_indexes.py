"""Trigram indexes for the register's text filter, /deals/?q= (``reisgids.dbindexes``; PostgreSQL
only, nothing on SQLite)."""

from django.db import migrations

from reisgids.dbindexes import trigram_indexes


class Migration(migrations.Migration):
    dependencies = [
        ("deals", "0004_invitation_answer_withdraw_lapse"),
        ("reisgids", "0008_text_search_indexes"),
    ]

    operations = [trigram_indexes("deals_deal", "title", "goal", "idea")]
