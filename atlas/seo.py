"""What every page tells search engines and link previews: the description meta, the canonical
link, Open Graph and the Twitter card. ``templates/base.html`` renders it once for every page through
``{% seo_head %}`` (``atlas.templatetags.seo``), so no page template repeats it.

Where the values come from:

- title: the page's ``{% block title %}``; for a Wagtail page without one, its ``seo_title`` or title;
- description: the page's ``{% block meta_description %}``; for a Wagtail page without one, its
  ``search_description`` or ``intro``; otherwise the site's description;
- ``og:url`` and the canonical link: ``SITE_URL`` plus the path (no query string: a filtered or
  paginated list has the list itself as its canonical address);
- ``og:type``: "article" for a Wagtail page below a section index (a news item, a lesson, a story),
  "website" for everything else.
"""

from datetime import UTC
from urllib.parse import quote
from xml.sax.saxutils import escape as xml_escape

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from deals import selectors as deal_selectors
from deals.models import Deal
from marktplaats import selectors as marktplaats_selectors
from marktplaats.models import Listing
from reisgids import selectors
from reisgids.userinput import parse_positive_int

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
# ``/sitemap.xml`` is a sitemap index naming one sitemap per kind of content
# (``/sitemap-<section>.xml``, in pages of 50,000 addresses as the protocol allows). Each section
# selects only what anybody may see. Addresses start with ``SITE_URL`` (not the host the request came
# in on). The XML is written directly: Django's sitemap template and a ``reverse()`` per address take
# seconds at 10,000 organisations, this takes a fraction of that.
SITEMAP_LIMIT = 50_000
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


class SectionSitemap:
    """One section: ``items()`` (a queryset in a stable order) and the URL of one of them, named
    ``url_name`` with the argument ``url_argument`` taken from the field of that name. Each address's
    last modification is the item's ``updated_at``."""

    limit = SITEMAP_LIMIT
    url_name = ""
    url_argument = "slug"
    lastmod_field = "updated_at"

    def __init__(self, request):
        self.request = request

    def items(self):
        raise NotImplementedError

    def page_count(self):
        return max(1, -(-self.items().count() // self.limit))

    def entries(self, page):
        """(path, lastmod) of the addresses on ``page`` (from 1). Plain values, not model instances,
        and one ``reverse()`` in all: the URL is reversed once with a marker (a run of digits, which
        both the slug and the int path converters accept), replaced by each item's value."""
        marker = "987654321987654321"
        pattern = reverse(self.url_name, kwargs={self.url_argument: marker})
        start = (page - 1) * self.limit
        rows = self.items().values_list(self.url_argument, self.lastmod_field)[start : start + self.limit]
        return [(pattern.replace(marker, quote(str(value))), lastmod) for value, lastmod in rows]


class PageSitemap(SectionSitemap):
    """Every live, public Wagtail page of the site, home page included."""

    lastmod_field = "last_published_at"

    def __init__(self, request):
        super().__init__(request)
        site = Site.find_for_request(request) or Site.objects.get(is_default_site=True)
        self.root = site.root_page

    def items(self):
        return self.root.get_descendants(inclusive=True).live().public().order_by("path")

    def entries(self, page):
        # The address is the path below the site's root page, as Wagtail routes it.
        start = (page - 1) * self.limit
        rows = self.items().values_list("url_path", self.lastmod_field)[start : start + self.limit]
        cut = len(self.root.url_path) - 1
        return [(url_path[cut:], published) for url_path, published in rows]


class OrganisationSitemap(SectionSitemap):
    url_name = "organisation_detail"

    def items(self):
        return selectors.organisation_list().prefetch_related(None).order_by("pk")


class InstrumentSitemap(SectionSitemap):
    url_name = "instrument_detail"

    def items(self):
        return selectors.instrument_list().select_related(None).prefetch_related(None).order_by("pk")


class DealSitemap(SectionSitemap):
    """The public register and the deals in the making that look for partners (``Deal.is_public``)."""

    url_name = "deals:detail"

    def items(self):
        register = deal_selectors.deal_register().prefetch_related(None).values("pk")
        making = deal_selectors.deals_in_the_making(user=AnonymousUser()).prefetch_related(None).values("pk")
        return Deal.objects.filter(Q(pk__in=register) | Q(pk__in=making)).order_by("pk")


class ListingSitemap(SectionSitemap):
    """Open marktplaats listings (open or in conversation), never hidden ones."""

    url_name = "marktplaats:detail"
    url_argument = "pk"

    def items(self):
        return (
            marktplaats_selectors.listing_browse()
            .filter(status__in=Listing.ACTIVE_STATUSES)
            .select_related(None)
            .prefetch_related(None)
            .order_by("pk")
        )


SITEMAPS = {
    "pages": PageSitemap,
    "organisations": OrganisationSitemap,
    "instruments": InstrumentSitemap,
    "deals": DealSitemap,
    "listings": ListingSitemap,
}


def _xml(root, rows):
    """A sitemap document: ``root`` ("urlset" or "sitemapindex") with one element per row."""
    child = "url" if root == "urlset" else "sitemap"
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n', f'<{root} xmlns="{SITEMAP_NS}">\n']
    for location, lastmod in rows:
        parts.append(f"<{child}><loc>{xml_escape(settings.SITE_URL + location)}</loc>")
        if lastmod:
            parts.append(f"<lastmod>{lastmod.astimezone(UTC).isoformat(timespec='seconds')}</lastmod>")
        parts.append(f"</{child}>\n")
    parts.append(f"</{root}>\n")
    return HttpResponse("".join(parts), content_type="application/xml; charset=utf-8")


def sitemap_index(request):
    """``/sitemap.xml``: the sitemap of each section, in pages of 50,000 addresses."""
    rows = []
    for name, sitemap_class in SITEMAPS.items():
        path = reverse("sitemap_section", kwargs={"section": name})
        for page in range(1, sitemap_class(request).page_count() + 1):
            rows.append((path if page == 1 else f"{path}?p={page}", None))
    return _xml("sitemapindex", rows)


def sitemap_section(request, section):
    """``/sitemap-<section>.xml``: one page of one section's addresses."""
    if section not in SITEMAPS:
        raise Http404
    page = parse_positive_int(request.GET.get("p", "1"))
    sitemap = SITEMAPS[section](request)
    if page is None or page > sitemap.page_count():
        raise Http404
    return _xml("urlset", sitemap.entries(page))


ROBOTS_DISALLOW = ["/beheer/", "/accounts/", "/meldingen/"]


def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW)]
    lines.append(f"Sitemap: {settings.SITE_URL}/sitemap.xml")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
