"""Per-person limits on writes (comments, stories, listings) that hold under concurrency.

A limit is a count of the person's recent rows in the database, taken while holding a lock on
(limit kind, person) until the caller's transaction ends. Two requests of the same person therefore
count one after the other, and the second sees the row the first one wrote: sixteen parallel posts
against a limit of ten create ten. The count lives in the database, not in the cache, so a cache
outage does not open the limit up.

On PostgreSQL the lock is a transaction-level advisory lock; it blocks nothing else. Other backends
lock the person's row instead (SQLite, the local run command's default, has no row locks but lets one
writer in at a time)."""

import hashlib
import time

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection


def _lock_key(kind, user_id):
    """A signed 64-bit key for ``pg_advisory_xact_lock`` from the limit's kind and the person."""
    digest = hashlib.blake2b(f"ratelimit:{kind}:{user_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _lock(kind, user):
    if not connection.in_atomic_block:
        raise RuntimeError("A rate limit is checked inside the transaction that writes the row.")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_lock_key(kind, user.pk)])
    else:
        get_user_model().objects.select_for_update().filter(pk=user.pk).exists()  # user may be lazy


def check_rate_limit(*, kind, user, recent, limit, message):
    """Raise ``ValidationError(message)`` when ``recent`` (a queryset of the person's rows inside the
    window) already holds ``limit`` rows. Call it inside the service's transaction, before the write:
    the lock on (``kind``, ``user``) is held until that transaction commits or rolls back."""
    _lock(kind, user)
    if recent.count() >= limit:
        raise ValidationError(message)


def hit_window(*, kind, ident, limit, window):
    """Count one request of ``ident`` (for example a client address) against ``limit`` per ``window``
    seconds, in the cache (reads of anonymous visitors have no rows to count, unlike the writes above).
    Returns 0 while within the limit, else the seconds until the window ends (for ``Retry-After``).
    A fixed window. On Redis one round trip per request (``ResilientRedisCache.incr_window``); with
    Redis down the limit is not applied: it guards the server's load, not a person's data."""
    now = int(time.time())
    start = now - now % window
    key = f"ratelimit:{kind}:{ident}:{start}"
    if hasattr(cache, "incr_window"):
        count = cache.incr_window(key, window + 5)
    else:  # the database cache of the zero-setup run
        try:
            try:
                count = cache.incr(key)
            except ValueError:
                cache.add(key, 0, timeout=window + 5)
                count = cache.incr(key)
        except Exception:  # noqa: BLE001 - the key expired between add and incr
            return 0
    return max(1, start + window - now) if count > limit else 0
