"""From what a visitor typed to a query for Wagtail's search backend.

**Why not just ``PlainText(q)``.** The database backend turns every word into a quoted lexeme of
``to_tsquery`` with the ``dutch`` text search configuration (``SEARCH_CONFIG`` in the settings),
so the words *are* stemmed: "mantelzorgen" becomes ``mantelzorg``. But PostgreSQL's Dutch Snowball
stemmer keeps the agent-noun ending ``-er``: "mantelzorger" and "mantelzorgers" both become
``mantelzorger``, never ``mantelzorg`` (check with ``SELECT ts_lexize('dutch_stem', 'mantelzorgers')``).
So "mantelzorgers" would not find a page about "mantelzorg", and the other way round. A custom
text search configuration cannot fix that without dictionary files on the database server (a
``synonym`` or ``ispell`` dictionary), which a managed PostgreSQL or the compose file do not have.

So each word becomes an ``Or`` of its forms, still stemmed by the backend with the ``dutch``
configuration: the word itself, its base without ``-ers``, ``-er`` or ``-en`` (``mantelzorgers`` →
``mantelzorg``, when at least four letters remain) and that base with the agent ending
(``mantelzorg`` → ``mantelzorger``). The words are combined with ``And``: every word (in one of
its forms) must occur.

**Bad input.** Only the words are kept (letters and digits, ``\\w`` in Unicode): the operators of
``to_tsquery`` (``& | ! ( ) : * '``) and every other sign are dropped before anything reaches the
database, so no input can make the query invalid. The input is capped at ``MAX_QUERY_LENGTH``
characters and ``MAX_TERMS`` words.
"""

import re

from wagtail.search.query import And, Or, PlainText

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
MAX_TERM_LENGTH = 40
MIN_STEM = 4

_WORD = re.compile(r"\w+", re.UNICODE)


def clean_query(value):
    """The query as shown back to the visitor: trimmed, whitespace collapsed, capped."""
    return " ".join((value or "").split())[:MAX_QUERY_LENGTH]


def terms(value):
    """The distinct words of ``value``, lower-cased, at most ``MAX_TERMS``. One-letter words are
    left out when there are longer ones (they are noise such as the "s" of "'s-Gravenhage")."""
    words = [word.lower()[:MAX_TERM_LENGTH] for word in _WORD.findall(clean_query(value).replace("_", " "))]
    if any(len(word) > 1 for word in words):
        words = [word for word in words if len(word) > 1]
    return list(dict.fromkeys(words))[:MAX_TERMS]


def word_forms(word):
    """The forms of ``word`` searched for (see above): itself, its base without ``-ers``, ``-er``
    or ``-en`` (when at least ``MIN_STEM`` letters remain) and that base with ``-er``."""
    if word.isdigit():
        return [word]
    base = word
    for ending in ("ers", "er", "en"):
        if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
            base = word[: -len(ending)]
            break
    return list(dict.fromkeys([word, base, f"{base}er"]))


def _lexeme(form):
    return "'" + form.replace("\\", "\\\\").replace("'", "''") + "'"


def tsquery_text(words):
    """The same query as ``build_query`` as the text of one PostgreSQL ``to_tsquery``: each word
    an ``|`` of its quoted forms (normalised by the configuration, as the backend does), the
    words joined with ``&``. The words hold letters and digits only; quotes are escaped anyway."""
    return " & ".join("(" + " | ".join(_lexeme(form) for form in word_forms(word)) + ")" for word in words)


def build_query(words):
    """The backend query for ``words`` (from ``terms``), or None when there are none."""
    if not words:
        return None
    parts = []
    for word in words:
        forms = [PlainText(form) for form in word_forms(word)]
        parts.append(forms[0] if len(forms) == 1 else Or(forms))
    return parts[0] if len(parts) == 1 else And(parts)
