"""The marktplaats' fragment cache (see ``reisgids.caching``): the listing of /marktplaats/ (filters,
count and results) and the matches on a listing page are the same for every visitor, so they are
rendered once per version of the ``"marktplaats"`` namespace. Every save, delete or change of links
of a listing bumps that version; names of organisations, themes and areas come from the directory,
whose version is part of the key as well."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from reisgids.caching import DIRECTORY, bump_version, fragment

NAMESPACE = "marktplaats"
NAMESPACES = (NAMESPACE, DIRECTORY)


def bump():
    bump_version(NAMESPACE)


def bump_marktplaats_version(**_signal_kwargs):
    """Bump now, and again when the transaction commits: a request that rendered the old rows
    between the two cannot keep them in the cache."""
    bump()
    transaction.on_commit(bump)


def marktplaats_fragment(request, name, render, *, key_parts=(), vary_on_query=True):
    return fragment(
        request, name, render, namespaces=NAMESPACES, key_parts=key_parts, vary_on_query=vary_on_query
    )


def connect_signals():
    from marktplaats.models import Listing

    post_save.connect(bump_marktplaats_version, sender=Listing, weak=False, dispatch_uid="marktplaats-save")
    post_delete.connect(bump_marktplaats_version, sender=Listing, weak=False, dispatch_uid="marktplaats-del")
    for through in (Listing.themes.through, Listing.areas.through, Listing.neighbourhoods.through):
        m2m_changed.connect(
            bump_marktplaats_version,
            sender=through,
            weak=False,
            dispatch_uid=f"marktplaats-m2m-{through.__name__}",
        )
