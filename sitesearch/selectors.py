"""The site-wide search: every type registered in ``reisgids.registries`` (each app's
``discovery.py``) searched through Wagtail's search backend, grouped by type, with a count per type
and a highlighted snippet per result.

A fixed number of queries whatever the size of the data: one per type (its best results, the
total number of hits as a window count and the snippets, all in the same query), plus one for the
page view restrictions when pages are searched. On PostgreSQL the query runs directly on Wagtail's
index entries (see ``_ranked_postgres`` for why), in pipeline mode one type ahead (``_in_turn``: the
database runs a type's statement while Python makes hits of the type before); elsewhere through the
backend's ``search()``.
On PostgreSQL the snippet is ``ts_headline`` with
the backend's text search configuration (``dutch``), so the stemmed forms that matched are marked
too ("mantelzorg" for "mantelzorgers"). The text goes through ``ts_headline`` with two control
characters as start and stop markers (removed from the text first); the result is HTML-escaped and
only then are the markers replaced by ``<mark>`` and ``</mark>``: no text of a user becomes markup.
Other databases (SQLite for ``make run``) get the backend's own search and a simpler highlight.
"""

import re
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import Count, F, Q, TextField, Value, Window
from django.db.models.functions import Cast, Concat, Left, Replace
from django.db.models.query import RawQuerySet
from django.db.models.sql import RawQuery
from django.utils.html import escape
from django.utils.safestring import mark_safe
from wagtail.search.backends import get_search_backend

from reisgids.filters import any_of_sql
from reisgids.registries import SearchContext, TextType, search_type, search_types
from sitesearch import query as search_query

GROUP_SIZE = 5
PAGE_SIZE = 20
# At most this many matches of one type are ranked and counted: the newest ``MATCH_LIMIT`` that match
# (the type's rows in descending primary key, i.e. the newest first), ranked among themselves. Ranking
# and counting every match cost time in proportion to the matches, so a common word ("zorg") made the
# search slower the more there was to find; now a search reads a bounded number of each type's rows
# (see ``_candidates``). 50, not more: the newest rows a common word needs to reach 51 matches are
# what a cold search costs at 10,000 organisations (100 took ≈ 10 ms more over the ten types and kept
# the cold search above 1.3 times that at 100 organisations). Beyond the limit a type's
# count is shown as "more than ``MATCH_LIMIT``" and its pages reach as far as the limit (three pages
# of twenty): who looks further adds a word.
MATCH_LIMIT = 50
SNIPPET_SOURCE_CHARS = 5000
START, STOP = "\x01", "\x02"
HEADLINE = {"max_words": 30, "min_words": 12, "max_fragments": 2, "fragment_delimiter": " … "}


@dataclass
class Hit:
    title: str
    url: str
    facts: str
    snippet: str
    source: object = None  # the row found (its language marks title and snippet, ``{% lang_of %}``)


@dataclass
class Group:
    type: object
    count: int  # at most MATCH_LIMIT
    hits: list = field(default_factory=list)
    number: int = 1  # the page shown, for the active type
    capped: bool = False  # more than ``count`` (MATCH_LIMIT) matches

    @property
    def key(self):
        return self.type.key

    @property
    def label(self):
        return self.type.label


@dataclass
class SearchResult:
    query: str
    groups: list  # the types with hits, in registry order
    total: int = 0
    capped: bool = False  # a type had more than MATCH_LIMIT matches: ``total`` is a lower bound
    active: Group | None = None  # with ?type=: that type alone, paginated
    page: object = None
    searched: bool = False  # False for an empty query (nothing to search for)


def _text(search_type_):
    parts = []
    for name in search_type_.text_fields:
        if parts:
            parts.append(Value(" "))
        parts.append(F(name))
    text = Concat(*parts, output_field=TextField()) if len(parts) > 1 else parts[0]
    text = Left(text, SNIPPET_SOURCE_CHARS)
    return Replace(Replace(text, Value(START), Value("")), Value(STOP), Value(""))


def _mark(headline):
    """Escape first, then turn the markers into ``<mark>``."""
    html = escape(" ".join((headline or "").split()))
    return mark_safe(html.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308 - escaped above


def _python_snippet(text, words, size=220):
    """Highlight for databases without ``ts_headline``: words that start with a searched word."""
    text = " ".join((text or "").split())[:size]
    html = escape(text)
    if words:
        pattern = re.compile(r"\b(" + "|".join(re.escape(escape(word)) for word in words) + r")(\w*)", re.I)
        html = pattern.sub(r"<mark>\1\2</mark>", html)
    return mark_safe(html)  # noqa: S308 - escaped above, only our <mark> added


# How many of a type's newest rows a search looks at first (see ``_candidates``): the first ``HEAD``,
# then, when those hold some matches but fewer than enough, the rest up to ``WALK``.
HEAD = 100
WALK = 500
# Whether one of the type's rows (``recent.pk``) matches the query: its own index entry, one lookup.
_ROW_MATCHES = (
    "(SELECT entry.title @@ query OR entry.body @@ query"
    " FROM wagtailsearch_indexentry AS entry, to_tsquery(%s::regconfig, %s) AS query"
    " WHERE entry.content_type_id = %s AND entry.object_id = recent.pk::varchar(50))"
)


def _candidates(queryset, text, config):
    """SQL and parameters of the primary keys of the newest ``MATCH_LIMIT`` + 1 rows of ``queryset``
    that match the ``to_tsquery`` text ``text`` (fewer when fewer match).

    Two ways to the same rows, in one statement. First the type's newest rows are read in
    descending primary key, each tested on its own index entry (one lookup by content type and
    object id), until ``MATCH_LIMIT`` + 1 match: for a common word that is a few hundred rows,
    whatever the size of the table. The newest ``HEAD`` first: when none of them matches, the word
    is rare in this type and the rest of the walk (up to ``WALK``) is skipped. When the walk finds
    fewer than enough, the matches come from the GIN indexes on content type and text instead
    (``sitesearch`` migration 0001: a word that rare in the type has few entries to read, however
    common it is in other types); PostgreSQL skips each part the part before made needless (one-time
    filters). PostgreSQL cannot choose between the ways itself: it misjudges how many rows the join
    of a type to its index entries gives (the join casts the primary key to text), and always reads
    every matching entry."""
    content_type = ContentType.objects.get_for_model(queryset.model).pk
    newest, head = queryset.order_by("-pk").values("pk"), min(HEAD, WALK)
    found = "(SELECT COUNT(*) FROM head)"
    head_sql, head_params = newest[:head].query.sql_with_params()
    tail, tail_params = "", ()
    if WALK > head:
        tail_sql, tail_params = newest[head:WALK].query.sql_with_params()
        tail = (
            " UNION ALL (SELECT recent.pk FROM ("
            + tail_sql
            + f") AS recent WHERE {found} BETWEEN 1 AND {MATCH_LIMIT} AND "
            + _ROW_MATCHES
            + f" ORDER BY recent.pk DESC LIMIT {MATCH_LIMIT + 1} - {found})"
        )
        tail_params = (*tail_params, config, text, content_type)
    matched = queryset.filter(pk__in=_matching_keys(queryset.model, content_type, _tsquery(text, config)))
    matched = matched.order_by("-pk").values("pk")[: MATCH_LIMIT + 1]
    matched_sql, matched_params = matched.query.sql_with_params()
    sql = (
        "WITH head AS MATERIALIZED (SELECT recent.pk FROM ("
        + head_sql
        + ") AS recent WHERE "
        + _ROW_MATCHES
        + f" ORDER BY recent.pk DESC LIMIT {MATCH_LIMIT + 1}),"
        " walked AS MATERIALIZED (SELECT pk FROM head" + tail + ")"
        f" SELECT pk FROM walked WHERE (SELECT COUNT(*) FROM walked) > {MATCH_LIMIT}"
        " UNION ALL SELECT matched.pk FROM ("
        + matched_sql
        + f") AS matched WHERE (SELECT COUNT(*) FROM walked) <= {MATCH_LIMIT}"
    )
    return sql, (*head_params, config, text, content_type, *tail_params, *matched_params)


def _count_candidates(queryset, text, config):
    """SQL and parameters of the number of ``queryset``'s rows that match the ``to_tsquery`` text
    ``text``, counted up to ``MATCH_LIMIT`` + 1: the same number as ``_candidates`` gives, which
    needs the newest matches (for the rows of a page) where a count needs any. So the count joins
    the type's matching index entries (``_matching_keys``), in whatever order PostgreSQL reads them
    (the content type's B-tree for a common word, the GIN indexes on content type and text for a
    rare one), to its rows by primary key, and stops at ``MATCH_LIMIT`` + 1: a few dozen entries
    however large the table, where the walk of ``_candidates`` tests the newest rows one by one (a
    few hundred for a common word)."""
    model = queryset.model
    content_type = ContentType.objects.get_for_model(model).pk
    keys = _matching_keys(model, content_type, _tsquery(text, config))
    keys_sql, keys_params = keys.query.sql_with_params()
    rows_sql, rows_params = queryset.order_by().values("pk").query.sql_with_params()
    sql = (
        f"SELECT COUNT(*) FROM (SELECT 1 FROM ({keys_sql}) AS entry (pk)"
        f" JOIN ({rows_sql}) AS type_row (pk) ON type_row.pk = entry.pk"
        f" LIMIT {MATCH_LIMIT + 1}) AS candidates"
    )
    return sql, (*keys_params, *rows_params)


def _tsquery(text, config):
    from django.contrib.postgres.search import SearchQuery

    return SearchQuery(text, search_type="raw", config=config)


def _matching_keys(model, content_type, tsquery):
    """The primary keys of ``model``'s rows whose index entry's title or body matches, read from the
    GIN indexes on content type and text; the entry's object id cast to the key's type, so each row
    is found by its primary key (a join on the key cast to text reads every row of the type)."""
    from wagtail.search.models import IndexEntry

    key = model._meta.pk
    key = getattr(key, "target_field", key)  # a page type's key is its link to the page
    entries = IndexEntry.objects.filter(Q(title=tsquery) | Q(body=tsquery), content_type_id=content_type)
    return entries.values_list(Cast("object_id", output_field=key.__class__()), flat=True)


def _matching(tsquery):
    """A row matches when its index entry's title or body matches (each column has a GIN index)."""
    return Q(index_entries__title=tsquery) | Q(index_entries__body=tsquery)


def _ranked_postgres(queryset, text, config):
    """PostgreSQL: the newest ``MATCH_LIMIT`` + 1 rows of ``queryset`` that match the ``to_tsquery``
    text ``text`` (``_candidates``), best first, straight on Wagtail's index entries (the backend's
    table, filled by the backend with its ``dutch`` configuration). Returns (ranked rows, tsquery).

    ``text`` is ``search_query.tsquery_text(words)``: the same words and forms as ``build_query``.
    Rows match on ``title @@ query OR body @@ query``. The backend itself matches
    ``(title || body) @@ query`` (a vector concatenation for every index entry of the type, which
    no index serves) and ranks with one ``ts_rank`` per word form and column; compiling and
    planning that expression cost more than the search at the sizes of this site. The rank here is
    the backend's formula with the whole query at once: ``ts_rank`` of the title times its length
    normalisation plus that of the body, with the backend's weights, over the candidates only."""
    from django.contrib.postgres.search import SearchRank
    from wagtail.search.backends.database.postgres.weights import WEIGHTS_VALUES

    tsquery = _tsquery(text, config)
    rank = SearchRank(F("index_entries__title"), tsquery, weights=WEIGHTS_VALUES) * F(
        "index_entries__title_norm"
    ) + SearchRank(F("index_entries__body"), tsquery, weights=WEIGHTS_VALUES)
    ranked = queryset.filter(any_of_sql("pk", *_candidates(queryset, text, config))).filter(
        _matching(tsquery)
    )
    return ranked.annotate(search_rank=rank).order_by("-search_rank", "-pk"), tsquery


def _with_totals_and_snippets(queryset, text, config, search_type_):
    from django.contrib.postgres.search import SearchHeadline

    queryset, tsquery = _ranked_postgres(queryset, text, config)
    return queryset.annotate(
        search_total=Window(Count("pk")),
        search_snippet=SearchHeadline(
            _text(search_type_),
            tsquery,
            config=config,
            start_sel=START,
            stop_sel=STOP,
            **HEADLINE,
        ),
    )


# The statement of each type's search, compiled once per process: turning the ranked, counted and
# highlighted queryset into SQL costs Django several milliseconds a type (most of a cold search),
# and it is the same statement for every search but for the query text, which is a parameter. The
# key holds the type, the slice, the model's content type and what the type's rows depend on for
# this visitor: its ``statement_key`` when it knows that without building its queryset (a page
# type: the restricted sections), else the SQL and parameters of its own queryset (what
# ``get_queryset`` gives for this visitor), so whatever changes that queryset or the join gives
# another statement; the query text is compiled as ``QUERY_TEXT`` and put in its place on every
# search. A kept statement is ``(sql, params, related)`` (``related``: see ``_related_columns``), or
# None for a type whose related objects a raw row cannot carry (the ORM runs its search).
QUERY_TEXT = "\x03query\x03"
MAX_STATEMENTS = 256
_statements = {}


def _statement(search_type_, context, config, start, stop):
    """The kept statement of a type's rows ``start:stop``, or of its count when ``stop`` is None."""
    # The join to the index entries holds the model's content type id, which the type's own queryset
    # does not: a database whose content types were made anew (a flushed test database) gives new ids.
    content_type = ContentType.objects.get_for_model(search_type_.get_model()).pk
    depends_on = search_type_.statement_key(context)
    queryset = None
    if depends_on is None:
        queryset = search_type_.get_queryset(context)
        base_sql, base_params = queryset.query.sql_with_params()
        depends_on = (base_sql, repr(base_params))
    key = (search_type_.key, config, start, stop, content_type, depends_on)
    if key in _statements:
        return _statements[key]
    if len(_statements) >= MAX_STATEMENTS:
        _statements.clear()
    if queryset is None:
        queryset = search_type_.get_queryset(context)
    if stop is None:  # the count of the type's matches (up to MATCH_LIMIT + 1)
        statement = (*_count_candidates(queryset, QUERY_TEXT, config), None)
        _statements[key] = statement
        return statement
    related, statement = [], None
    if queryset.query.select_related:
        columns = _related_columns(queryset, search_type_)
        queryset, related = columns if columns is not None else (None, [])
    if queryset is not None:
        ranked = _with_totals_and_snippets(queryset, QUERY_TEXT, config, search_type_)[start:stop]
        statement = (*ranked.query.sql_with_params(), related)
    _statements[key] = statement
    return statement


def _related_columns(queryset, search_type_):
    """What ``select_related`` would join, as plain columns of the same statement: raw rows cannot
    carry related objects, so each relation's fields of the type's ``only`` (``organisation__name``)
    are annotated and made into the related object again (``_attach_related``). Returns the
    annotated queryset (without ``select_related``) and, per relation, its field and the
    annotations; None when that cannot be done (a nested relation, or no fields named in ``only``)."""
    relations = queryset.query.select_related
    if not isinstance(relations, dict) or any(relations.values()):
        return None
    annotations, attached = {}, []
    for name in relations:
        relation = queryset.model._meta.get_field(name)
        related = relation.related_model._meta
        prefix = f"{name}__"
        names = [only.removeprefix(prefix) for only in search_type_.only if only.startswith(prefix)]
        if not names:
            return None
        names = list(dict.fromkeys([related.pk.attname, *names]))
        aliases = [f"search_{name}_{column}" for column in names]
        annotations.update(
            {alias: F(f"{name}__{column}") for alias, column in zip(aliases, names, strict=True)}
        )
        attached.append((relation, names, aliases))
    return queryset.select_related(None).annotate(**annotations), attached


def _attach_related(rows, attached):
    for row in rows:
        for relation, names, aliases in attached:
            values = [getattr(row, alias) for alias in aliases]
            related = (
                None if values[0] is None else relation.related_model.from_db(row._state.db, names, values)
            )
            relation.set_cached_value(row, related)


def _prepared_cursor():
    """A cursor on the request's connection whose statements PostgreSQL keeps prepared for the
    connection's lifetime (``CONN_MAX_AGE``): each type's statement is parsed and analysed once,
    and after five runs PostgreSQL plans it once too where the generic plan costs no more than the
    plans it made for the query texts before (``plan_cache_mode = auto``). Planning was 0.5-2 ms a
    type, about a third of the database's time for a cold search at 10,000 organisations. The
    statements bind their parameters on the server (Django's own cursors bind on the client and are
    never prepared) and are logged like any other query (``connection.queries``, query counts)."""
    connection.ensure_connection()
    cursor = _preparing_cursor_class()(connection.connection)
    wrap = connection.make_debug_cursor if connection.queries_logged else connection.make_cursor
    return wrap(cursor)


@cache
def _preparing_cursor_class():
    from django.db.backends.postgresql.base import ServerBindingCursor

    class PreparingCursor(ServerBindingCursor):
        def execute(self, query, params=None, **options):
            return super().execute(query, params, **options | {"prepare": True})

    return PreparingCursor


class _SentQuery(RawQuery):
    """A raw query whose statement is sent (``send``) before its rows are asked for (``receive``):
    in pipeline mode PostgreSQL runs it while Python still works on what came before. The statement
    is a prepared one (``_prepared_cursor``)."""

    rows = None

    def send(self):
        adapt = connection.ops.adapt_unknown_value
        self.cursor = _prepared_cursor()
        self.cursor.execute(self.sql, tuple(adapt(value) for value in self.params))

    def receive(self):
        if self.rows is None:
            if self.cursor is None:
                self.send()
            self.rows = self.cursor.fetchall()
        return self.rows

    def __iter__(self):
        return iter(self.receive())


def _rows_query(search_type_, context, words, config, start, stop):
    """The type's rows ``start:stop`` as a raw queryset on a ``_SentQuery`` (nothing sent yet), or
    None when the ORM has to run the search (a related object a raw row cannot carry)."""
    statement = _statement(search_type_, context, config, start, stop)
    if statement is None:
        return None, None
    text = search_query.tsquery_text(words)
    sql, params, related = statement
    params = [text if param == QUERY_TEXT else param for param in params]
    model = search_type_.get_model()
    db = model._default_manager.db
    query = _SentQuery(sql, db, params)
    return RawQuerySet(sql, model=model, query=query, params=params, using=db), related


def _rows_orm(search_type_, context, words, config, start, stop):
    queryset = search_type_.get_queryset(context)
    text = search_query.tsquery_text(words)
    return list(_with_totals_and_snippets(queryset, text, config, search_type_)[start:stop])


def _rows_other(results, search_type_, start, stop, words):
    rows = list(results[start:stop])
    count = results.count()
    snippets = []
    for row in rows:
        text = " ".join(str(getattr(row, name, "") or "") for name in search_type_.text_fields)
        snippets.append(_python_snippet(text, words))
    return rows, count, snippets


def _first_match(text, words):
    """Where the first of ``words`` occurs in ``text`` (each word in one of its forms, at the start
    of a word of the text, as the backend's stemming would find it), or None when one is missing."""
    lowered = text.lower()
    positions = []
    for word in words:
        found = [
            match.start()
            for form in search_query.word_forms(word)
            if (match := re.search(r"\b" + re.escape(form), lowered))
        ]
        if not found:
            return None
        positions.append(min(found))
    return min(positions)


def _search_texts(search_type_, words, start, stop):
    """(hits, count) of a ``TextType``: its few pages matched in Python, title matches first."""
    ranked = []
    for page in search_type_.pages():
        position = _first_match(f"{page.title} {page.text}", words)
        if position is not None:
            in_title = _first_match(page.title, words) is not None
            ranked.append((not in_title, position, page))
    ranked.sort(key=lambda row: row[:2])
    hits = []
    for _in_title, _position, page in ranked[start:stop]:
        at = _first_match(page.text, words) or 0
        begin = page.text.rfind(" ", 0, at - 60) + 1 if at > 80 else 0  # a little before the match
        excerpt = page.text[begin:]
        hits.append(
            Hit(
                title=page.title,
                url=page.url,
                facts=search_type_.facts(page),
                snippet=_python_snippet(excerpt, words),
            )
        )
    return hits, (len(ranked) if hits or start == 0 else None)


class _Search:
    """One type's part of a search, in three steps so that the next type's statement can be on its
    way to PostgreSQL while this type's rows become hits (``_in_turn``): ``send`` starts the
    statement, ``receive`` waits for its rows, ``finish`` returns (hits, count). With ``want_rows``
    False only the count. ``count`` is None when the slice is past the end (the caller counts
    apart). One statement a type on PostgreSQL; a ``TextType`` needs none; elsewhere the backend's
    own search runs in ``finish``."""

    def __init__(
        self, search_type_, backend_query, words, context, *, start=0, stop=GROUP_SIZE, want_rows=True
    ):
        self.type, self.backend_query, self.words, self.context = search_type_, backend_query, words, context
        self.start, self.stop, self.want_rows = start, stop, want_rows
        self.postgres = connection.vendor == "postgresql" and not isinstance(search_type_, TextType)
        self.config = getattr(get_search_backend(), "config", None) or "dutch"
        self.cursor = self.rows = self.related = None

    def send(self):
        if not self.postgres:
            return
        text = search_query.tsquery_text(self.words)
        if not self.want_rows:
            sql, params, _related = _statement(self.type, self.context, self.config, None, None)
            self.cursor = _prepared_cursor()
            self.cursor.execute(sql, [text if param == QUERY_TEXT else param for param in params])
            return
        self.rows, self.related = _rows_query(
            self.type, self.context, self.words, self.config, self.start, self.stop
        )
        if self.rows is not None:
            self.rows.query.send()

    def receive(self):
        if self.cursor is not None:
            self.count = self.cursor.fetchone()[0]
            self.cursor.close()
        elif self.rows is not None:
            self.rows.query.receive()

    def finish(self):
        if isinstance(self.type, TextType):
            hits, count = _search_texts(self.type, self.words, self.start, self.stop)
            return (hits if self.want_rows else []), count
        if self.cursor is not None:
            return [], self.count
        if self.postgres:
            if self.rows is None:  # let the ORM join and build the related objects
                rows = _rows_orm(self.type, self.context, self.words, self.config, self.start, self.stop)
            else:
                rows = list(self.rows)
                _attach_related(rows, self.related)
            count = rows[0].search_total if rows else None
            snippets = [_mark(row.search_snippet) for row in rows]
        else:
            results = get_search_backend().search(
                self.backend_query, self.type.get_queryset(self.context), order_by_relevance=True
            )
            if not self.want_rows:
                return [], results.count()
            rows, count, snippets = _rows_other(results, self.type, self.start, self.stop, self.words)
        self.type.prepare(rows, self.context)
        hits = [
            Hit(
                title=getattr(row, self.type.title_field),
                url=self.type.url(row),
                facts=self.type.facts(row),
                snippet=snippet,
                source=row,
            )
            for row, snippet in zip(rows, snippets, strict=True)
        ]
        return hits, count


def _pipeline():
    """PostgreSQL's pipeline mode on the request's connection (statements sent without waiting for
    the ones before them); nothing elsewhere."""
    if connection.vendor != "postgresql":
        return nullcontext()
    connection.ensure_connection()
    return connection.connection.pipeline()


def _in_turn(searches):
    """(hits, count) of each ``_Search``, in their order. The searches with rows go one ahead: each
    one's statement is sent before the rows of the one before become hits, so PostgreSQL runs it
    meanwhile (pipeline mode). A type's rows are read before the next statement is sent: reading
    waits for every statement sent. The counts alone (the other types' facets on a type's page) are
    sent together once the last rows are read, and PostgreSQL runs them while those rows become
    hits: a count needs no work in Python, so one ahead left PostgreSQL and Python taking turns."""
    results = {}  # by search
    with_rows = [search for search in searches if search.want_rows]
    counts = [search for search in searches if not search.want_rows]
    previous = None
    with _pipeline():
        for search in with_rows:
            if previous is not None:
                previous.receive()
            search.send()
            if previous is not None:
                results[previous] = previous.finish()
            previous = search
        if previous is not None:
            previous.receive()
        for search in counts:
            search.send()
        if previous is not None:
            results[previous] = previous.finish()
        for search in counts:
            search.receive()
            results[search] = search.finish()
    return [results[search] for search in searches]


def _search(search_type_, backend_query, words, context, **options):
    """(hits, count) of one type on its own (see ``_Search``)."""
    return _in_turn([_Search(search_type_, backend_query, words, context, **options)])[0]


def _page_number(value):
    """The page asked for, within the pages ``MATCH_LIMIT`` matches fill."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return max(1, min(number, -(-MATCH_LIMIT // PAGE_SIZE)))


def _group(entry, count, hits=(), number=1):
    """A type's group, its count within ``MATCH_LIMIT`` (``capped`` when there are more)."""
    count = count or 0
    return Group(entry, min(count, MATCH_LIMIT), list(hits), number, capped=count > MATCH_LIMIT)


def site_search(raw_query, *, type_key=None, page=None):
    """Search everything for ``raw_query``. Without ``type_key``: every type with hits, the best
    ``GROUP_SIZE`` of each. With a known ``type_key``: that type alone, ``PAGE_SIZE`` a page, and
    the counts of the others for the facets. Every type's count stops at ``MATCH_LIMIT``."""
    cleaned = search_query.clean_query(raw_query)
    words = search_query.terms(cleaned)
    backend_query = search_query.build_query(words)
    if backend_query is None:
        return SearchResult(query=cleaned, groups=[])
    context = SearchContext()
    active_type = search_type(type_key) if type_key else None
    number = _page_number(page)
    start = (number - 1) * PAGE_SIZE
    stop = min(start + PAGE_SIZE, MATCH_LIMIT)  # never the one beyond the limit
    entries = search_types()
    searches = []
    for entry in entries:
        if entry is active_type:
            options = {"start": start, "stop": stop}
        elif active_type is not None:
            options = {"want_rows": False}
        else:
            options = {}
        searches.append(_Search(entry, backend_query, words, context, **options))
    groups, active = [], None
    for entry, (hits, count) in zip(entries, _in_turn(searches), strict=True):
        if entry is active_type:
            if count is None and number > 1:  # past the last page: count apart, show the last page instead
                count = _search(entry, backend_query, words, context, want_rows=False)[1]
                number = _page_number(-(-count // PAGE_SIZE))
                start = (number - 1) * PAGE_SIZE
                stop = min(start + PAGE_SIZE, MATCH_LIMIT)
                if count:
                    hits, _count = _search(entry, backend_query, words, context, start=start, stop=stop)
            active = group = _group(entry, count, hits, number)
        else:
            group = _group(entry, count, hits)
        if group.count:
            groups.append(group)
    result = SearchResult(
        query=cleaned,
        groups=groups,
        total=sum(group.count for group in groups),
        capped=any(group.capped for group in groups),
        searched=True,
    )
    if active is not None:
        result.active = active
        paginator = Paginator(range(active.count), PAGE_SIZE)
        result.page = paginator.get_page(active.number)
        result.page.object_list = active.hits
        result.page.page_range = paginator.get_elided_page_range(
            result.page.number, on_each_side=2, on_ends=1
        )
    return result
