"""The open data's part of ``manage.py bench`` (found like every app's ``bench`` module): the first
page of ``/api/v1/deals/`` and ``/api/v1/organisations/``, for anonymous clients (the API has no sign-in),
held to the issue's bar: at most 15 times the floor, warm. The rows are those the other apps' bench
modules seed; this module seeds nothing of its own.

The API's rate limit (``API_RATE_LIMIT``, per client address) would stop the bench's own client after
a minute's worth of requests, so the bench process lifts it."""

from django.conf import settings

from reisgids.management.commands.bench import ANONYMOUS, BenchPage

PAGES = [
    BenchPage("api_deals", "/api/v1/deals/", (ANONYMOUS,)),
    BenchPage("api_organisations", "/api/v1/organisations/", (ANONYMOUS,)),
]
PARAMS = {}
TARGET_PAGES = ["api_deals", "api_organisations"]
TARGET_LIMITS = {name: {"floor_ratio": 15.0, "queries": 16} for name in TARGET_PAGES}


def seed(*, organisations, clear):
    settings.API_RATE_LIMIT = (10**9, 60)
    return {}
