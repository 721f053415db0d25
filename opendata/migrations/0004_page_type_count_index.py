"""An index on Wagtail's page table for "how many live pages of one type in one language" (the
``count`` of the API's lists of events, news, lessons and stories): (content type, locale, id) of the
live pages, so PostgreSQL counts a type's Dutch pages from the index alone. Before, it read the page
table by primary key and dropped the other types (5,000 news pages among 13,000 live pages on the
bench's full scale: 5-7 ms cold; from the index 2.5). On PostgreSQL only, like 0003."""

from django.db import migrations

from reisgids.dbindexes import postgres_index


class Migration(migrations.Migration):
    dependencies = [("opendata", "0003_page_type_published_index"), ("wagtailcore", "0001_initial")]

    operations = [
        postgres_index(
            "opendata_page_type_count",
            "wagtailcore_page",
            '("content_type_id", "locale_id", "id") WHERE "live"',
        )
    ]
