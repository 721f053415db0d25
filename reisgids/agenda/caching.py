"""The agenda's iCal feed is the same for everybody and costs a few milliseconds per event, so it is
built once per version of the ``"agenda"`` namespace (see ``reisgids.caching``) and per hour (the
feed's window moves with the clock). Publishing, unpublishing, saving or deleting an event bumps the
version; bulk seeding calls ``bump()`` itself."""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from reisgids.caching import bump_version, version

NAMESPACE = "agenda"
FEED_TIMEOUT = 60 * 60


def bump():
    bump_version(NAMESPACE)


def bump_agenda_version(sender=None, instance=None, **_signal_kwargs):
    """Bump now and again on commit (a request between the two cannot keep the old feed)."""
    from reisgids.agenda.models import EventIndexPage, EventPage

    if sender is not None and not issubclass(sender, EventPage | EventIndexPage):
        return
    bump()
    transaction.on_commit(bump)


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


def connect_signals():
    from wagtail.signals import page_published, page_unpublished

    from reisgids.agenda.models import EventIndexPage, EventPage

    for model in (EventPage, EventIndexPage):
        post_save.connect(bump_agenda_version, sender=model, dispatch_uid=f"agenda-save-{model.__name__}")
        post_delete.connect(bump_agenda_version, sender=model, dispatch_uid=f"agenda-del-{model.__name__}")
    page_published.connect(bump_agenda_version, dispatch_uid="agenda-published")
    page_unpublished.connect(bump_agenda_version, dispatch_uid="agenda-unpublished")
