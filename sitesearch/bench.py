"""The site search's part of ``manage.py bench`` (found like ``seed_demo`` finds ``demo.py``).

Measures ``/zoeken/?q=mantelzorg`` (every type, five results each, with counts and snippets) and
one type alone. The bulk seeders insert rows without Django's signals, so nothing they add is in
the search index: ``seed`` indexes every searched row that is missing, in bulk (``add_bulk``, see
``sitesearch.indexing``). The bench calls the apps' ``seed`` functions in the order of
``INSTALLED_APPS``; ``after_seed``, which the bench calls after every app's ``seed``, indexes the
bulk rows of any app that comes after this one."""

from sitesearch.indexing import index_missing, remove_orphans

PAGES = [
    ("site_search", "/zoeken/?q=mantelzorg"),
    ("site_search_type", "/zoeken/?q=mantelzorg&type=partijen&page=2"),
]
PARAMS = {}
# The targets for /zoeken/: anonymous, a median of at most 15× the floor (not the common 12×);
# cold, at most 60 ms at the large scale. It runs one query per type, so its query limit follows the
# number of searched types.
TARGET_PAGES = ["site_search"]
TARGET_LIMITS = {"site_search": {"floor_ratio": 15.0, "queries": 14, "cold_ms": 60.0}}


def seed(*, organisations, clear):
    """Index the bulk rows; on a clear, first drop the entries of the rows an earlier run deleted."""
    removed = sum(remove_orphans().values()) if clear else 0
    counts = index_missing()
    return {"search_indexed": sum(counts.values()), "search_orphans_removed": removed}


def after_seed(*, organisations, clear):
    counts = index_missing()
    return {"search_indexed_after": sum(counts.values())}
