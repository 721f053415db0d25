"""Trigram indexes for the lists' text filters, on PostgreSQL only.

The text filters (``?q=`` of the deals, the marktplaats and the directory) use Django's
``icontains``, which PostgreSQL runs as ``UPPER(column::text) LIKE UPPER('%word%')``. A B-tree index
cannot serve a pattern with a leading ``%``, so without more every such filter reads the whole table.
A GIN index with ``pg_trgm``'s ``gin_trgm_ops`` on that same expression can: PostgreSQL finds the
rows whose text holds the word's trigrams in the index and reads only those (a word shorter than
three letters has no trigram and still reads everything). The filters stay as they are, so SQLite
(``make run``) runs the same ``icontains``; these migrations do nothing there.

``trigram_indexes(table, *columns)`` is the migration operation: the extension (``CREATE EXTENSION
IF NOT EXISTS pg_trgm``, a trusted extension since PostgreSQL 13) and one index per column, named
``<table>_<column>_trgm``; reversed it drops the indexes (the extension stays, other indexes may use
it). Not in the models' ``Meta.indexes``: SQLite rebuilds a table with all of those on a later
migration and has no GIN."""

from django.db import migrations


def _name(table, column):
    return f"{table}_{column}_trgm"[:63]


def trigram_indexes(table, *columns):
    def create(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for column in columns:
            schema_editor.execute(
                f'CREATE INDEX IF NOT EXISTS "{_name(table, column)}" ON "{table}" '
                f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
            )

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for column in columns:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{_name(table, column)}"')

    return migrations.RunPython(create, drop, elidable=False)


def postgres_index(name, table, definition, *, extension=None):
    """A migration operation: ``CREATE INDEX name ON table definition`` on PostgreSQL only (e.g. a
    partial index on Wagtail's page table, which no model of ours declares), dropped when reversed;
    with ``extension`` (a trusted one, e.g. ``btree_gin``) created first if missing (it stays when
    reversed, like ``pg_trgm`` above)."""

    def create(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            if extension:
                schema_editor.execute(f'CREATE EXTENSION IF NOT EXISTS "{extension}"')
            schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" {definition}')

    def drop(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')

    return migrations.RunPython(create, drop, elidable=False)
