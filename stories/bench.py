"""The stories' part of ``manage.py bench`` (found by ``reisgids.management.commands.bench``): the pages
to measure, their targets and the seed function.

At each scale there is one story for every ten organisations (10 and 1,000 stories) and one story
with ten comments for every organisation (1,000 and 100,000 comments, a fifth of them replies and
one in fifty hidden). Stories are added with ``atlas.bulk.bulk_add_pages``, comments with
``bulk_create``; the large scale adds only what the small one did not."""

import datetime

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from atlas.bulk import bulk_add_pages
from atlas.models import original
from reisgids.caching import bump_for
from reisgids.management.commands.seed_bulk import FIXED_EVERY, FIXED_THEME, FULL_PAGE
from reisgids.models import Theme, User
from stories.models import Comment, StoryIndexPage, StoryPage
from stories.selectors import comment_count_key

STORY_PREFIX = "bench-verhaal-"
COMMENTED_STORY = f"{STORY_PREFIX}000000"
STORIES_PER_ORGANISATION = 0.1
COMMENTS_PER_ORGANISATION = 10
BATCH_SIZE = 5000
KINDS = [StoryPage.Kind.BLOG, StoryPage.Kind.BLOG, StoryPage.Kind.VIDEO, StoryPage.Kind.PODCAST]

PAGES = [
    ("story_list", "/verhalen/"),
    ("story_list_filtered", "/verhalen/?theme={theme}&kind=blog"),
    ("story_detail", f"/verhalen/{COMMENTED_STORY}/"),
    ("story_detail_last_comments", f"/verhalen/{COMMENTED_STORY}/?page=last"),
]
PARAMS = {}
TARGET_PAGES = ["story_list", "story_list_filtered", "story_detail"]
# A Wagtail page costs a few queries more than a Django view (site, page, specific row, revision
# lookups); the counts are asserted constant in the query-bound tests.
TARGET_LIMITS = {name: {"queries": 20} for name in TARGET_PAGES}
LIST_PAGES = ["story_list", "story_list_filtered"]


def clear():
    """Remove the bulk stories (their comments go with them)."""
    clear_stories_bulk()


def clear_stories_bulk():
    StoryPage.objects.filter(slug__startswith=STORY_PREFIX).delete()


def _seed_stories(index, target):
    existing = StoryPage.objects.filter(slug__startswith=STORY_PREFIX).count()
    theme_ids = list(Theme.objects.order_by("pk").values_list("pk", flat=True))
    fixed_theme = Theme.objects.filter(slug=FIXED_THEME).values_list("pk", flat=True).first()
    now = timezone.now()

    def kind_and_themes(number):
        # Every FIXED_EVERY-th story is what the bench's filtered list asks for (seed_bulk.FIXED_EVERY).
        if number % FIXED_EVERY == 0 and fixed_theme is not None:
            return "blog", [fixed_theme]
        return KINDS[number % len(KINDS)], ([theme_ids[number % len(theme_ids)]] if theme_ids else [])

    rows = []
    for number in range(existing, target):
        kind, themes = kind_and_themes(number)
        rows.append(
            {
                "title": f"Verhaal uit de wijk {number:06}",
                "slug": f"{STORY_PREFIX}{number:06}",
                "kind": kind,
                "intro": "Hoe we in de wijk samenwerken aan zorg en welzijn, en wat we daarvan leerden.",
                "body": "<p>Het begon met een keukentafelgesprek in de buurt.</p>",
                "embed_url": "https://www.youtube.com/watch?v=bench" if kind != "blog" else "",
                "transcript": "Tekst van de opname." if kind != "blog" else "",
                "first_published_at": now - datetime.timedelta(hours=number),
                "themes": themes,
            }
        )
    if rows:
        bulk_add_pages(index, StoryPage, rows, index=False)
    return target


def _seed_comments(target):
    story = StoryPage.objects.get(slug=COMMENTED_STORY)
    existing = Comment.objects.filter(page=story).count()
    authors = list(User.objects.order_by("pk").values_list("pk", flat=True)[:50])
    start = timezone.now() - datetime.timedelta(days=365)
    missing = target - existing
    tops = []
    top_count = missing - missing // 5
    for offset in range(0, top_count, BATCH_SIZE):
        batch = [
            Comment(
                page=story,
                author_id=authors[(existing + i) % len(authors)] if authors else None,
                text=f"Reactie {existing + i}: mooi verhaal, hier kunnen wij van leren.",
                created_at=start + datetime.timedelta(minutes=existing + i),
                hidden_at=timezone.now() if (existing + i) % 50 == 0 else None,
                hidden_reason="Spam" if (existing + i) % 50 == 0 else "",
            )
            for i in range(offset, min(offset + BATCH_SIZE, top_count))
        ]
        tops += Comment.objects.bulk_create(batch)
    replies = (
        [
            Comment(
                page=story,
                author_id=authors[i % len(authors)] if authors else None,
                parent=tops[(i * 4) % len(tops)],
                text="Eens, dank voor het delen.",
                created_at=tops[(i * 4) % len(tops)].created_at + datetime.timedelta(seconds=30),
            )
            for i in range(missing - top_count)
        ]
        if tops
        else []
    )
    Comment.objects.bulk_create(replies, batch_size=BATCH_SIZE)
    cache.delete(comment_count_key(story.pk))  # bulk_create bypasses services.comment_create
    return Comment.objects.filter(page=story).count()


@transaction.atomic
def seed(*, organisations, clear):
    """Seed the stories and comments that go with ``organisations`` bulk organisations."""
    if clear:
        clear_stories_bulk()
    index = original(StoryIndexPage)  # the Dutch one, not its English version
    stories = _seed_stories(index, max(FULL_PAGE, round(organisations * STORIES_PER_ORGANISATION)))
    comments = _seed_comments(organisations * COMMENTS_PER_ORGANISATION)
    return {"stories": stories, "story_comments": comments}


def after_seed(*, organisations, clear):
    """Bulk rows (atlas pages, stories, comments) were written without signals: drop the fragments
    that show them (``reisgids.caching``)."""
    bump_for(StoryPage, Comment)
    return {}
