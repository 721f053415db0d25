"""Rendered page fragments that are the same for every visitor, cached in Redis until the data
they show changes.

The listing of /partijen/, /aanspreekpunten/ and /instrumenten/ is the same for every visitor
with the same language and query string, so it is rendered once and reused. Every write to the
directory (a save, a delete or a change of links between organisations, contact points,
instruments, themes, areas and wijken) bumps one version number that is part of each key, so a
change is visible on the next request; old fragments simply expire. Bulk writes that skip
signals (``bulk_create``) call ``bump_directory_version`` themselves.

Other apps use the same mechanism with their own *namespace* (e.g. ``"deals"``): ``fragment()``
takes the namespaces a fragment depends on, and its key holds the current version of each, so a
bump of any of them (``bump_version(namespace)``) makes the next request render it afresh. A
fragment that shows names of organisations, themes or areas depends on ``"directory"`` too.

When Redis is down the versions cannot be read (``versions_of`` returns None): fragments are then
rendered and not kept; a bump that failed is made when Redis returns (``reisgids.redis_cache``).
"""

import hashlib
import json

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import translation
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from reisgids.redis_cache import soft_failures

DIRECTORY = "directory"
VERSION_KEY = "directory:version"  # the directory's key, as before namespaces existed
FRAGMENT_TIMEOUT = 60 * 60


def _version_key(namespace):
    return VERSION_KEY if namespace == DIRECTORY else f"{namespace}:version"


def version(namespace):
    """The current version of ``namespace``, or None when the cache could not be read."""
    versions = versions_of((namespace,))
    return None if versions is None else versions[namespace]


def versions_of(namespaces):
    """The current version of each namespace, read in one round trip (a page's fragments often
    depend on several); a namespace never bumped starts at 1. None when the cache could not be read
    (Redis down): then nothing may be cached or served by these versions, so callers render afresh."""
    failures = soft_failures(cache)
    keys = {namespace: _version_key(namespace) for namespace in namespaces}
    found = cache.get_many(keys.values())
    for key in keys.values():
        if key not in found:
            cache.add(key, 1, timeout=None)
            found[key] = cache.get(key)
    if soft_failures(cache) != failures or None in found.values():
        return None
    return {namespace: found[key] for namespace, key in keys.items()}


def bump_version(namespace):
    key = _version_key(namespace)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 2, timeout=None)


def directory_version():
    return version(DIRECTORY)


def bump_directory_version(**_signal_kwargs):
    bump_version(DIRECTORY)


def fragment(request, name, render, *, namespaces=(DIRECTORY,), key_parts=(), vary_on_query=True):
    """The fragment ``name`` for this request's language, query string (unless not
    ``vary_on_query``) and ``key_parts``: from the cache, or ``render()``-ed and stored. Valid
    until one of ``namespaces`` is bumped."""
    params = ""
    if vary_on_query:
        params = urlencode(sorted((key, value) for key, values in request.GET.lists() for value in values))
    digest = hashlib.sha256("|".join([params, *map(str, key_parts)]).encode()).hexdigest()[:32]
    versions = versions_of(namespaces)
    if versions is None:  # the cache is unavailable: render
        return mark_safe(str(render()))  # noqa: S308 - our own rendered, auto-escaped template output
    versions = ".".join(f"{namespace}{number}" for namespace, number in versions.items())
    key = f"fragment:{name}:{translation.get_language()}:{versions}:{digest}"
    html = cache.get(key)
    if html is None:
        html = str(render())
        cache.set(key, html, FRAGMENT_TIMEOUT)
    return mark_safe(html)  # noqa: S308 - our own rendered, auto-escaped template output


# Namespaces whose fragments or cached pages show people's names (a story's author, commenters, a
# listing's contact person, a deal's timeline): apps add theirs from their ``AppConfig.ready()``.
USER_NAME_NAMESPACES = set()


def register_user_name_namespaces(*namespaces):
    USER_NAME_NAMESPACES.update(namespaces)


def bump_user_name_namespaces():
    """A person's shown name changed or went (a rename, an account deletion): bump every namespace
    that shows names now, and again when the transaction commits, so no page keeps the old name."""

    def bump_all():
        for namespace in sorted(USER_NAME_NAMESPACES):
            bump_version(namespace)

    bump_all()
    transaction.on_commit(bump_all)


def page_parts(request, name, build, *, namespaces=(DIRECTORY,), key_parts=()):
    """The parts of a detail page: ``build()`` returns a dict with its ``title``, ``description``
    and rendered ``content``. A visitor who is not signed in gets the same page as every other, so
    for them the parts come from the fragment cache (built on a miss; the query string is not part
    of the key); signed-in users get theirs built afresh. Render them with ``PAGE_PARTS_TEMPLATE``,
    whose base template adds what differs per visitor (the CSRF token, messages)."""
    if request.user.is_authenticated:
        parts = build()
    else:
        cached = fragment(
            request,
            name,
            lambda: json.dumps(build()),
            namespaces=namespaces,
            key_parts=key_parts,
            vary_on_query=False,
        )
        parts = json.loads(cached)
    parts["content"] = mark_safe(parts["content"])  # noqa: S308 - our own rendered, auto-escaped template output
    return parts


PAGE_PARTS_TEMPLATE = "reisgids/page_parts.html"


def directory_fragment(request, name, render):
    """The fragment ``name`` of the directory for this request's language and query string."""
    return fragment(request, name, render, namespaces=(DIRECTORY,))


def connect_signals():
    from reisgids.models import Area, ContactPoint, Instrument, Neighbourhood, Organisation, Theme

    for model in (Area, ContactPoint, Instrument, Neighbourhood, Organisation, Theme):
        post_save.connect(
            bump_directory_version, sender=model, dispatch_uid=f"directory-save-{model.__name__}"
        )
        post_delete.connect(
            bump_directory_version, sender=model, dispatch_uid=f"directory-del-{model.__name__}"
        )
    for through in (
        Organisation.themes.through,
        Organisation.areas.through,
        Organisation.neighbourhoods.through,
        ContactPoint.themes.through,
        ContactPoint.areas.through,
        Instrument.themes.through,
    ):
        m2m_changed.connect(
            bump_directory_version, sender=through, dispatch_uid=f"directory-m2m-{through.__name__}"
        )
