"""Reads for the stories, permission-aware where a user is involved. Lists fetch what the page shows
in a fixed number of queries."""

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from wagtail.models import Page, WorkflowState

from reisgids.models import Theme
from reisgids.pages import public
from stories.models import Comment, StoryPage

COMMENTS_PER_PAGE = 20
COUNT_TIMEOUT = 600  # seconds


def story_public():
    """Published, public stories, newest first, with author and organisation."""
    return (
        public(StoryPage.objects.live())
        .select_related("organisation", "author")
        .order_by("-first_published_at", "-pk")
    )


def story_recent(*, limit):
    """The ``limit`` newest published stories (for the home page): title, url, intro, kind,
    organisation. Two queries (view restrictions, pages)."""
    return list(story_public()[:limit])


def story_list():
    """/verhalen/: published stories with their thema's (one extra query per page of results)."""
    return story_public().prefetch_related(
        Prefetch("themes", queryset=Theme.objects.only("name", "name_en", "slug").order_by("name"))
    )


def stories_pending_for_author(*, user):
    """``user``'s own stories that are not published (yet), newest first, each with
    ``review_state``: the latest Wagtail ``WorkflowState`` (in review, needs changes) or None. Two
    queries."""
    if not user.is_authenticated:
        return []
    stories = list(
        StoryPage.objects.filter(author=user, live=False)
        .order_by("-latest_revision_created_at", "-pk")
        .only("title", "draft_title", "latest_revision_created_at")
    )
    if not stories:
        return []
    page_type = ContentType.objects.get_for_model(Page)
    states = {}
    for state in WorkflowState.objects.filter(
        base_content_type=page_type, object_id__in=[str(s.pk) for s in stories]
    ).order_by("created_at", "pk"):
        states[int(state.object_id)] = state
    for story in stories:
        story.review_state = states.get(story.pk)
    return stories


def review_state_needing_changes(story):
    """The story's Wagtail workflow state if a contentbeheerder sent it back ("needs changes"),
    else None."""
    return WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id=str(story.pk),
        status=WorkflowState.STATUS_NEEDS_CHANGES,
    ).first()


def story_for_revision(*, user, pk):
    """``user``'s own story ``pk`` that was sent back for changes, as its latest draft (what the
    reviewer saw), with ``review_comment``: the reviewer's reason. 404 for anyone else's story, a
    published one, or one that is not waiting for changes."""
    if not user.is_authenticated:
        raise Http404
    story = StoryPage.objects.filter(pk=pk, author=user, live=False).first()
    state = review_state_needing_changes(story) if story else None
    if state is None:
        raise Http404
    draft = story.get_latest_revision_as_object()
    finished = state.task_states.exclude(finished_at=None).order_by("-finished_at", "-pk").first()
    draft.review_comment = finished.comment if finished else ""
    return draft


def comment_count_key(page_id):
    return f"stories:comments:{page_id}:top-level-count"


class _CountedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, count):
        super().__init__(object_list, per_page)
        self._count = count

    @property
    def count(self):
        return self._count


def comments_page(*, page, number):
    """One page of the top-level comments of ``page`` (oldest first) with their replies, in two or
    three queries (comments, replies, and the count when it is not cached) whatever the number of
    comments. Counting 100,000 rows costs tens of milliseconds, so the count is cached; posting a
    comment drops it (``services.comment_create``) and it expires after ``COUNT_TIMEOUT``."""
    top = Comment.objects.filter(page=page, parent=None).select_related("author").order_by("created_at", "pk")
    replies = Comment.objects.select_related("author").order_by("created_at", "pk")
    count = cache.get_or_set(comment_count_key(page.pk), top.count, COUNT_TIMEOUT)
    paginator = _CountedPaginator(top, COMMENTS_PER_PAGE, count=count)
    paginated = paginator.get_page(paginator.num_pages if number == "last" else number)
    paginated.page_range = paginated.paginator.get_elided_page_range(
        paginated.number, on_each_side=2, on_ends=1
    )
    start = (paginated.number - 1) * COMMENTS_PER_PAGE
    end = min(start + COMMENTS_PER_PAGE, count)
    with_replies = Prefetch("replies", queryset=replies)
    if start > count // 2:
        # A page in the later half is read from the newest end (newest first, then turned round), so
        # the last page skips as few rows as the first instead of all but 20 of 100,000.
        newest_first = top.reverse()[max(count - end, 0) : count - start]
        paginated.object_list = list(newest_first.prefetch_related(with_replies))[::-1]
    else:
        paginated.object_list = list(paginated.object_list.prefetch_related(with_replies))
    return paginated


def comment_get_for_author(*, user, pk):
    """A comment by ``user`` (to edit it); anybody else's: 404."""
    comment = Comment.objects.select_related("page").filter(pk=pk, author_id=user.pk).first()
    if comment is None:
        raise Http404
    return comment


def comment_get_visible(*, pk):
    """A comment anybody can see: on a live, public story and not hidden; else 404."""
    comment = Comment.objects.select_related("page").filter(pk=pk, hidden_at=None, page__live=True).first()
    if comment is None or comment.page.get_view_restrictions().exists():
        raise Http404
    return comment


def story_for_comments(*, slug):
    """A live, public story by slug (to comment on), else 404."""
    story = StoryPage.objects.live().public().filter(slug=slug).first()
    if story is None:
        raise Http404
    return story


def reported_comments():
    return (
        Comment.objects.filter(report_count__gt=0).select_related("page", "author").order_by("-report_count")
    )
