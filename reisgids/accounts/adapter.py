"""The account adapter (``ACCOUNT_ADAPTER``): allauth's, with its mails through the outbox
(``reisgids.accounts.mail``) and the failed sign-in limit counted in the database while the cache is
unavailable (``reisgids.accounts.ratelimits``)."""

from django.core.cache import cache

from reisgids.accounts import ratelimits
from reisgids.accounts.mail import OutboxMailAdapter
from reisgids.redis_cache import soft_failures

LOGIN_FAILED = "login_failed"


class AccountAdapter(OutboxMailAdapter):
    def pre_authenticate(self, request, **credentials):
        failures = soft_failures(cache)
        super().pre_authenticate(request, **credentials)
        self._count_in_database = soft_failures(cache) != failures
        key = self._get_login_attempts_cache_key(request, **credentials)
        if self._count_in_database and not ratelimits.allowed(request, action=LOGIN_FAILED, key=key):
            raise self.validation_error("too_many_login_attempts")

    def authentication_failed(self, request, **credentials):
        super().authentication_failed(request, **credentials)
        if getattr(self, "_count_in_database", False):
            key = self._get_login_attempts_cache_key(request, **credentials)
            ratelimits.hit(request, action=LOGIN_FAILED, key=key)
