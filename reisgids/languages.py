"""The site's two languages and their addresses: Dutch at the root, English under ``/en/``
(``reisgids.urls``: ``i18n_patterns`` without a prefix for Dutch). Every public page has the same
path in both, so the other language's address of a page is its path with ``/en`` added or taken
off; the admin, the API, the sitemaps and the uploads are one address for both and have none."""

from django.conf import settings
from django.urls import LocalePrefixPattern, Resolver404, URLResolver, get_resolver


def dutch_path(path):
    """``path`` without its language prefix: ``/en/deals/`` → ``/deals/``, ``/en`` → ``/``."""
    for code, _name in settings.LANGUAGES:
        prefix = f"/{code}/"
        if code != settings.LANGUAGE_CODE and (path.startswith(prefix) or path == prefix[:-1]):
            return "/" + path[len(prefix) :]
    return path


def path_in(path, language):
    """The address of the page at ``path`` (either language) in ``language``."""
    base = dutch_path(path)
    return base if language == settings.LANGUAGE_CODE else f"/{language}{base}"


def _unprefixed_patterns():
    resolver = get_resolver()
    return tuple(
        pattern
        for pattern in resolver.url_patterns
        if not (isinstance(pattern, URLResolver) and isinstance(pattern.pattern, LocalePrefixPattern))
    )


def has_languages(path):
    """True when ``path`` is a page that exists in both languages (not the admin, the API, …)."""
    base = dutch_path(path)[1:]
    for pattern in _unprefixed_patterns():
        try:
            if pattern.resolve(base):
                return False
        except Resolver404:
            continue
    return True


def alternates(path):
    """``[(language, path), …]``: the page at ``path`` in every language, or ``[]`` for an address
    that has one version only."""
    if not has_languages(path):
        return []
    return [(code, path_in(path, code)) for code, _name in settings.LANGUAGES]


# --- the languages of Wagtail's pages ------------------------------------------------------------
_LOCALE_CODES = {}


def locale_language(locale_id):
    """The language code of the Wagtail locale ``locale_id`` (kept per process: locales are only
    ever added)."""
    if locale_id not in _LOCALE_CODES:
        from wagtail.models import Locale

        code = Locale.objects.filter(pk=locale_id).values_list("language_code", flat=True).first()
        if code is None:
            return settings.LANGUAGE_CODE
        _LOCALE_CODES[locale_id] = code
    return _LOCALE_CODES[locale_id]
