"""Content in another language than the page around it: a Wagtail page that has no English version
yet is shown under ``/en/`` in Dutch, and says so (WCAG 3.1.2, language of parts).

``<article{% content_lang page %}>`` adds ``lang="nl"`` when the page's language is not the page's
interface language; ``{% untranslated_notice page %}`` tells the reader, in the interface language."""

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.translation import get_language

from reisgids.languages import locale_language

register = template.Library()


def _other_language(page):
    locale_id = getattr(page, "locale_id", None)
    if locale_id is None:
        return None
    language = locale_language(locale_id)
    return language if language != get_language() else None


@register.simple_tag
def content_lang(page):
    language = _other_language(page)
    return format_html(' lang="{}"', language) if language else ""


@register.simple_tag
def untranslated_notice(page):
    if not _other_language(page):
        return ""
    return render_to_string("atlas/_untranslated_notice.html")
