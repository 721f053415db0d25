"""The bench's filtered lists show a full first page at its small scale too: the cold scale ratio
compares the same page at two data sizes, and a page with fewer rows at the small scale measured how
full it was instead (``/deals/?theme&area`` showed 13 deals at 100 organisations and 20 at 10,000:
32 KB against 38 KB, a cold scale ratio of 1.36-1.5; the filtered lessons 31 against 37 KB)."""

import re

import pytest
from django.conf import settings

from atlas import bench as atlas_bench
from deals import bench as deals_bench
from reisgids.management.commands import bench
from reisgids.management.commands.seed_bulk import seed_bulk

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("app", "page", "link"),
    [
        (deals_bench, "deal_list_filtered", rf"/deals/({deals_bench.DEAL_PREFIX}\d+)/"),
        (atlas_bench, "lesson_list_filtered", rf"/lessen/({atlas_bench.LESSON_PREFIX}\d+)/"),
    ],
)
def test_a_filtered_list_of_the_bench_shows_a_full_page_at_a_small_scale(client, app, page, link):
    seed_bulk(scale=20, clear=True)
    app.seed(organisations=20, clear=True)
    path = dict(app.PAGES)[page].format(**bench.all_params())
    response = client.get(path)
    assert response.status_code == 200
    assert len(set(re.findall(link, response.content.decode()))) == settings.PAGE_SIZE
