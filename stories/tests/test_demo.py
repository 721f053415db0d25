from importlib import import_module

import pytest
from django.apps import apps

from reisgids import demo
from stories.demo import seed_stories
from stories.models import Comment, StoryPage

pytestmark = pytest.mark.django_db


def test_seed_stories_is_idempotent_and_public(client):
    # The gebieden and thema's come from a data migration; a transactional test elsewhere in a
    # random-order run may have flushed them.
    import_module("reisgids.migrations.0002_rotterdam_areas_and_themes").load(apps, None)
    demo.load()
    assert seed_stories() == 3
    counts = (StoryPage.objects.count(), Comment.objects.count())
    assert seed_stories() == 3
    assert (StoryPage.objects.count(), Comment.objects.count()) == counts
    assert counts[1] == 4
    logeerhuis = StoryPage.objects.get(slug="verwijzingen-uit-het-ziekenhuis")
    assert logeerhuis.organisation.slug == "logeerhuis-de-buren"
    assert logeerhuis.comments.filter(parent__isnull=False).count() == 1
    for story in StoryPage.objects.all():
        assert client.get(story.url).status_code == 200
    assert StoryPage.objects.filter(kind="podcast").exclude(transcript="").exists()
    html = client.get("/verhalen/").content.decode()
    assert "Hoe ziekenhuizen en verzekeraars naar ons logeerhuis verwijzen" in html


def test_demo_stories_are_dated_as_published_so_the_api_says_when_they_changed(client):
    """The demo stories had no ``last_published_at`` (every other demo page has one), so the open
    data API's stories list sent no Last-Modified and the catalogue no modified date for them."""
    import_module("reisgids.migrations.0002_rotterdam_areas_and_themes").load(apps, None)
    demo.load()
    seed_stories()
    assert not StoryPage.objects.filter(last_published_at__isnull=True).exists()
    response = client.get("/api/v1/stories/")
    assert response.status_code == 200
    assert response.has_header("Last-Modified")
