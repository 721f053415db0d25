"""Cached parts of the deal page that hold forms: the CSRF token differs per visitor, so the part
is rendered with a placeholder in its place and the visitor's own token is put in when served."""

from django.middleware.csrf import get_token
from django.utils.safestring import mark_safe

CSRF_PLACEHOLDER = "reisgids-csrf-placeholder"
_RENDERED = f'name="csrfmiddlewaretoken" value="{CSRF_PLACEHOLDER}"'


def csrf_context():
    """Context for rendering a part to cache: ``{% csrf_token %}`` writes the placeholder."""
    return {"csrf_token": CSRF_PLACEHOLDER}


def with_csrf_token(request, html):
    """``html`` (rendered with ``csrf_context()``) with this visitor's CSRF token. Only the
    placeholder in the hidden field is replaced: text a user wrote is escaped and cannot match."""
    if _RENDERED not in html:
        return html
    token = get_token(request)
    return mark_safe(html.replace(_RENDERED, f'name="csrfmiddlewaretoken" value="{token}"'))  # noqa: S308 - our own rendered, auto-escaped template output
