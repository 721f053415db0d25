"""The results of /zoeken/ are the same for every visitor with the same language and query string
(every type shows only what anyone may see), so they are rendered once and kept in the fragment
cache (``reisgids.caching``) under the ``"search"`` namespace. Every save or delete of a searched
row (pages included: publishing and unpublishing save the page) and of a page view restriction
bumps it, and so does ``index_missing`` when it indexed rows written without signals. Names of
organisations shown with results come from the directory, whose version is part of the key too."""

from django.db.models.signals import post_delete, post_save

from reisgids.caching import DIRECTORY, bump_version, fragment

NAMESPACE = "search"
NAMESPACES = (NAMESPACE, DIRECTORY)


def bump(**_signal_kwargs):
    bump_version(NAMESPACE)


def search_fragment(request, render):
    return fragment(request, "site_search", render, namespaces=NAMESPACES)


def connect_signals():
    from wagtail.models import PageViewRestriction

    from reisgids.sitesearch.indexing import searched_models

    for model in [*searched_models(), PageViewRestriction]:
        label = model._meta.label
        post_save.connect(bump, sender=model, weak=False, dispatch_uid=f"search-save-{label}")
        post_delete.connect(bump, sender=model, weak=False, dispatch_uid=f"search-del-{label}")
