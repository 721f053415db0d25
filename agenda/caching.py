"""The agenda's iCal feed is the same for everybody and costs a few milliseconds per event, so it is
built once per version of the ``"agenda"`` namespace (see ``reisgids.caching``) and per hour (the
feed's window moves with the clock). Publishing, unpublishing, saving or deleting an event bumps the
version (registered in ``agenda.apps``)."""

from django.core.cache import cache
from django.utils import timezone

from reisgids.caching import version

NAMESPACE = "agenda"
FEED_TIMEOUT = 60 * 60


def cached_feed(index_pk, build):
    """The feed's bytes: from the cache, or ``build()`` and stored (only built when the cache is
    unavailable)."""
    current = version(NAMESPACE)
    if current is None:
        return build()
    key = f"agenda:ical:{current}:{index_pk}:{timezone.now():%Y%m%d%H}"
    content = cache.get(key)
    if content is None:
        content = build()
        cache.set(key, content, FEED_TIMEOUT)
    return content
