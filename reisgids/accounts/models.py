from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RateLimitHit(models.Model):
    """One counted attempt of a sign-in rate limit, kept in the database only while the cache
    (Redis) is unavailable and allauth's own counters cannot count (``reisgids.accounts.ratelimits``).
    Rows older than the longest window are removed as new ones are written."""

    key = models.CharField(_("key"), max_length=255)  # allauth's key: action, rate, IP or hashed email
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("rate limit hit")
        verbose_name_plural = _("rate limit hits")
        indexes = [models.Index(fields=["key", "at"], name="ratelimithit_key_at")]

    def __str__(self):
        return f"{self.key} {self.at:%Y-%m-%d %H:%M:%S}"
