"""The marktplaats' fragment cache (see ``reisgids.caching``): the listing of /marktplaats/ (filters,
count and results) and the matches on a listing page are the same for every visitor, so they are
rendered once per version of the ``"marktplaats"`` namespace. Every save, delete or change of links
of a listing or of a voucher claim bumps that version; names of organisations, themes and areas come
from the directory and the title of a linked deal from the deals, whose versions are part of the keys
as well. A visitor who is not signed in gets the same listing page as every other, so that page is
cached whole; signed-in users get their own page with the matches from the cache."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from deals.caching import NAMESPACE as DEALS
from reisgids.caching import DIRECTORY, bump_version, fragment

NAMESPACE = "marktplaats"
NAMESPACES = (NAMESPACE, DIRECTORY)
DETAIL_NAMESPACES = (NAMESPACE, DIRECTORY, DEALS)  # a listing page shows the title of its deal


def bump():
    bump_version(NAMESPACE)


def bump_marktplaats_version(**_signal_kwargs):
    """Bump now, and again when the transaction commits: a request that rendered the old rows
    between the two cannot keep them in the cache."""
    bump()
    transaction.on_commit(bump)


def marktplaats_fragment(request, name, render, *, key_parts=(), vary_on_query=True, namespaces=NAMESPACES):
    return fragment(
        request, name, render, namespaces=namespaces, key_parts=key_parts, vary_on_query=vary_on_query
    )


def connect_signals():
    from marktplaats.models import Listing, VoucherClaim

    for model in (Listing, VoucherClaim):
        post_save.connect(
            bump_marktplaats_version,
            sender=model,
            weak=False,
            dispatch_uid=f"marktplaats-save-{model.__name__}",
        )
        post_delete.connect(
            bump_marktplaats_version,
            sender=model,
            weak=False,
            dispatch_uid=f"marktplaats-del-{model.__name__}",
        )
    for through in (Listing.themes.through, Listing.areas.through, Listing.neighbourhoods.through):
        m2m_changed.connect(
            bump_marktplaats_version,
            sender=through,
            weak=False,
            dispatch_uid=f"marktplaats-m2m-{through.__name__}",
        )
