"""The lesson inventory (/kompas/lessen/): one test per filter (thema, kind, wijk, period, source)
and its order (systeem-lessons from the schouw first, then other systeem-lessons, then the schouw's
other lessons, then the rest, newest first)."""

import datetime
import re

import pytest
from django.utils import timezone

from atlas.models import LessonPage
from atlas.tests.factories import lesson_page
from kompas import services
from reisgids.caching import bump_for
from reisgids.tests.factories import NeighbourhoodFactory, ThemeFactory

pytestmark = pytest.mark.django_db
K, SRC = LessonPage.Kind, LessonPage.Source


def titles(client, query=""):
    """The titles of the lessons listed, in order (each card's heading)."""
    response = client.get(f"/kompas/lessen/{query}")
    assert response.status_code == 200
    return re.findall(r"<h3[^>]*>\s*(?:<a[^>]*>)?\s*([^<]+?)\s*<", response.content.decode())


def test_the_theme_filter(client):
    loneliness, sport = ThemeFactory(name="Eenzaamheid inventaris"), ThemeFactory(name="Sport inventaris")
    lesson_page(title="Les over eenzaamheid", themes=[loneliness])
    lesson_page(title="Les over sport", themes=[sport])
    assert titles(client, f"?theme={loneliness.slug}") == ["Les over eenzaamheid"]


def test_the_kind_filter(client):
    lesson_page(title="Les over het systeem", kind=K.SYSTEM)
    lesson_page(title="Les over de inhoud", kind=K.CONTENT)
    assert titles(client, "?kind=systeem") == ["Les over het systeem"]
    assert titles(client, "?kind=inhoudelijk") == ["Les over de inhoud"]


def test_the_wijk_filter(client):
    spangen, bospolder = NeighbourhoodFactory(name="Spangen"), NeighbourhoodFactory(name="Bospolder")
    lesson_page(title="Les uit Spangen", neighbourhoods=[spangen])
    lesson_page(title="Les uit Bospolder", neighbourhoods=[bospolder])
    assert titles(client, f"?wijk={spangen.slug}") == ["Les uit Spangen"]


def test_the_source_filter(client):
    lesson_page(title="Les uit de schouw", source=SRC.SCHOUW)
    lesson_page(title="Les uit de peer review", source=SRC.PEER_REVIEW)
    assert titles(client, "?source=peer-review") == ["Les uit de peer review"]
    assert titles(client, "?source=schouw") == ["Les uit de schouw"]


def test_the_period_filter(client):
    current = services.period_for()
    previous = services.period_for(current.start - datetime.timedelta(days=1))
    lesson_page(title="Les van nu", first_published_at=timezone.now())
    old = lesson_page(title="Les van de vorige periode", first_published_at=timezone.now())
    published = timezone.make_aware(datetime.datetime.combine(previous.start, datetime.time(12)))
    LessonPage.objects.filter(pk=old.pk).update(first_published_at=published)
    bump_for(LessonPage)  # update() sends no signal
    assert titles(client, f"?period={previous.slug}") == ["Les van de vorige periode"]
    assert titles(client, f"?period={current.slug}") == ["Les van nu"]


def test_the_order_puts_the_schouws_systeem_lessons_first(client):
    now = timezone.now()

    def day(n):
        return now - datetime.timedelta(days=n)

    lesson_page(title="Andere les", kind=K.CONTENT, source=SRC.OTHER, first_published_at=day(1))
    lesson_page(title="Schouwles inhoud", kind=K.CONTENT, source=SRC.SCHOUW, first_published_at=day(2))
    lesson_page(
        title="Systeemles peer review", kind=K.SYSTEM, source=SRC.PEER_REVIEW, first_published_at=day(3)
    )
    lesson_page(title="Systeemles schouw oud", kind=K.SYSTEM, source=SRC.SCHOUW, first_published_at=day(5))
    lesson_page(title="Systeemles schouw nieuw", kind=K.SYSTEM, source=SRC.SCHOUW, first_published_at=day(4))
    assert titles(client) == [
        "Systeemles schouw nieuw",
        "Systeemles schouw oud",
        "Systeemles peer review",
        "Schouwles inhoud",
        "Andere les",
    ]


def test_only_published_lessons_are_listed_and_any_kind_can_be_bundled(client):
    """All published lessons, of every kind and source (not only the schouw's systeem-lessons), and
    never a draft."""
    lesson_page(title="Een gepubliceerde les", kind=K.CONTENT, source=SRC.OTHER)
    lesson_page(title="Een concept van een les", live=False)
    assert titles(client) == ["Een gepubliceerde les"]
