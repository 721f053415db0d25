"""``{% term "schouw" %}``: a word of the glossary (``reisgids.registries.register_glossary_term``),
linked to its explanation on /wat-betekent/ the first time a page uses it and plain text after that.

    {% load glossary %}
    <p>Na afloop volgt een {% term "schouw" %}.</p>          → the registered term, linked once
    <p>De {% term "deal" "deals" %} van deze maand.</p>      → own wording, same entry

A key nobody registered renders the text (or the key) unlinked, so a template never breaks on a term
of an app that is not installed."""

from django import template
from django.urls import reverse
from django.utils.html import format_html

from reisgids.registries import glossary_term

register = template.Library()

_SEEN = "_glossary_terms_linked"


def _seen(context):
    """The keys linked so far on this page: kept on the request, so included templates share it."""
    request = context.get("request")
    if request is None:
        return context.render_context.setdefault(_SEEN, set())
    if not hasattr(request, _SEEN):
        setattr(request, _SEEN, set())
    return getattr(request, _SEEN)


@register.simple_tag(takes_context=True)
def term(context, key, text=None):
    entry = glossary_term(key)
    shown = text if text is not None else (entry.term if entry else key)
    seen = _seen(context)
    if entry is None or key in seen:
        return format_html("{}", shown)
    seen.add(key)
    return format_html(
        '<a class="utrecht-link reisgids-term" href="{}#{}">{}</a>', reverse("glossary"), key, shown
    )
