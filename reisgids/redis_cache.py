"""The cache backend: Django's Redis cache that fails soft when Redis is down.

A connection error or a timeout is a miss: ``get`` returns the default, ``get_many`` ``{}``,
``has_key`` False, ``add`` True and ``incr`` ``delta`` (as an empty cache that keeps nothing would
answer), and ``set``/``delete`` and the other writes do nothing. Nothing raises, so no page fails
because of the cache; it is logged at WARNING, at most once a minute per process.

Short socket timeouts (``OPTIONS`` in the settings) keep an unreachable Redis from stalling a
request, and a circuit breaker keeps it from stalling every request: after a failure Redis is not
asked again for ``RETRY_AFTER`` seconds (``OPTIONS["retry_after"]``; every call in that time is a
miss at once); the first call after that tries again. The breaker is per process and per server
list, shared by the threads (each thread has its own backend instance, see
``django.core.cache.caches``).

Writes that could not be made leave Redis with what it held before the outage, which may be stale
by the time it returns: the key of every failed write is remembered (per process), and when Redis
answers again the first call replays them before anything else: a failed ``incr`` (a namespace
version bump, ``reisgids.caching``) is made then, a failed ``set``, ``add`` or ``delete`` becomes a
delete. ``soft_failures()`` tells a caller whether any of its calls failed soft, so a fragment cache can
step aside instead of keying on versions it could not read.

One connection pool and one client per server and options in each process (``SharedRedisCacheClient``):
Django's client builds a ``redis.Redis`` for every operation, on a pool per backend instance, and
there is a backend instance per thread; here every thread of a process and every call shares them, so
connections are opened once and reused (a pool hands each thread a connection of its own)."""

import logging
import re
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

FAILURES = (RedisConnectionError, RedisTimeoutError)
RETRY_AFTER = 5.0  # seconds the breaker stays open after a failure (OPTIONS "retry_after")
LOG_EVERY = 60.0  # seconds between two warnings of one process
MAX_REMEMBERED = 10_000  # failed set/add keys kept for replay; failed incr/delete keys are always kept
DEFAULT_OPTIONS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.5}

INCR = "incr"
DELETE = "delete"


class _Breaker:
    """The state of one server list in this process."""

    def __init__(self, retry_after):
        self.retry_after = retry_after
        self.lock = threading.Lock()
        self.replay_lock = threading.Lock()
        self.open_until = 0.0
        self.down = False  # a call failed and none has succeeded since
        self.last_logged = -LOG_EVERY
        self.pending = {}  # key -> (INCR, delta) or (DELETE, None): writes to replay on recovery

    def is_open(self):
        return time.monotonic() < self.open_until

    def failed(self, error, operation):
        now = time.monotonic()
        with self.lock:
            self.open_until = now + self.retry_after
            self.down = True
            log = now - self.last_logged >= LOG_EVERY
            if log:
                self.last_logged = now
        if log:
            logger.warning(
                "Redis cache unavailable (%s on %s): serving without cache, retrying every %ss",
                type(error).__name__,
                operation,
                self.retry_after,
            )

    def remember(self, keys, action, delta=None):
        with self.lock:
            for key in keys:
                previous = self.pending.get(key)
                if action == INCR:
                    before = previous[1] if previous and previous[0] == INCR else 0
                    self.pending[key] = (INCR, before + delta)
                elif previous is None and (action == DELETE or len(self.pending) < MAX_REMEMBERED):
                    self.pending[key] = (DELETE, None)

    def recovered(self):
        """The writes to replay, when Redis answers again after an outage (once per outage)."""
        with self.lock:
            if not self.down:
                return {}
            self.down = False
            pending, self.pending = self.pending, {}
        return pending


_breakers = {}
_breakers_lock = threading.Lock()


def _breaker_for(servers, retry_after):
    key = (tuple(servers), retry_after)
    with _breakers_lock:
        if key not in _breakers:
            _breakers[key] = _Breaker(retry_after)
        return _breakers[key]


_clients = {}  # (server, options) -> the redis.Redis of this process, on its own pool
_clients_lock = threading.Lock()


class SharedRedisCacheClient(RedisCacheClient):
    """Django's Redis cache client, with one ``redis.Redis`` (and its connection pool) per server and
    options in this process instead of a new client per call and a pool per thread. ``redis.Redis``
    is thread-safe: each command takes a connection from the pool and gives it back; after a fork
    the pool notices the new process id and opens connections of its own."""

    def get_client(self, key=None, *, write=False):
        server = self._servers[self._get_connection_pool_index(write)]
        identity = (server, tuple(sorted((name, repr(value)) for name, value in self._pool_options.items())))
        client = _clients.get(identity)
        if client is None:
            with _clients_lock:
                client = _clients.get(identity)
                if client is None:
                    pool = self._pool_class.from_url(server, **self._pool_options)
                    client = _clients[identity] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        options = {**DEFAULT_OPTIONS, **params.get("OPTIONS", {})}
        retry_after = options.pop("retry_after", RETRY_AFTER)
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = SharedRedisCacheClient
        self.breaker = _breaker_for(self._servers, retry_after)
        self.soft_failures = 0  # calls of this instance (one thread) that failed soft

    def _call(self, method, args, fallback, *, writes=(), version=None, replay_as=DELETE, delta=None):
        """``method(*args)`` against Redis, or ``fallback`` when Redis is unavailable; the keys a
        failed call ``writes`` are remembered for replay (``replay_as``)."""
        if not self.breaker.is_open():
            try:
                if self.breaker.down:
                    self._recover()
                return method(*args)
            except FAILURES as error:
                self.breaker.failed(error, method.__name__)
        self.soft_failures += 1
        if writes:
            made = [self.make_and_validate_key(key, version=version) for key in writes]
            self.breaker.remember(made, replay_as, delta)
        return fallback

    def _recover(self):
        """Replay the writes that failed during the outage, before the call that found Redis back
        reads anything; other threads wait for it. Raises when Redis fails again meanwhile (the
        writes not made are remembered again)."""
        with self.breaker.replay_lock:
            pending = self.breaker.recovered()
            if not pending:
                return
            client = self._cache.get_client(write=True)
            count = len(pending)
            try:
                for key, (action, delta) in list(pending.items()):
                    if action == INCR:
                        # A key that is gone (Redis restarted empty) needs nothing: versions start afresh.
                        if client.exists(key):
                            client.incr(key, delta)
                    else:
                        client.delete(key)
                    del pending[key]
            except FAILURES:
                for key, (action, delta) in pending.items():
                    self.breaker.remember([key], action, delta)
                raise
            logger.info("Redis cache available again: replayed %d writes that failed meanwhile", count)

    # Reads: a miss.

    def get(self, key, default=None, version=None):
        return self._call(super().get, (key, default, version), default)

    def get_many(self, keys, version=None):
        return self._call(super().get_many, (keys, version), {})

    def has_key(self, key, version=None):
        return self._call(super().has_key, (key, version), False)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().touch, (key, timeout, version), False)

    # Writes: nothing happens, and the key is remembered for replay.

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().add, (key, value, timeout, version), True, writes=[key], version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set, (key, value, timeout, version), None, writes=[key], version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set_many, (data, timeout, version), [], writes=list(data), version=version)

    def delete(self, key, version=None):
        return self._call(super().delete, (key, version), False, writes=[key], version=version)

    def delete_many(self, keys, version=None):
        return self._call(super().delete_many, (keys, version), None, writes=list(keys), version=version)

    def incr(self, key, delta=1, version=None):
        replay = {"replay_as": INCR, "delta": delta}
        return self._call(super().incr, (key, delta, version), delta, writes=[key], version=version, **replay)

    def clear(self):
        """Delete this installation's keys: those under its ``KEY_PREFIX``. Django's ``clear`` flushes
        the whole Redis database, which would also drop Celery's queues (tasks waiting to be sent: a
        lost mail) and the keys of any other installation or test run that shares the server."""
        return self._call(self._clear_prefixed, (), False)

    def _clear_prefixed(self):
        client = self._cache.get_client(write=True)
        pattern = f"{_glob_escaped(self.key_prefix)}:*"  # every key made by make_key, whatever its version
        batch = []
        for key in client.scan_iter(match=pattern, count=1000):
            batch.append(key)
            if len(batch) == 1000:
                client.delete(*batch)
                batch = []
        if batch:
            client.delete(*batch)
        return True

    # Namespace versions (``reisgids.caching.bump``): many bumped at once, replayed after an outage.

    def incr_versions(self, keys, version=None):
        """Add one to each counter of ``keys``; a counter that is missing starts at 1, so it becomes 2
        (as ``incr`` after ``set(key, 1)``: a namespace never bumped is at version 1). One round trip
        for all of them (a pipeline of ``SET NX`` and ``INCR`` per key) where ``incr`` takes two per
        key (Django's checks that the key exists first). When Redis is unavailable each key is
        remembered and bumped on its return, like a failed ``incr``."""
        made = [self.make_and_validate_key(key, version=version) for key in keys]

        def bump():
            pipe = self._cache.get_client(write=True).pipeline(transaction=False)
            for key in made:
                pipe.set(key, 1, nx=True)
                pipe.incr(key)
            pipe.execute()

        bump.__name__ = "incr_versions"
        return self._call(bump, (), None, writes=list(keys), version=version, replay_as=INCR, delta=1)

    # A counter of a fixed window (``reisgids.ratelimits.hit_window``): not replayed, 0 when Redis is down.

    def incr_window(self, key, timeout, version=None):
        """Add one to the counter ``key`` and return its new value; the first hit creates it with an
        expiry of ``timeout`` seconds. One round trip (a pipeline of ``SET NX EX`` and ``INCR``), so the
        counter never lives without its expiry. 0 when Redis is unavailable."""
        made = self.make_and_validate_key(key, version=version)

        def count():
            pipe = self._cache.get_client(made, write=True).pipeline(transaction=False)
            pipe.set(made, 0, ex=int(timeout), nx=True)
            pipe.incr(made)
            return pipe.execute()[1]

        count.__name__ = "incr_window"
        return self._call(count, (), 0)


def _glob_escaped(text):
    """``text`` as a literal in a Redis ``SCAN MATCH`` pattern."""
    return re.sub(r"([*?\[\]\\])", r"\\\1", text)


def soft_failures(cache):
    """How many calls on ``cache`` (this thread's backend) failed soft so far: compare before and
    after a block to know whether Redis answered all of it. Always 0 for other backends."""
    return getattr(cache, "soft_failures", 0)
