"""The open data's part of ``manage.py bench`` (found like every app's ``bench`` module): the first
page of ``/api/v1/deals/`` and ``/api/v1/organisations/``, for anonymous clients (the API has no sign-in),
held to the issue's bar: at most 15 times the floor, warm; and the first page of every other API list,
whose query count must not grow with the data and whose cold median, like every page's, at most 1.3
times that at the small scale. The rows are those the other apps' bench
modules seed; this module seeds nothing of its own.

The API's rate limit (``API_RATE_LIMIT``, per client address) would stop the bench's own client after
a minute's worth of requests, so the process that measures lifts it (``SETTINGS``)."""

from reisgids.datasets import datasets
from reisgids.management.commands.bench import ANONYMOUS, BenchPage

PAGES = [
    BenchPage("api_deals", "/api/v1/deals/", (ANONYMOUS,)),
    BenchPage("api_organisations", "/api/v1/organisations/", (ANONYMOUS,)),
]
PARAMS = {}
TARGET_PAGES = ["api_deals", "api_organisations"]
TARGET_LIMITS = {name: {"floor_ratio": 15.0, "queries": 16} for name in TARGET_PAGES}

# The first page of every other list endpoint too, so the bench checks issue 17's bar at its scales
# (10,000 organisations): the same number of queries at both scales (``queries_growth`` 0), and like
# every page a cold median at most 1.3 times that at the small scale (a list counts its rows and
# dates its last change for the pagination and the validators: an index serves both, e.g. the
# listings' ``listing_visible_status_updated``).
for _dataset in datasets():
    _name = "api_" + _dataset.key.replace("-", "_")
    if _name not in TARGET_PAGES:
        PAGES.append(BenchPage(_name, f"/api/v1/{_dataset.key}/", (ANONYMOUS,)))


SETTINGS = {"API_RATE_LIMIT": (10**9, 60)}


def seed(*, organisations, clear):
    return {}
