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
  "website" for everything else;
- ``og:image``: the Wagtail page's own image (a news item's ``image``) cropped to 1200 × 630, otherwise
  the site's default image (``static/img/og-default.png``).
"""

from datetime import UTC
from xml.sax.saxutils import escape as xml_escape

from django.conf import settings
from django.http import Http404, HttpResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from reisgids.languages import path_in
from reisgids.registries import sitemap_sections
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


OG_IMAGE_SIZE = (1200, 630)
OG_IMAGE_DEFAULT = "img/og-default.png"


def og_image(page):
    """(absolute URL, width, height, alt) of the image a link preview shows: the page's own image or
    the default one."""
    image = getattr(page, "image", None) if page is not None and getattr(page, "image_id", None) else None
    if image is not None:
        rendition = image.get_rendition("fill-{}x{}".format(*OG_IMAGE_SIZE))
        url = rendition.url if rendition.url.startswith("http") else absolute_url(rendition.url)
        return url, rendition.width, rendition.height, image.default_alt_text or image.title
    alt = _("Reisgids zorg en welzijn: working together on care and welfare in Rotterdam")
    return absolute_url(static(OG_IMAGE_DEFAULT)), *OG_IMAGE_SIZE, str(alt)


def head_tags(*, title, description, path, og_type, site_name, language=None, image=None):
    """The tags for ``<head>`` as safe HTML; ``image`` is what ``og_image()`` returns."""
    language = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    locale = OG_LOCALES.get(language, OG_LOCALES["nl"])
    url = absolute_url(path)
    image_url, image_width, image_height, image_alt = image or og_image(None)
    properties = [
        ("og:title", title),
        ("og:description", description),
        ("og:type", og_type),
        ("og:url", url),
        ("og:site_name", site_name),
        ("og:locale", locale),
        ("og:image", image_url),
        ("og:image:width", image_width),
        ("og:image:height", image_height),
        ("og:image:alt", image_alt),
    ]
    properties += [("og:locale:alternate", other) for other in OG_LOCALES.values() if other != locale]
    names = [
        ("twitter:card", "summary_large_image"),
        ("twitter:title", title),
        ("twitter:description", description),
        ("twitter:image", image_url),
        ("twitter:image:alt", image_alt),
    ]
    return format_html(
        '<meta name="description" content="{}">\n  <link rel="canonical" href="{}">\n  {}\n  {}',
        description,
        url,
        format_html_join("\n  ", '<meta property="{}" content="{}">', properties),
        format_html_join("\n  ", '<meta name="{}" content="{}">', names),
    )


# --- sitemap.xml and robots.txt -------------------------------------------------------------------
# ``/sitemap.xml`` is a sitemap index naming one sitemap per kind of content
# (``/sitemap-<section>.xml``, in pages of 50,000 addresses as the protocol allows). The sections are
# registered by their apps (``reisgids.registries.register_sitemap_section``, each app's
# ``discovery.py``); each selects only what anybody may see. Addresses start with ``SITE_URL`` (not
# the host the request came in on). The XML is written directly: Django's sitemap template and a
# ``reverse()`` per address take seconds at 10,000 organisations, this takes a fraction of that.
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


def _language_links(location):
    """Each address of a page in the sitemap names the page in every language (``hreflang``): the
    Dutch path, and the same path under ``/en/`` (see ``reisgids.languages``)."""
    rows = [(code, path_in(location, code)) for code, _name in settings.LANGUAGES]
    rows.append(("x-default", path_in(location, settings.LANGUAGE_CODE)))
    return "".join(
        f'<xhtml:link rel="alternate" hreflang="{code}" href="{xml_escape(settings.SITE_URL + path)}"/>'
        for code, path in rows
    )


def _xml(root, rows):
    """A sitemap document: ``root`` ("urlset" or "sitemapindex") with one element per row. A urlset
    lists every page once per language, each naming the other."""
    child = "url" if root == "urlset" else "sitemap"
    namespaces = f' xmlns:xhtml="{XHTML_NS}"' if root == "urlset" else ""
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n', f'<{root} xmlns="{SITEMAP_NS}"{namespaces}>\n']
    for location, lastmod in rows:
        languages = (
            [path_in(location, code) for code, _name in settings.LANGUAGES] if child == "url" else [location]
        )
        links = _language_links(location) if child == "url" else ""
        for address in languages:
            parts.append(f"<{child}><loc>{xml_escape(settings.SITE_URL + address)}</loc>")
            if lastmod:
                parts.append(f"<lastmod>{lastmod.astimezone(UTC).isoformat(timespec='seconds')}</lastmod>")
            parts.append(f"{links}</{child}>\n")
    parts.append(f"</{root}>\n")
    return HttpResponse("".join(parts), content_type="application/xml; charset=utf-8")


def sitemap_index(request):
    """``/sitemap.xml``: the sitemap of each section, in pages of 50,000 addresses."""
    rows = []
    for name, sitemap_class in sitemap_sections().items():
        path = reverse("sitemap_section", kwargs={"section": name})
        for page in range(1, sitemap_class(request).page_count() + 1):
            rows.append((path if page == 1 else f"{path}?p={page}", None))
    return _xml("sitemapindex", rows)


def sitemap_section(request, section):
    """``/sitemap-<section>.xml``: one page of one section's addresses."""
    sections = sitemap_sections()
    if section not in sections:
        raise Http404
    page = parse_positive_int(request.GET.get("p", "1"))
    sitemap = sections[section](request)
    if page is None or page > sitemap.page_count():
        raise Http404
    return _xml("urlset", sitemap.entries(page))


ROBOTS_DISALLOW = ["/beheer/", "/accounts/", "/meldingen/"]


def robots_txt(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in ROBOTS_DISALLOW)]
    lines.append(f"Sitemap: {settings.SITE_URL}/sitemap.xml")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
