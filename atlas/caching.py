"""The atlas's caches (see ``reisgids.caching``) besides the fragments its templates keep with
``{% cachedfragment %}``: the page a path leads to, and the request's site. Both are kept per
version of the ``"atlas"`` namespace, which every write of a page of the tree, a site, a view
restriction or an image bumps (``atlas.apps``). Wagtail previews (drafts) are never
cached nor served from the cache."""

ATLAS = "atlas"


def tree_models():
    """Besides the pages: the models whose writes change what pages of the tree show or who may
    see them."""
    from wagtail.images import get_image_model
    from wagtail.models import PageViewRestriction, Site

    return (PageViewRestriction, Site, get_image_model())


def tree_signals():
    """Wagtail's own signals of a page that changed: publishing, unpublishing, a new slug, a move."""
    from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

    return (page_published, page_unpublished, page_slug_changed, post_page_move)


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
            # The root as its own type: its ``localized`` needs no query (``atlas.models.HomePage``);
            # it is read again when it is the page shown, so its own text is never this copy's.
            site.root_page = site.root_page.specific
            site.root_page.kept_in_site_cache = True
            cache.set(key, site, SITE_TIMEOUT)
    return site
