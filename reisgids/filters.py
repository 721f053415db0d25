"""FilterSets of the public lists. They work without JavaScript: a GET form whose values stay in
the URL. Each select's options come from one query per page view, and no filter joins in a way
that repeats rows, so no list needs DISTINCT."""

from itertools import groupby

import django_filters
from django import forms
from django.conf import settings
from django.db import connection
from django.db.models import Exists, F, Lookup, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from reisgids.models import Area, ContactPoint, Instrument, Neighbourhood, Organisation, Theme


class _AnyOfArray(Lookup):
    """``field = ANY(ARRAY(subquery))`` (PostgreSQL): the subquery runs once, as an init plan, and the
    condition can use the field's index, also as one branch of an OR of indexed conditions (a bitmap
    OR). ``field IN (subquery)`` in an OR becomes a hashed subplan tested on every row instead."""

    lookup_name = "any_of_array"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = compiler.compile(self.rhs)
        return f"{lhs} = ANY(ARRAY{rhs})", [*lhs_params, *rhs_params]


def any_of(field, subquery):
    """A condition for ``Q``: ``field`` is one of the values ``subquery`` (a ``values()`` queryset of
    one column) gives. On PostgreSQL an ``= ANY(ARRAY(…))`` (see ``_AnyOfArray``), so a text search
    that ORs its own columns' trigram indexes with "or its organisation's name matches" reads only the
    matching rows; elsewhere ``IN``."""
    subquery = subquery.order_by()  # a model's default ordering would sort the subquery's rows
    if connection.vendor == "postgresql":
        return Q(_AnyOfArray(F(field), subquery.query))
    return Q(**{f"{field}__in": subquery})


def any_of_sql(field, sql, params):
    """``any_of`` for a subquery given as SQL and its parameters (PostgreSQL only)."""
    return Q(_AnyOfArray(F(field), RawSQL(sql, params)))


def linked(field, through, column):
    """``Q``: ``field`` is one of the values of ``column`` in the link table ``through`` (e.g. the
    organisations some lesson links to). On PostgreSQL the distinct values come from a skip scan of the
    column's index (a recursive CTE: one index descent per distinct value), so a filter's options
    cost as many lookups as there are options, not a read of every link or every organisation (at
    10,000 links to 60 organisations: 0.2 ms against 3.4-4.5 ms for the EXISTS over 10,000
    organisations); elsewhere an ``IN`` over the column."""
    if connection.vendor != "postgresql":
        return Q(**{f"{field}__in": through._base_manager.values(column)})
    table = connection.ops.quote_name(through._meta.db_table)
    key = connection.ops.quote_name(through._meta.get_field(column).column)
    sql = (
        f"WITH RECURSIVE walk(key) AS ((SELECT {key} FROM {table} WHERE {key} IS NOT NULL"
        f" ORDER BY {key} LIMIT 1) UNION ALL SELECT (SELECT {key} FROM {table} WHERE {key} > walk.key"
        f" ORDER BY {key} LIMIT 1) FROM walk WHERE walk.key IS NOT NULL)"
        " SELECT key FROM walk WHERE key IS NOT NULL"
    )
    return any_of_sql(field, sql, ())


def icontains_any(model, fields, value):
    """``Q`` for "``value`` occurs in one of ``fields``" (case-insensitive). A field on a related row
    (``organisation__name``) is matched through ``any_of`` on the foreign key, so no join repeats the
    search for every row of the list."""
    query = Q()
    for field in fields:
        relation, _, leaf = field.rpartition("__")
        if not relation:
            query |= Q(**{f"{field}__icontains": value})
            continue
        related = model._meta.get_field(relation).related_model
        matching = related._base_manager.filter(**{f"{leaf}__icontains": value}).values("pk")
        query |= any_of(f"{relation}_id", matching)
    return query


class TextSearchFilter(django_filters.CharFilter):
    """Case-insensitive search over several text fields (``icontains_any``: the trigram indexes of
    ``reisgids.dbindexes`` serve it on PostgreSQL)."""

    def __init__(self, *args, search_fields=(), **kwargs):
        kwargs.setdefault("label", _("Search"))
        kwargs.setdefault("method", self.search)
        super().__init__(*args, **kwargs)
        self.search_fields = search_fields

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(icontains_any(queryset.model, self.search_fields, value))


class MemberTextSelect(forms.Select):
    """A select whose options are texts members wrote in the site's language (deal titles): on a page
    in another language each option is marked ``lang="nl"`` (WCAG 3.1.2), as such text is elsewhere."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value and get_language() != settings.LANGUAGE_CODE:
            option["attrs"]["lang"] = settings.LANGUAGE_CODE
        return option


class SlugOptions(list):
    """The options ``(slug, name)`` of a ``SlugChoiceFilter``, and ``ids``: {slug: primary key}, read
    by the same query. With the key the filter compares the link table's own column
    (``theme_id = 1``) instead of joining the related table on its slug: PostgreSQL then knows from
    the column's statistics how many rows match, and for a common thema or gebied reads the list in
    its order and stops at a page, where for ``slug = …`` it guessed and read every linked row (at
    10,000 organisations /partijen/?theme=…&area=… took 29 ms for its rows, now 4.5)."""

    def __init__(self, rows):
        rows = list(rows)
        super().__init__((slug, name) for _pk, slug, name in rows)
        self.ids = {slug: pk for pk, slug, _name in rows}


class AreaOptions(SlugOptions):
    """The gebieden, and ``wijken``: {gebied's slug: keys of its wijken}, read by the same query (a
    row per gebied and wijk)."""

    def __init__(self, rows):
        areas, self.wijken = {}, {}
        for pk, slug, name, wijk in rows:
            areas.setdefault(pk, (pk, slug, name))
            if wijk is not None:
                self.wijken.setdefault(slug, []).append(wijk)
        super().__init__(areas.values())


class SlugChoiceFilter(django_filters.ChoiceFilter):
    """Choose a related object by slug. The options are loaded once per filter form (see
    ``ReisgidsFilterSet``), and choosing one filters on the object's key when the options gave it
    (``SlugOptions``), else on ``<field_name>__slug``."""

    def __init__(self, *args, options=None, **kwargs):
        self.options = options
        self.loaded = []  # the options as loaded for one form (ReisgidsFilterSet)
        kwargs.setdefault("choices", [])
        super().__init__(*args, **kwargs)

    def key(self, value):
        """The chosen object's primary key, or None when the options did not give it."""
        return getattr(self.loaded, "ids", {}).get(value)

    def related(self, relation, value):
        """{lookup: value} for "``relation`` is the chosen object" (``relation`` a foreign key)."""
        key = self.key(value)
        return {f"{relation}__slug": value} if key is None else {f"{relation}_id": key}

    def filter(self, qs, value):
        if value in django_filters.constants.EMPTY_VALUES:
            return qs
        if self.method:
            return self.get_method(qs)(qs, self.field_name, value)
        field = qs.model._meta.get_field(self.field_name)
        if not field.many_to_many:
            return qs.filter(**{f"{self.field_name}__slug": value})
        # A semi-join on the link table alone (pk IN its rows for that slug) rather than joining it into
        # the list query: rows are never repeated, the list table is not scanned twice, and PostgreSQL
        # keeps a good plan when several such filters combine.
        through = field.remote_field.through
        matching = through._base_manager.filter(**self.related(field.m2m_reverse_field_name(), value)).values(
            f"{field.m2m_field_name()}_id"
        )
        return qs.filter(pk__in=matching)


def area_options():
    return AreaOptions(
        Area.objects.order_by("name", "pk").values_list("pk", "slug", "name", "neighbourhoods__pk")
    )


def in_area(model, area_filter, value):
    """``Q``: ``model`` (with ``areas`` and ``neighbourhoods``) is tagged with the gebied ``value`` of
    ``area_filter``, or with one of its wijken: one correlated EXISTS over both link tables (UNION
    ALL), on keys (the gebied's and its wijken's, from ``AreaOptions``). PostgreSQL cannot turn an
    EXISTS over a UNION into a join or a hash, so it probes the link tables' key indexes for each row
    it reads and stops at a page: a list in its order reads a page's worth of rows whatever the data
    size. Two EXISTS joined by OR it hashed whenever it expected to read many rows: at 50,000
    listings it read both link tables whole for a page of 20 (32,000 rows, 12 ms; 0.3 ms now),
    and joined on the gebied the wijk side took 16 ms."""
    areas, wijken = model._meta.get_field("areas"), model._meta.get_field("neighbourhoods")
    outer = {f"{areas.m2m_field_name()}_id": OuterRef("pk")}
    tagged = areas.remote_field.through._base_manager.filter(**outer, **area_filter.related("area", value))
    if area_filter.key(value) is None:
        in_wijk = {"neighbourhood__area__slug": value}
    else:
        wijk_keys = getattr(area_filter.loaded, "wijken", {}).get(value)
        if not wijk_keys:
            return Q(Exists(tagged))  # a gebied without wijken
        in_wijk = {"neighbourhood_id__in": wijk_keys}
    in_a_wijk = wijken.remote_field.through._base_manager.filter(**outer, **in_wijk)
    return Q(Exists(tagged.values("pk").union(in_a_wijk.values("pk"), all=True)))


def theme_options():
    return SlugOptions(Theme.objects.values_list("pk", "slug", "name"))


def neighbourhood_options():
    """Wijken grouped by gebied, for an <optgroup> per gebied."""
    rows = Neighbourhood.objects.values_list("area__name", "slug", "name").order_by("area__name", "name")
    return [
        (area, [(slug, name) for _a, slug, name in group]) for area, group in groupby(rows, lambda r: r[0])
    ]


def department_options():
    return list(
        Organisation.objects.filter(kind=Organisation.Kind.GEMEENTE)
        .order_by("name")
        .values_list("slug", "name")
    )


class ReisgidsFilterSet(django_filters.FilterSet):
    """Loads each SlugChoiceFilter's options once and lists the active filters."""

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        for name, filter_ in self.filters.items():
            if isinstance(filter_, SlugChoiceFilter):
                filter_.loaded = filter_.options()
                self.form.fields[name].choices = filter_.loaded

    @classmethod
    def every_filter(cls):
        """{name: Filter} of every filter an instance has, without making one (which would read the
        options): the class's own; a FilterSet that adds filters in ``__init__`` adds them here too.
        The open-data API reads it for its query parameters."""
        return dict(cls.base_filters)

    def active_filters(self):
        """[(label, chosen value as shown, query string without this filter)] for the bound form."""
        if not self.is_bound or not self.form.is_valid():
            return []
        active = []
        for name, value in self.form.cleaned_data.items():
            if value in django_filters.constants.EMPTY_VALUES:
                continue
            field = self.form.fields[name]
            shown = value
            if hasattr(field, "choices"):
                flat = {}
                for key, label in field.choices:
                    if isinstance(label, list | tuple):
                        flat.update(dict(label))
                    else:
                        flat[key] = label
                shown = flat.get(value, value)
            params = {k: v for k, v in self.data.items() if k not in (name, "page") and v}
            active.append((field.label, shown, "?" + urlencode(sorted(params.items()))))
        return active


class OrganisationFilter(ReisgidsFilterSet):
    q = TextSearchFilter(search_fields=("name", "summary", "description"))
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Organisation.Kind.choices, empty_label=_("All kinds")
    )
    area = SlugChoiceFilter(
        label=_("Area"), options=area_options, empty_label=_("All areas"), method="filter_area"
    )
    neighbourhood = SlugChoiceFilter(
        label=_("Neighbourhood"),
        field_name="neighbourhoods",
        options=neighbourhood_options,
        empty_label=_("All neighbourhoods"),
    )
    theme = SlugChoiceFilter(
        label=_("Theme"), field_name="themes", options=theme_options, empty_label=_("All themes")
    )

    class Meta:
        model = Organisation
        fields = ["q", "kind", "area", "neighbourhood", "theme"]

    def filter_area(self, queryset, name, value):
        """Active in the gebied, or in one of its wijken (``in_area``: at 10,000 organisations with
        thema and gebied 4.5 ms for the rows and 1.7 for the capped count, against 29 and 12 when
        both link tables were read whole first)."""
        return queryset.filter(in_area(Organisation, self.filters["area"], value))


class ContactPointFilter(ReisgidsFilterSet):
    q = TextSearchFilter(search_fields=("name", "function", "approach_for", "organisation__name"))
    organisation = SlugChoiceFilter(
        label=_("Department"), options=department_options, empty_label=_("All departments")
    )
    theme = SlugChoiceFilter(
        label=_("Theme"), field_name="themes", options=theme_options, empty_label=_("All themes")
    )
    area = SlugChoiceFilter(
        label=_("Area"), options=area_options, empty_label=_("All areas"), method="filter_area"
    )
    neighbourhood = SlugChoiceFilter(
        label=_("Neighbourhood"),
        options=neighbourhood_options,
        empty_label=_("All neighbourhoods"),
        method="filter_neighbourhood",
    )

    class Meta:
        model = ContactPoint
        fields = ["q", "organisation", "theme", "area", "neighbourhood"]

    def _in_area_or_citywide(self, queryset, **area):
        """Working in the gebied, or city-wide: a city-wide aanspreekpunt shows under every gebied and
        wijk. One semi-join on the link table, so rows are never repeated."""
        in_area = ContactPoint.areas.through.objects.filter(contactpoint_id=OuterRef("pk"), **area)
        return queryset.filter(Q(citywide=True) | Exists(in_area))

    def filter_area(self, queryset, name, value):
        return self._in_area_or_citywide(queryset, **self.filters["area"].related("area", value))

    def filter_neighbourhood(self, queryset, name, value):
        """A wijk: the aanspreekpunten of its gebied and the city-wide ones."""
        return self._in_area_or_citywide(queryset, area__neighbourhoods__slug=value)


class InstrumentFilter(ReisgidsFilterSet):
    OFFERS = {
        "geld": "offers_money",
        "kennis": "offers_knowledge",
        "ruimte": "offers_space",
        "procedure": "offers_procedure",
    }

    q = TextSearchFilter(search_fields=("name", "summary", "description"))
    theme = SlugChoiceFilter(
        label=_("Theme"), field_name="themes", options=theme_options, empty_label=_("All themes")
    )
    offers = django_filters.ChoiceFilter(
        label=_("Offers"),
        choices=[
            ("geld", _("money")),
            ("kennis", _("knowledge")),
            ("ruimte", _("space")),
            ("procedure", _("procedure")),
        ],
        empty_label=_("Any kind of support"),
        method="filter_offers",
    )

    class Meta:
        model = Instrument
        fields = ["q", "theme", "offers"]

    def filter_offers(self, queryset, name, value):
        return queryset.filter(**{self.OFFERS[value]: True})
