"""GIN indexes on Wagtail's search index by content type *and* text (``btree_gin``, a trusted
extension since PostgreSQL 13): the matches of one word in one type come from the index alone,
whatever the other types hold. Before, PostgreSQL could only intersect the word's matches in every
type (the ``title`` and ``body`` GIN indexes) with all of the type's entries (the content type's
B-tree): a word that no listing holds still read the 50,000 listings' entries at the bench's full
scale. The site search (``sitesearch.selectors._candidates``) reads a type's matches this way when
its newest rows hold too few. On PostgreSQL only."""

from django.db import migrations

from reisgids.dbindexes import postgres_index


class Migration(migrations.Migration):
    dependencies = [("wagtailsearch", "0010_add_text_fields")]

    operations = [
        postgres_index(
            f"sitesearch_entry_type_{column}",
            "wagtailsearch_indexentry",
            f'USING gin ("content_type_id", "{column}")',
            extension="btree_gin",
        )
        for column in ("title", "body")
    ]
