"""What every page tells search engines and link previews: the description meta, the canonical
link, Open Graph and the Twitter card. ``templates/base.html`` renders it once for every page through
``{% seo_head %}`` (``reisgids.atlas.templatetags.seo``), so no page template repeats it.

Where the values come from:

- title: the page's ``{% block title %}``; for a Wagtail page without one, its ``seo_title`` or title;
- description: the page's ``{% block meta_description %}``; for a Wagtail page without one, its
  ``search_description`` or ``intro``; otherwise the site's description;
- ``og:url`` and the canonical link: ``SITE_URL`` plus the path (no query string: a filtered or
  paginated list has the list itself as its canonical address);
- ``og:type``: "article" for a Wagtail page below a section index (a news item, a lesson, a story),
  "website" for everything else.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.sitemaps import Sitemap as DjangoSitemap
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from deals import selectors as deal_selectors
from marktplaats import selectors as marktplaats_selectors
from marktplaats.models import Listing
from reisgids import selectors

SITE_DESCRIPTION = _(
    "The travel guide for care and welfare in Rotterdam: find parties, contact persons and policy "
    "instruments, and work together."
)
DESCRIPTION_WORDS = 50
# Depth of a page below a section index: root (1) → home (2) → section index (3) → item (4).
ARTICLE_DEPTH = 4
OG_LOCALES = {"nl": "nl_NL", "en": "en_GB"}


def wagtail_page(context):
    """The Wagtail page being served, if any (Wagtail puts it in the context as ``page``)."""
    page = context.get("page")
    return page if isinstance(page, Page) else None


def page_title(page):
    return page.seo_title or page.title


def page_description(page):
    text = page.search_description or getattr(page, "intro", "") or ""
    return Truncator(" ".join(text.split())).words(DESCRIPTION_WORDS)


def absolute_url(path):
    return settings.SITE_URL + path


def head_tags(*, title, description, path, og_type, site_name, language=None):
    """The tags for ``<head>`` as safe HTML."""
    language = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    locale = OG_LOCALES.get(language, OG_LOCALES["nl"])
    url = absolute_url(path)
    properties = [
        ("og:title", title),
        ("og:description", description),
        ("og:type", og_type),
        ("og:url", url),
        ("og:site_name", site_name),
        ("og:locale", locale),
    ]
    properties += [("og:locale:alternate", other) for other in OG_LOCALES.values() if other != locale]
    names = [("twitter:card", "summary"), ("twitter:title", title), ("twitter:description", description)]
    return format_html(
        '<meta name="description" content="{}">\n  <link rel="canonical" href="{}">\n  {}\n  {}',
        description,
        url,
        format_html_join("\n  ", '<meta property="{}" content="{}">', properties),
        format_html_join("\n  ", '<meta name="{}" content="{}">', names),
    )


# --- sitemap.xml and robots.txt -------------------------------------------------------------------
class SiteUrlSitemap(DjangoSitemap):
    """A sitemap whose addresses start with ``SITE_URL`` (not the host the request came in on)."""

    def __init__(self, request=None):
        self.request = request

    @property
    def protocol(self):
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class PageSitemap(SiteUrlSitemap):
    """Every live, public Wagtail page of the site, home page included."""

    def items(self):
        site = Site.find_for_request(self.request) if self.request else None
        self.site = site or Site.objects.select_related("root_page").get(is_default_site=True)
        return (
            self.site.root_page.get_descendants(inclusive=True)
            .live()
            .public()
            .only("id", "path", "url_path", "depth", "last_published_at")
            .order_by("path")
        )

    def location(self, page):
        return page.relative_url(self.site, self.request)

    def lastmod(self, page):
        return page.last_published_at


class OrganisationSitemap(SiteUrlSitemap):
    def items(self):
        return selectors.organisation_list().prefetch_related(None).only("slug", "updated_at").order_by("pk")

    def lastmod(self, organisation):
        return organisation.updated_at


class InstrumentSitemap(SiteUrlSitemap):
    def items(self):
        return (
            selectors.instrument_list()
            .select_related(None)
            .prefetch_related(None)
            .only("slug", "updated_at")
            .order_by("pk")
        )

    def lastmod(self, instrument):
        return instrument.updated_at


class DealSitemap(SiteUrlSitemap):
    """The public register and the deals in the making that look for partners (``Deal.is_public``)."""

    def items(self):
        anonymous = AnonymousUser()
        register = deal_selectors.deal_register()
        making = deal_selectors.deals_in_the_making(user=anonymous)
        return [
            deal
            for queryset in (register, making)
            for deal in queryset.prefetch_related(None).only("slug", "updated_at").order_by("pk")
        ]

    def lastmod(self, deal):
        return deal.updated_at


class ListingSitemap(SiteUrlSitemap):
    """Open marktplaats listings (open or in conversation), never hidden ones."""

    def items(self):
        return (
            marktplaats_selectors.listing_browse()
            .filter(status__in=Listing.ACTIVE_STATUSES)
            .select_related(None)
            .prefetch_related(None)
            .only("pk", "updated_at")
            .order_by("pk")
        )

    def lastmod(self, listing):
        return listing.updated_at


SITEMAPS = {
    "pages": PageSitemap,
    "organisations": OrganisationSitemap,
    "instruments": InstrumentSitemap,
    "deals": DealSitemap,
    "listings": ListingSitemap,
}


def sitemap(request):
    """``/sitemap.xml``: every public page of the site."""
    return sitemap_views.sitemap(request, {name: cls(request) for name, cls in SITEMAPS.items()})


ROBOTS_DISALLOW = ["/beheer/", "/accounts/", "/meldingen/"]


def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW)]
    lines.append(f"Sitemap: {settings.SITE_URL}/sitemap.xml")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
