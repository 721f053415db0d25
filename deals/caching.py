"""The deals' fragment cache (see ``reisgids.caching``): the public register's listing and the
public body of a deal page are the same for every visitor who is not a partner, so they are
rendered once per version of the ``"deals"`` namespace. Every save, delete or change of links of
a deal or anything shown with it bumps that version; names of organisations, themes and areas come
from the directory, whose version is part of the key as well."""

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from reisgids.caching import DIRECTORY, bump_version, fragment

NAMESPACE = "deals"
NAMESPACES = (NAMESPACE, DIRECTORY)


def bump():
    bump_version(NAMESPACE)


def bump_deals_version(**_signal_kwargs):
    """Bump now, and again when the transaction commits: a request that rendered the old rows
    between the two cannot keep them in the cache."""
    bump()
    transaction.on_commit(bump)


def deals_fragment(request, name, render, *, key_parts=(), vary_on_query=True):
    return fragment(
        request, name, render, namespaces=NAMESPACES, key_parts=key_parts, vary_on_query=vary_on_query
    )


def connect_signals():
    from deals.models import (
        Contribution,
        Deal,
        DealEvent,
        DealPartner,
        ExpectedResult,
        KickoffMoment,
        Milestone,
        Risk,
    )

    for model in (Deal, DealPartner, Contribution, ExpectedResult, Milestone, Risk, DealEvent, KickoffMoment):
        post_save.connect(
            bump_deals_version, sender=model, weak=False, dispatch_uid=f"deals-save-{model.__name__}"
        )
        post_delete.connect(
            bump_deals_version, sender=model, weak=False, dispatch_uid=f"deals-del-{model.__name__}"
        )
    for through in (
        Deal.themes.through,
        Deal.areas.through,
        Deal.neighbourhoods.through,
        Deal.instruments.through,
    ):
        m2m_changed.connect(
            bump_deals_version, sender=through, weak=False, dispatch_uid=f"deals-m2m-{through.__name__}"
        )
