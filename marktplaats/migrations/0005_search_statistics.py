"""Planner statistics on the expressions the list's text search filters on (``UPPER(title)``,
``UPPER(description)``: Django's ``icontains``), so PostgreSQL estimates how many listings match a
word and picks the plan for it (see ``ListingFilter.search``). PostgreSQL only; nothing elsewhere."""

from django.db import migrations

STATISTICS = {
    "marktplaats_listing_upper_title": "UPPER(title::text)",
    "marktplaats_listing_upper_description": "UPPER(description::text)",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, expression in STATISTICS.items():
        schema_editor.execute(f"CREATE STATISTICS IF NOT EXISTS {name} ON ({expression}) FROM marktplaats_listing")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in STATISTICS:
        schema_editor.execute(f"DROP STATISTICS IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("marktplaats", "0004_active_listing_indexes")]

    operations = [migrations.RunPython(create, drop)]
