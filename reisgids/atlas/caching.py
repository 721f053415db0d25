"""The atlas's fragment cache (see ``reisgids.caching``): the main content of the home page, the
news and lessons indexes (per query string, the filter form included), news and lesson pages, the
stories index and the body and comments of a story page are the same for every anonymous visitor,
so they are rendered once per version of the namespaces they show and reused.

Namespaces: ``"atlas"`` (every page of the site tree: saving, publishing, unpublishing, moving or
deleting a page, a site, a view restriction or an image bumps it) and ``"stories"`` (story pages and their
comments: every comment write bumps it, in the services and by signal). Fragments also depend on
``"directory"`` (names of themes, areas, organisations) and, where they show deals or events, on
``"deals"`` and ``"agenda"``. Bulk writes that skip signals call ``bump_atlas()`` /
``bump_stories()`` themselves.

Templates cache a part with ``{% cachedfragment %}`` (``reisgids.atlas.templatetags.atlas_cache``);
Wagtail previews (drafts) are never cached nor served from the cache."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from reisgids.caching import DIRECTORY, bump_version

ATLAS = "atlas"
STORIES = "stories"
DEALS = "deals"
AGENDA = "agenda"
ATLAS_NAMESPACES = (ATLAS, DIRECTORY)
LESSON_NAMESPACES = (ATLAS, DIRECTORY, DEALS)
STORY_NAMESPACES = (ATLAS, STORIES, DIRECTORY)
HOME_NAMESPACES = (ATLAS, STORIES, AGENDA, DEALS, DIRECTORY)


def _bump_now_and_on_commit(namespace):
    """Bump now, and again when the transaction commits: a request that rendered the old rows
    between the two cannot keep them in the cache."""
    bump_version(namespace)
    transaction.on_commit(lambda: bump_version(namespace))


def bump_atlas():
    _bump_now_and_on_commit(ATLAS)


def bump_stories():
    _bump_now_and_on_commit(STORIES)


def _is_story(model):
    from reisgids.stories.models import StoryIndexPage, StoryPage

    return issubclass(model, StoryPage | StoryIndexPage)


def page_changed(sender=None, instance=None, **_signal_kwargs):
    """Any page of the tree (Wagtail's page_published / page_unpublished, a save or delete)."""
    from wagtail.models import Page

    model = type(instance) if instance is not None else sender
    if model is None or not issubclass(model, Page):
        return
    bump_atlas()
    if _is_story(model):
        bump_stories()


def tree_changed(**_signal_kwargs):
    bump_atlas()
    bump_stories()


def comment_changed(**_signal_kwargs):
    bump_stories()


def connect_signals():
    from wagtail.images import get_image_model
    from wagtail.models import PageViewRestriction, Site
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

    from reisgids.stories.models import Comment

    # Without a sender: every page type (atlas, stories, agenda and any later section).
    post_save.connect(page_changed, weak=False, dispatch_uid="atlas-page-save")
    post_delete.connect(page_changed, weak=False, dispatch_uid="atlas-page-delete")
    page_published.connect(page_changed, weak=False, dispatch_uid="atlas-page-published")
    page_unpublished.connect(page_changed, weak=False, dispatch_uid="atlas-page-unpublished")
    page_slug_changed.connect(tree_changed, weak=False, dispatch_uid="atlas-page-slug")
    post_page_move.connect(tree_changed, weak=False, dispatch_uid="atlas-page-move")
    for model in (PageViewRestriction, Site, get_image_model()):
        label = model._meta.label
        post_save.connect(tree_changed, sender=model, weak=False, dispatch_uid=f"atlas-save-{label}")
        post_delete.connect(tree_changed, sender=model, weak=False, dispatch_uid=f"atlas-del-{label}")
    post_save.connect(comment_changed, sender=Comment, weak=False, dispatch_uid="stories-comment-save")
    post_delete.connect(comment_changed, sender=Comment, weak=False, dispatch_uid="stories-comment-del")


ROUTE_TIMEOUT = 60 * 60


def cached_route(root, request, path_components, route):
    """Wagtail's ``route`` from the site root (``route(request, path_components)``) walks the tree
    one query per level plus one for the specific page; which page a path leads to only changes when
    a page is written, so the specific page itself is kept per version of ``"atlas"`` (every page
    write bumps it). Its own ``route(request, [])`` still runs (live check, a routable page's index
    view); paths that end inside a routable page (``/agenda/archief/``) or lead nowhere are not
    kept, nor is anything in a preview."""
    from django.core.cache import cache

    from reisgids.caching import version

    if not path_components or getattr(request, "is_preview", False):
        return route(request, path_components)
    current = version(ATLAS)
    if current is None:  # the cache is unavailable
        return route(request, path_components)
    key = f"atlas:route:{current}:{root.pk}:{'/'.join(path_components)}"
    page = cache.get(key)
    if page is not None:
        return page.route(request, [])
    result = route(request, path_components)
    page = result[0]
    if page.url_path == f"{root.url_path}{'/'.join(path_components)}/":
        cache.set(key, page, ROUTE_TIMEOUT)
    return result


SITE_TIMEOUT = 60 * 60


def cached_site(request):
    """Wagtail's site for this request (``Site.find_for_request`` without its memo on the request),
    kept per host, port and version of ``"atlas"`` (every site and page write bumps it): Wagtail looks
    the site up on every request with a query whose compilation costs more than running it."""
    from django.core.cache import cache
    from django.http.request import split_domain_port
    from wagtail.models import Site

    from reisgids.caching import version

    current = version(ATLAS)
    if current is None:  # the cache is unavailable
        return Site._find_for_request(request)
    hostname = split_domain_port(request._get_raw_host())[0]
    key = f"atlas:site:{current}:{hostname}:{request.get_port()}"
    site = cache.get(key)
    if site is None:
        site = Site._find_for_request(request)
        if site is not None:
            cache.set(key, site, SITE_TIMEOUT)
    return site
