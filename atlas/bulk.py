"""Thousands of live Wagtail pages in seconds, for the bench and bulk seeding.

``page.add_child(instance=…)`` costs a dozen queries per page (tree locks, revision, log entry, search
index); at 10,000 pages that is minutes. ``bulk_add_pages`` instead computes the treebeard materialised
paths itself (Wagtail's steps: four base-36 digits, as in ``treebuild``), inserts the
``wagtailcore_page`` rows with one ``bulk_create`` per batch, then the rows of the page type's own table
(multi-table inheritance: Django's ``bulk_create`` refuses such models, so the child rows are written
with one multi-row INSERT per batch, keyed on ``page_ptr_id``), adds the many-to-many links, updates
the parent's ``numchild`` and indexes the pages for search in bulk (Wagtail's database backend,
``add_bulk``). The pages are live and public; they have no revisions until an editor saves them.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Page
from wagtail.search.backends import get_search_backend

from atlas.treebuild import last_child_number, live_child_fields
from reisgids.caching import bump_for

BATCH_SIZE = 1000
PAGE_FIELDS = {field.name for field in Page._meta.concrete_fields} | {"content_type", "locale", "owner"}


def _split(model, row):
    """A row's fields for ``wagtailcore_page``, for the page type's own table, and many-to-many."""
    page_fields, own_fields, many = {}, {}, {}
    for name, value in row.items():
        field = model._meta.get_field(name)
        if field.many_to_many:
            many[field.name] = value
        elif field.name in PAGE_FIELDS:
            page_fields[name] = value
        else:
            own_fields[name] = value
    return page_fields, own_fields, many


def _insert_own_rows(model, instances):
    """One multi-row INSERT of the page type's own columns (``page_ptr_id`` and its local fields)."""
    fields = [field for field in model._meta.local_concrete_fields]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
    params = []
    for instance in instances:
        for field in fields:
            params.append(field.get_db_prep_save(field.pre_save(instance, add=True), connection))
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({columns}) VALUES {', '.join([row_sql] * len(instances))}",  # noqa: S608
            params,
        )


@transaction.atomic
def bulk_add_pages(parent, model, rows, *, index=True, published_at=None):
    """Add a live page of ``model`` (a Page subclass with its own table, or ``Page`` itself) under
    ``parent`` for every dict in ``rows`` (``title`` and ``slug`` required; other keys are the model's
    fields, many-to-many ones as lists of primary keys). Slugs must be unique among the parent's
    children. Returns the new pages' ids in the order of ``rows``."""
    parent = Page.objects.select_for_update().get(pk=parent.pk)
    number = last_child_number(Page, parent)
    content_type = ContentType.objects.get_for_model(model)
    published_at = published_at or timezone.now()
    own_table = model is not Page
    ids = []
    for start in range(0, len(rows), BATCH_SIZE):
        batch = rows[start : start + BATCH_SIZE]
        pages, owns, links = [], [], []
        for row in batch:
            number += 1
            page_fields, own_fields, many = _split(model, row)
            page_fields.setdefault("draft_title", page_fields["title"])
            page_fields.setdefault("first_published_at", published_at)
            page_fields.setdefault("last_published_at", page_fields["first_published_at"])
            slug = page_fields.pop("slug")
            pages.append(
                Page(content_type=content_type, **live_child_fields(parent, number, slug), **page_fields)
            )
            owns.append(own_fields)
            links.append(many)
        Page.objects.bulk_create(pages)
        if own_table:
            instances = [
                model(page_ptr_id=page.pk, **own_fields) for page, own_fields in zip(pages, owns, strict=True)
            ]
            _insert_own_rows(model, instances)
        _add_links(model, pages, links)
        ids += [page.pk for page in pages]
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + len(rows))
    if index and ids:
        index_pages(model, ids)
    # No signals were sent: every cache that shows pages of this type must still show the new ones.
    bump_for(model)
    return ids


def _add_links(model, pages, links):
    by_field = {}
    for page, many in zip(pages, links, strict=True):
        for name, values in many.items():
            by_field.setdefault(name, []).extend((page.pk, value) for value in values)
    for name, pairs in by_field.items():
        field = model._meta.get_field(name)
        through = field.remote_field.through
        source = field.m2m_field_name() + "_id"
        target = field.m2m_reverse_field_name() + "_id"
        through.objects.bulk_create(
            [through(**{source: page_id, target: value}) for page_id, value in pairs], batch_size=BATCH_SIZE
        )


def index_pages(model, ids):
    """Add the pages to the search index in batches (what ``update_index`` does, for these pages)."""
    backend = get_search_backend()
    for start in range(0, len(ids), BATCH_SIZE):
        batch = ids[start : start + BATCH_SIZE]
        pages = model.objects.filter(pk__in=batch)
        related = [name for name in _many_to_many_names(model)]
        if related:
            pages = pages.prefetch_related(*related)
        backend.add_bulk(model, list(pages))


def _many_to_many_names(model):
    return [field.name for field in model._meta.get_fields() if field.many_to_many and not field.auto_created]
