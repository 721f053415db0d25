"""``{% capture %}`` and the head tags of every page (see ``atlas.seo``)."""

from django import template
from django.conf import settings
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from atlas import seo
from reisgids import languages
from reisgids.caching import in_process
from reisgids.registries import alternate_links

register = template.Library()


class CaptureNode(template.Node):
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        # The output is already rendered (and escaped) template text.
        context[self.name] = mark_safe(self.nodelist.render(context).strip())
        return ""


@register.tag
def capture(parser, token):
    """``{% capture as name %}…{% endcapture %}``: render the enclosed template (blocks included, so a
    child template's ``{% block title %}`` can be used twice) into the variable ``name``."""
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Usage: {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[2])


@register.simple_tag(takes_context=True)
def default_title(context):
    """A Wagtail page's SEO title or title; otherwise the site's name."""
    page = seo.wagtail_page(context)
    return seo.page_title(page) if page else context.get("site_name", settings.WAGTAIL_SITE_NAME)


@register.simple_tag(takes_context=True)
def default_description(context):
    """A Wagtail page's search description or intro; otherwise empty (``seo_head`` then uses the
    site's description)."""
    page = seo.wagtail_page(context)
    return seo.page_description(page) if page else ""


@register.simple_tag(takes_context=True)
def seo_head(context, *, title, description):
    """The description meta, canonical link, Open Graph and Twitter tags, and the feed links of the
    section the page is in."""
    request = context.get("request")
    path = request.path if request else "/"
    page = seo.wagtail_page(context)
    og_type = context.get("og_type") or (
        "article" if page is not None and page.depth >= seo.ARTICLE_DEPTH else "website"
    )
    site_name = context.get("site_name", settings.WAGTAIL_SITE_NAME)

    def build():
        # The captured blocks are escaped HTML; the tags escape again, so unescape to plain text first.
        tags = seo.head_tags(
            title=_plain(title),
            description=_plain(description) or str(seo.SITE_DESCRIPTION),
            path=path,
            og_type=og_type,
            site_name=site_name,
            image=seo.og_image(page),
        )
        return format_html("{}{}", tags, _hreflang_links(path))

    # The feeds in the page's own language (English ones under /en/, see reisgids.urls), from the apps'
    # registry as it is now (not kept: an app may register a feed after start, as a test's plugin does).
    feeds = alternate_links(languages.dutch_path(path), get_language())
    if page is not None:  # its image's rendition: data
        return format_html("{}{}", build(), feeds)
    # Any other page's head: its title, description and address, kept per process.
    key = (
        "seo_head",
        str(title),
        str(description),
        path,
        og_type,
        site_name,
        get_language(),
        settings.SITE_URL,
    )
    return format_html("{}{}", in_process(key, build), feeds)


def _hreflang_links(path):
    """``<link rel="alternate" hreflang>`` for the page in each language, and Dutch as the default."""
    rows = languages.alternates(path)
    if not rows:
        return ""
    rows += [("x-default", languages.path_in(path, settings.LANGUAGE_CODE))]
    return format_html(
        "\n  {}",
        format_html_join(
            "\n  ",
            '<link rel="alternate" hreflang="{}" href="{}">',
            ((code, seo.absolute_url(url)) for code, url in rows),
        ),
    )


# The switch names the other language in that language.
SWITCH_LABELS = {"nl": "Nederlands", "en": "English"}


@register.simple_tag(takes_context=True)
def language_switch(context):
    """A link to this page in the other language (its query kept), or nothing on an address that
    has one language only."""
    request = context.get("request")
    if request is None:
        return ""
    current = get_language()
    links = [
        (url, code, code, SWITCH_LABELS.get(code, code))
        for code, url in languages.alternates(request.path)
        if code != current
    ]
    query = request.META.get("QUERY_STRING", "")
    return format_html_join(
        "",
        '<a class="utrecht-link reisgids-language" href="{}" hreflang="{}" lang="{}">'
        '<span class="reisgids-language-icon" aria-hidden="true"></span>{}</a>',
        ((f"{url}?{query}" if query else url, *rest) for url, *rest in links),
    )


def _plain(html):
    from html import unescape

    return " ".join(unescape(strip_tags(str(html))).split())
