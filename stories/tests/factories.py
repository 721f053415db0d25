"""factory_boy factories for the stories. ``StoryPageFactory`` adds a published story under
``/verhalen/`` (``live=False`` for a draft)."""

import factory
from django.utils import timezone

from atlas.models import original
from reisgids.tests.factories import UserFactory
from stories.models import Comment, CommentReport, StoryIndexPage, StoryPage


def story_index():
    return original(StoryIndexPage)  # the Dutch one, not its English version


class StoryPageFactory(factory.Factory):
    """Built, then added with ``add_child`` under the index (treebeard needs that)."""

    class Meta:
        model = StoryPage

    title = factory.Sequence(lambda n: f"Verhaal {n}")
    slug = factory.Sequence(lambda n: f"verhaal-{n}")
    kind = StoryPage.Kind.BLOG
    intro = "Hoe we samen met de wijk een logeerhuis begonnen."
    body = "<p>Het begon met een keukentafelgesprek.</p>"
    live = True
    first_published_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class, *args, themes=(), **kwargs):
        page = model_class(*args, **kwargs)
        if not page.live:
            page.has_unpublished_changes = True
        story_index().add_child(instance=page)
        if themes:
            page.themes.set(themes)
            page.save()
        return page


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    page = factory.SubFactory(StoryPageFactory)
    author = factory.SubFactory(UserFactory)
    text = factory.Sequence(lambda n: f"Mooi verhaal, dank je wel! ({n})")


class CommentReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommentReport

    comment = factory.SubFactory(CommentFactory)
    reporter = factory.SubFactory(UserFactory)
    reason = "Dit is kwetsend."
