"""Rendered page fragments and whole pages that are the same for every visitor, cached in Redis
until the data they show changes, and the one registry that says when that is.

A cached part depends on *namespaces* (``"directory"``, ``"deals"``, ``"atlas"`` …): its key holds
the current version of each, so a bump of any of them makes the next request render it afresh;
old entries simply expire.

Each app declares from its own ``AppConfig.ready()``:

- its namespaces, with ``register_namespace(name, shows_user_names=…, on_pages=…)``: whether its
  parts show people's names (a rename or an account deletion bumps every such namespace), and
  whether pages of the site tree show it (the page cache's key, ``page_namespaces()``, holds those);
- per model which namespaces it feeds, with ``register_invalidation(Model, namespaces=…, m2m=True)``:
  a save or delete of the model or of any subclass (and, with ``m2m``, a change of its links) bumps
  them; ``signals`` names other signals (Wagtail's publish, move …) that do.

``bump(*namespaces)`` is the one way to bump: now, and again when the transaction commits, so a
request that renders during the transaction and caches the old rows is overwritten at commit.
Bulk writers that send no signals call ``bump_for(*models)``: the namespaces the registry holds
for those models. Fragments are kept with ``fragment()`` (templates: ``{% cachedfragment %}``);
a namespace that is not registered is refused there and by ``bump()``, so a typo fails loudly
instead of keeping a part that no write outdates.

When Redis is down the versions cannot be read (``versions_of`` returns None): fragments are then
rendered and not kept; a bump that failed is made when Redis returns (``reisgids.redis_cache``).

Per-object entries (the signed-in user, a user's unread count) are kept with ``entry(kind, ident,
load)`` and outdated with ``forget(kind, *idents)``: each object has a version of its own, and
the entry holds the version it was loaded at, so both are read in one round trip and an entry
loaded from rows a concurrent write has since replaced is never served.
"""

import hashlib
import json
import re
import time
from dataclasses import dataclass

from asgiref.local import Local
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.middleware.csrf import get_token
from django.utils import translation
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from reisgids.redis_cache import soft_failures

DIRECTORY = "directory"
VERSION_KEY = "directory:version"  # the directory's key, as before namespaces existed
FRAGMENT_TIMEOUT = 60 * 60
WRITES = (post_save, post_delete)


@dataclass
class Namespace:
    name: str
    shows_user_names: bool = False
    on_pages: bool = False


@dataclass(frozen=True)
class Invalidation:
    """One declaration: ``signals`` of ``model`` (or a subclass), and ``m2m_changed`` of its link
    tables ``m2m``, bump ``namespaces``."""

    model: type
    namespaces: tuple
    signals: tuple
    m2m: tuple = ()


NAMESPACES = {}  # name -> Namespace, in the order the apps registered them
INVALIDATIONS = []
_senders = {}  # signal -> {model: set of namespaces}
_resolved = {}  # (signal, sender) -> namespaces for that sender and every class it inherits from


def register_namespace(name, *, shows_user_names=False, on_pages=False):
    namespace = NAMESPACES.setdefault(name, Namespace(name))
    namespace.shows_user_names |= shows_user_names
    namespace.on_pages |= on_pages
    return name


def _check_registered(namespaces):
    unknown = [name for name in namespaces if name not in NAMESPACES]
    if unknown:
        raise ImproperlyConfigured(f"Cache namespaces not registered (reisgids.caching): {unknown}")


def _m2m_throughs(model):
    """The link tables Django made for ``model``'s many-to-many fields (a ``through`` model of its
    own, such as a membership, is registered as a model)."""
    throughs = (f.remote_field.through for f in model._meta.many_to_many)
    return tuple(through for through in throughs if through._meta.auto_created)


def register_invalidation(*models, namespaces, m2m=False, signals=WRITES):
    """A write of any of ``models`` (or a subclass: ``signals``, by default a save or delete) bumps
    ``namespaces``; with ``m2m`` also a change of the model's many-to-many links."""
    namespaces = tuple(namespaces)
    _check_registered(namespaces)
    for model in models:
        throughs = _m2m_throughs(model) if m2m else ()
        INVALIDATIONS.append(Invalidation(model, namespaces, tuple(signals), throughs))
        for signal in signals:  # any sender: a subclass sends with its own class
            _senders.setdefault(signal, {}).setdefault(model, set()).update(namespaces)
            signal.connect(_changed, weak=False, dispatch_uid=f"reisgids-caching-{id(signal)}")
        for through in throughs:  # per link table: Django adds a query to every add() that has listeners
            _senders.setdefault(m2m_changed, {}).setdefault(through, set()).update(namespaces)
            uid = f"reisgids-caching-{through._meta.label}"
            m2m_changed.connect(_changed, sender=through, weak=False, dispatch_uid=uid)
    _resolved.clear()


def namespaces_for(signal, sender):
    """The namespaces a ``signal`` from ``sender`` bumps (its own and its base classes')."""
    key = (signal, sender)
    if key not in _resolved:
        found = set()
        registered = _senders.get(signal, {})
        for cls in getattr(sender, "__mro__", ()):
            found |= registered.get(cls, set())
        _resolved[key] = tuple(sorted(found))
    return _resolved[key]


def _changed(signal, sender, action=None, **_kwargs):
    if signal is m2m_changed and not action.startswith("post_"):
        return
    namespaces = namespaces_for(signal, sender)
    if namespaces:
        bump(*namespaces)


def bump_for(*models):
    """For writes that send no signals (``bulk_create``, ``update``, raw deletes): bump every
    namespace a save of one of ``models`` would bump."""
    bump(*sorted({name for model in models for name in namespaces_for(post_save, model)}))


def page_namespaces():
    """The namespaces pages of the site tree show: part of the page cache's key."""
    return tuple(name for name, namespace in NAMESPACES.items() if namespace.on_pages)


def user_name_namespaces():
    return tuple(name for name, namespace in NAMESPACES.items() if namespace.shows_user_names)


def bump_user_names():
    """A person's shown name changed or went (a rename, an account deletion)."""
    bump(*user_name_namespaces())


def _version_key(namespace):
    return VERSION_KEY if namespace == DIRECTORY else f"{namespace}:version"


def _bump_versions(namespaces):
    if hasattr(cache, "incr_versions"):  # Redis: all in one round trip
        cache.incr_versions([_version_key(namespace) for namespace in namespaces])
        return
    for namespace in namespaces:  # the database cache of the zero-setup run
        key = _version_key(namespace)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 2, timeout=None)


def bump(*namespaces):
    """Bump ``namespaces`` now and, inside a transaction, again when it commits: a request that
    read the old rows before the commit and kept what it rendered is outdated by the second bump."""
    _check_registered(namespaces)
    _bump_versions(namespaces)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _bump_versions(namespaces))


def version(namespace):
    """The current version of ``namespace``, or None when the cache could not be read."""
    versions = versions_of((namespace,))
    return None if versions is None else versions[namespace]


def versions_of(namespaces):
    """The current version of each namespace, read in one round trip (a page's fragments often
    depend on several); a namespace never bumped starts at 1. None when the cache could not be read
    (Redis down): then nothing may be cached or served by these versions, so callers render afresh."""
    return versions_with(namespaces)[0]


def versions_with(namespaces, keys=()):
    """``versions_of(namespaces)`` and the entries of ``keys``, read in the same round trip:
    ``(versions or None, {key: value of each key found})``. A caller that can guess the key an entry
    has under the current versions (e.g. the versions it found last time) gets the versions and the
    entry at once; it must check that the key it guessed is the one the versions give."""
    failures = soft_failures(cache)
    version_keys = {namespace: _version_key(namespace) for namespace in namespaces}
    found = cache.get_many([*version_keys.values(), *keys])
    for key in version_keys.values():
        if key not in found:
            cache.add(key, 1, timeout=None)
            found[key] = cache.get(key)
    if soft_failures(cache) != failures or any(found[key] is None for key in version_keys.values()):
        return None, {}
    versions = {namespace: found[key] for namespace, key in version_keys.items()}
    return versions, {key: found[key] for key in keys if key in found}


_last_versions = {}  # namespaces -> the versions this process read last (a guess for the next read)


def lookup(namespaces, key_for):
    """The entry kept under the key ``key_for(versions)`` gives for the current ``versions`` of
    ``namespaces``: ``(key, value or None)``, or ``(None, None)`` when the cache could not be read
    (render, keep nothing). The versions are read together with the entry under the versions this
    process read last (``versions_with``), so while no write bumped them since, which is nearly
    always, it costs one round trip; after a bump a second one reads the entry under the new key."""
    guess = _last_versions.get(namespaces)
    guessed = None if guess is None else key_for(guess)
    versions, found = versions_with(namespaces, () if guessed is None else (guessed,))
    if versions is None:
        return None, None
    _last_versions[namespaces] = versions
    if versions == guess:
        return guessed, found.get(guessed)
    key = key_for(versions)
    return key, cache.get(key)


def versions_key(versions):
    """The part of a key that holds ``versions``: ``directory3.deals7``."""
    return ".".join(f"{namespace}{number}" for namespace, number in versions.items())


def fragment(request, name, render, *, namespaces=(DIRECTORY,), key_parts=(), vary_on_query=True):
    """The fragment ``name`` for this request's language, query string (unless not
    ``vary_on_query``) and ``key_parts``: from the cache, or ``render()``-ed and stored. Valid
    until one of ``namespaces`` is bumped."""
    params = ""
    if vary_on_query:
        params = urlencode(sorted((key, value) for key, values in request.GET.lists() for value in values))
    language = translation.get_language()
    html = kept(
        f"fragment:{name}:{language}",
        lambda: str(render()),
        namespaces=namespaces,
        key_parts=(params, *key_parts),
    )
    return mark_safe(html)  # noqa: S308 - our own rendered, auto-escaped template output


def kept(name, load, *, namespaces=(DIRECTORY,), key_parts=()):
    """The value ``load()`` gives (anything the cache can pickle) for ``name`` and ``key_parts``:
    from the cache, or loaded and stored; valid until one of ``namespaces`` is bumped. Loaded every
    time when the cache is unavailable; None is not kept."""
    _check_registered(namespaces)
    digest = hashlib.sha256("|".join(map(str, key_parts)).encode()).hexdigest()[:32]
    key, value = lookup(tuple(namespaces), lambda versions: f"{name}:{versions_key(versions)}:{digest}")
    if key is None:  # the cache is unavailable: load
        return load()
    if value is None:
        value = load()
        if value is not None:
            cache.set(key, value, FRAGMENT_TIMEOUT)
    return value


def page_parts(request, name, build, *, namespaces=(DIRECTORY,), key_parts=(), shared=False):
    """The parts of a detail page: ``build()`` returns a dict with its ``title``, ``description``
    and rendered ``content`` (and may add more JSON values, e.g. what decides who may see the
    page). Render them with ``PAGE_PARTS_TEMPLATE``, whose base template adds what differs per
    visitor (the CSRF token, messages).

    With ``shared`` the parts are the same for every visitor, signed in or not: what is personal
    (buttons, edit links, forms) is a slot (``slot()``) in the content, filled per request, so the
    parts come from the fragment cache for everyone. Without it only visitors who are not signed in
    get them from the cache and signed-in users get theirs built afresh. The query string is not
    part of the key."""
    if request.user.is_authenticated and not shared:
        parts = build()
    else:
        cached = fragment(
            request,
            name,
            lambda: json.dumps(_as_nobody(request, build) if shared else build()),
            namespaces=namespaces,
            key_parts=key_parts,
            vary_on_query=False,
        )
        parts = json.loads(cached)
    parts["content"] = mark_safe(parts["content"])  # noqa: S308 - our own rendered, auto-escaped template output
    return parts


def _as_nobody(request, build):
    """``build()`` with the request's user as a visitor who is not signed in: what is shared cannot
    hold what only this user may see, whoever's request renders it."""
    user = request.user
    request.user = AnonymousUser()
    try:
        return build()
    finally:
        request.user = user


PAGE_PARTS_TEMPLATE = "reisgids/page_parts.html"


ENTRY_TIMEOUT = 60 * 60


def _entry_keys(kind, ident, part=None):
    value_key = f"{kind}:{ident}" if part is None else f"{kind}:{ident}:{part}"
    return f"{kind}:{ident}:version", value_key


ENTRY_KINDS = set()  # the kinds entries were kept of in this process (``forget_all``)


_MISS = object()


def _kept_value(found, version_key, value_key):
    """The value of an entry among ``found`` (a ``get_many``) if it was kept at its current version."""
    current, kept = found.get(version_key), found.get(value_key)
    return kept[1] if current is not None and kept is not None and kept[0] == current else _MISS


# Entries read along with another one (``entry(…, along=…)``), kept for the rest of the request until
# asked for or outdated; only while a request is handled (from request_started to request_finished:
# not in a task or a shell, which no request would empty).
_ALONG = Local()


def _along():
    return getattr(_ALONG, "hits", None)


def _start_along(**_kwargs):
    _ALONG.hits = {}


def _end_along(**_kwargs):
    _ALONG.hits = None


request_started.connect(_start_along, dispatch_uid="reisgids.caching.along")
request_finished.connect(_end_along, dispatch_uid="reisgids.caching.along")


def entry(kind, ident, load, *, part=None, timeout=ENTRY_TIMEOUT, along=()):
    """The value ``load()`` gives for object ``ident`` of ``kind`` (with ``part``: one of several
    values of that object, e.g. a page of a list, all outdated together), from the cache while no
    ``forget(kind, ident)`` happened since it was kept (one round trip on a hit). The version is
    read before ``load()`` runs, so a value loaded before a concurrent write commits is kept under
    the old version and never served. None is not kept; with Redis down every call loads.

    ``along``: (kind, ident) of other entries this request will ask for (the signed-in user's unread
    count with the user), read in the same round trip; a current one is then served from memory to
    the first ``entry()`` of it in this request, unless a ``forget`` of it came first."""
    ENTRY_KINDS.add(kind)
    version_key, value_key = _entry_keys(kind, ident, part)
    hits = _along()
    if hits and value_key in hits:
        return hits.pop(value_key)
    others = [_entry_keys(*other) for other in along] if hits is not None else []
    failures = soft_failures(cache)
    found = cache.get_many([version_key, value_key, *(key for pair in others for key in pair)])
    for other_keys in others:
        if (other := _kept_value(found, *other_keys)) is not _MISS:
            hits[other_keys[1]] = other
    if (value := _kept_value(found, version_key, value_key)) is not _MISS:
        return value
    current = found.get(version_key)
    if soft_failures(cache) != failures:
        return load()
    if current is None:  # new, or the version was evicted: a fresh one no old entry can hold
        cache.add(version_key, time.time_ns(), timeout=None)
        current = cache.get(version_key)
    value = load()
    if value is not None and current is not None and soft_failures(cache) == failures:
        cache.set(value_key, (current, value), timeout)
    return value


def _bump_entries(keys):
    for key in keys:
        try:
            cache.incr(key)
        except ValueError:  # never read since it was kept or evicted: no entry is keyed on it
            pass


def forget(kind, *idents):
    """Outdate the entries of ``idents``, now and (inside a transaction) again when it commits."""
    keys = [_entry_keys(kind, ident)[0] for ident in idents]
    hits = _along() or {}
    for ident in idents:
        for key in [key for key in hits if key == f"{kind}:{ident}" or key.startswith(f"{kind}:{ident}:")]:
            del hits[key]
    _bump_entries(keys)
    if keys and transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _bump_entries(keys))


def forget_all(*idents):
    """Outdate every entry this process kept of ``idents`` (e.g. a user: the user, their unread
    count, their pages of notifications): what a cold request of theirs must load again."""
    for kind in sorted(ENTRY_KINDS):
        forget(kind, *idents)


# --- parts that depend on the code and the settings alone ---------------------------------------

IN_PROCESS = {}
IN_PROCESS_LIMIT = 512


def in_process(key, build):
    """What ``build()`` makes, kept in this process under ``key``, which must name everything it
    depends on besides the code (the language, the settings it reads, the path …): never data a
    write changes, a user, or a request's personal parts. At most ``IN_PROCESS_LIMIT`` values, then
    afresh (a key may hold a visitor's path)."""
    value = IN_PROCESS.get(key)
    if value is None:
        value = build()
        if len(IN_PROCESS) >= IN_PROCESS_LIMIT:
            IN_PROCESS.clear()
        IN_PROCESS[key] = value
    return value


# --- personal parts of a shared page -------------------------------------------------------------

SLOTS = {}  # name -> fill(request, *args) -> HTML
SLOT_PATTERN = re.compile(rb"\x00slot:([a-z_]+)((?::[^\x00:]*)*)\x00")
SLOT_START = b"\x00slot:"
SLOT_ARGUMENT = re.compile(r"[\w.-]*")  # ids, numbers, slugs


def register_slot(name, fill):
    """``fill(request, *args)`` renders the personal part ``name`` of a page for this request
    (``args`` are the strings given to ``slot()``); it may read per-request data once and keep it
    on the request for the other slots of the page."""
    if not re.fullmatch("[a-z_]+", name):
        raise ImproperlyConfigured(f"A slot name is lower case letters and underscores: {name!r}")
    SLOTS[name] = fill
    return name


def slot(name, *args):
    """A placeholder for the personal part ``name`` (with ``args``: ids, numbers) in a shared,
    cached part of a page, filled per request on the way out (``fill_slots``, by
    ``reisgids.middleware.PersonalPartsMiddleware``). Forms refuse NUL characters, so no user text
    can hold a placeholder."""
    if name not in SLOTS:
        raise ImproperlyConfigured(f"Slot not registered (reisgids.caching.register_slot): {name!r}")
    args = [str(arg) for arg in args]
    if not all(SLOT_ARGUMENT.fullmatch(arg) for arg in args):
        raise ValueError(f"Slot arguments are ids, numbers and slugs: {args!r}")
    return mark_safe("\x00slot:" + ":".join([name, *args]) + "\x00")  # noqa: S308 - no user text


def fill_slots(request, content):
    """``content`` (bytes) with each slot replaced by what its filler renders for ``request``; a
    slot nobody registered renders as nothing."""
    if SLOT_START not in content:
        return content

    def replace(match):
        fill = SLOTS.get(match[1].decode())
        if fill is None:
            return b""
        args = match[2].decode().split(":")[1:]
        return str(fill(request, *args)).encode()

    return SLOT_PATTERN.sub(replace, content)


# --- the CSRF token in a kept part ----------------------------------------------------------------

# Django's {% csrf_token %}: <input type="hidden" name="csrfmiddlewaretoken" value="…64 chars…">.
CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{64}(")')
CSRF_SLOT = register_slot("csrf_token", lambda request: get_token(request))


def csrf_context():
    """Context for rendering a part that is kept for more than one visitor (``fragment``,
    ``page_parts``): ``{% csrf_token %}`` writes a slot, filled with each visitor's own token when
    the page is served (``fill_slots``). The one way a kept part holds a form."""
    return {"csrf_token": slot(CSRF_SLOT)}


def without_csrf_tokens(content):
    """``content`` (bytes of a whole rendered page, about to be kept) with the token of every
    ``{% csrf_token %}`` replaced by the slot ``csrf_context`` writes."""
    return CSRF_INPUT.sub(rb"\1" + slot(CSRF_SLOT).encode() + rb"\2", content)
