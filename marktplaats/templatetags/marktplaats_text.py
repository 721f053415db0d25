"""Rendering text that users typed: escaped, paragraphs kept, web addresses as links with
rel="nofollow ugc", and cleaned once more by nh3 so nothing but those links and paragraphs gets out."""

import nh3
from django import template
from django.template.defaultfilters import linebreaks_filter, urlize
from django.utils.safestring import mark_safe

register = template.Library()

ALLOWED_TAGS = {"p", "br", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}


@register.filter
def user_text(value):
    html = urlize(str(value or ""), autoescape=True)
    html = linebreaks_filter(html, autoescape=False)
    return mark_safe(  # noqa: S308 - nh3 allows only <p>, <br> and <a href>, links get rel
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes={"http", "https", "mailto"},
            link_rel="nofollow ugc",
        )
    )
