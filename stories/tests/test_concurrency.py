"""The comment and story limits under concurrency against PostgreSQL: sixteen requests of one person
at the same moment, each in its own thread and database connection, create at most the limit."""

import pytest
from django.test import Client

from reisgids.tests.concurrency import all_at_once
from reisgids.tests.factories import OrganisationFactory, UserFactory
from stories import services
from stories.models import Comment, StoryPage
from stories.tests.factories import StoryPageFactory
from stories.tests.helpers import member_of, story_data

pytestmark = pytest.mark.django_db(transaction=True)


def test_sixteen_parallel_comment_posts_create_at_most_the_limit():
    story = StoryPageFactory()
    user = UserFactory(verified=True)
    url = f"/verhalen/{story.slug}/reageren/"

    def post(number):
        client = Client()
        client.force_login(user)
        return lambda: client.post(url, {"text": f"Reactie {number}"}).status_code

    outcomes = all_at_once([post(number) for number in range(16)])

    assert Comment.objects.filter(author=user).count() == services.COMMENT_RATE_LIMIT
    limit = services.COMMENT_RATE_LIMIT
    assert sorted(outcomes) == [200] * (16 - limit) + [302] * limit


def test_parallel_story_submissions_create_at_most_the_limit():
    organisation = OrganisationFactory()
    member = member_of(organisation)

    def submit(number):
        def call():
            services.story_submit(
                actor=member, organisation=organisation, data=story_data(title=f"Verhaal {number}")
            )

        return call

    outcomes = all_at_once([submit(number) for number in range(8)])

    assert StoryPage.objects.filter(author=member).count() == services.STORY_RATE_LIMIT
    assert outcomes.count("ok") == services.STORY_RATE_LIMIT
