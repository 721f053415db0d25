"""Filling the search index for rows written without Django's signals.

Wagtail indexes a row when it is saved (a ``post_save`` handler). Rows written without signals are
not in the index and so can never be found: pages created by data migrations (the standard pages,
each section's index page), and ``bulk_create`` in the bulk seeders of the bench. ``index_missing``
adds exactly those rows, in batches through the backend's ``add_bulk`` (what ``update_index`` does,
without re-indexing everything): one query per model finds the rows without an index entry.
It runs after every ``migrate`` (``post_migrate``) and from ``sitesearch.bench`` after
bulk seeding; ``manage.py update_index`` rebuilds the whole index when in doubt.
"""

from django.db import DatabaseError
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast
from wagtail.search.backends import get_search_backend

BATCH = 1000


def searched_models():
    """The model of every type in the registry (each page type and each model)."""
    from reisgids.registries import search_types

    models = []
    for entry in search_types():
        model = entry.get_model()  # None for pages of text (``TextType``): nothing to index
        if model is not None and model not in models:
            models.append(model)
    return models


def missing(model):
    """Rows of ``model`` without an entry in the search index."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.search.models import IndexEntry

    entries = IndexEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
    )
    return model._default_manager.filter(~Exists(entries)).order_by("pk")


def index_missing(models=None, *, batch=BATCH):
    """Index every row of ``models`` (default: all searched models) that is not in the index yet.
    Returns the number of rows indexed per model label."""
    backend = get_search_backend()
    counts = {}
    for model in models or searched_models():
        done = 0
        rows = []
        for row in missing(model).iterator(chunk_size=batch):
            rows.append(row)
            if len(rows) == batch:
                backend.add_bulk(model, rows)
                done, rows = done + len(rows), []
        if rows:
            backend.add_bulk(model, rows)
            done += len(rows)
        counts[model._meta.label] = done
    if any(counts.values()):
        from reisgids.caching import bump
        from sitesearch.apps import CACHE_NAMESPACE

        try:
            bump(CACHE_NAMESPACE)
        except DatabaseError:  # the database cache's table does not exist yet (first ``migrate``)
            pass
    return counts


def remove_orphans(models=None):
    """Delete the index entries of rows that no longer exist (rows deleted without signals, as the
    bulk seeders' ``clear`` does). Returns the number of entries removed per model label."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.search.models import IndexEntry

    counts = {}
    for model in models or searched_models():
        rows = model._default_manager.annotate(key=Cast("pk", output_field=CharField())).filter(
            key=OuterRef("object_id")
        )
        orphans = IndexEntry.objects.filter(content_type=ContentType.objects.get_for_model(model)).filter(
            ~Exists(rows)
        )
        counts[model._meta.label] = orphans.delete()[0]
    return counts


def index_missing_after_migrate(using="default", **_kwargs):
    if using == "default":
        index_missing()
