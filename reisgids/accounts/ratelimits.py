"""Sign-in rate limits in the database while the cache is unavailable.

allauth counts attempts in the cache; with Redis down every count is a miss, so its limits let
everything through. For failed sign-ins that would let a brute-force attack run unlimited, so the
account adapter (``reisgids.accounts.adapter``) counts them here instead for as long as the cache
fails: the same rates (``ACCOUNT_RATE_LIMITS``) and the same keys (per IP address, per hashed email
address) as allauth, one row per attempt and rate. Other allauth limits (sign-up, password reset
mails) let requests through during an outage; their cost is bounded by the outage."""

from datetime import timedelta

from allauth.core.internal.ratelimit import get_cache_key, get_rates
from django.db import transaction
from django.utils import timezone

from reisgids.accounts.models import RateLimitHit

APP = "allauth.account"


def _rates_and_keys(request, action, key):
    return [
        (rate, get_cache_key(request, app=APP, action=action, rate=rate, key=key))
        for rate in get_rates(app=APP, action=action)
    ]


def allowed(request, *, action, key=None):
    """Whether another attempt of ``action`` is within every rate, counted in the database."""
    now = timezone.now()
    for rate, cache_key in _rates_and_keys(request, action, key):
        since = now - timedelta(seconds=rate.duration)
        if RateLimitHit.objects.filter(key=cache_key, at__gt=since).count() >= rate.amount:
            return False
    return True


@transaction.atomic
def hit(request, *, action, key=None):
    """Count one attempt of ``action`` against every rate; drop rows that no window still needs."""
    now = timezone.now()
    pairs = _rates_and_keys(request, action, key)
    RateLimitHit.objects.bulk_create([RateLimitHit(key=cache_key, at=now) for _rate, cache_key in pairs])
    longest = max((rate.duration for rate, _key in pairs), default=0)
    RateLimitHit.objects.filter(at__lte=now - timedelta(seconds=longest)).delete()
