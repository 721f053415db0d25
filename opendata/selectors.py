"""Reads of the open data: a registered dataset's public rows, filtered as on its page."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.http import Http404
from wagtail.models import Page

from reisgids.datasets import dataset as registered


def dataset_get(*, key):
    found = registered(key)
    if found is None:
        raise Http404
    return found


def filters_of(filterset):
    """{name: Filter} of every filter the page's FilterSet has, also those it adds when made (the deal
    register adds the filters other apps register)."""
    every = getattr(filterset, "every_filter", None)
    return every() if every is not None else dict(filterset.base_filters)


def filtered_rows(dataset, params):
    """The dataset's public rows (``dataset.rows()``, the page's own selector) through the page's
    FilterSet with the query parameters it knows: (rows, None), or (None, errors) for a value the
    filter refuses."""
    rows = _of_its_type(dataset.rows())
    if dataset.filterset is None:
        return rows, None
    data = {key: value for key, value in params.items() if key in filters_of(dataset.filterset) and value}
    filterset = dataset.filterset(data or None, queryset=rows)
    if data and not filterset.is_valid():
        return None, filterset.errors.get_json_data()
    return filterset.qs, None


def _of_its_type(rows):
    """A Wagtail page type's rows name their content type: the indexes on live pages by type
    (``opendata_page_type_published``, ``atlas_page_type_recent``) then give the type's pages alone,
    newest first, and its count, instead of every page of the site by date (the stories' list read
    2,000 pages of other types for 20 stories at the bench's full scale). Other rows as they are."""
    if issubclass(rows.model, Page):
        return rows.filter(content_type=ContentType.objects.get_for_model(rows.model))
    return rows


def last_change(dataset, rows=None):
    """When the dataset's rows (all its public rows, or ``rows``) last changed: a datetime, or None
    when the dataset dates no change (``Dataset.updated``) or has no rows.

    The newest value first, one row (``Max`` without its NULLs): PostgreSQL reads it from the newest
    end of an index on the column, also through the join of a Wagtail page type to the page table,
    where it computes a ``Max`` by reading every live page of the type (3-4 ms at 5,000 lessons). A
    page type names its content type, so the index ``opendata_page_type_published`` (migration 0003)
    gives its pages newest published first."""
    if not dataset.updated:
        return None
    rows = _of_its_type(dataset.rows() if rows is None else rows)
    # NULLS LAST only where there can be NULLs (a page never published): PostgreSQL reads a descending
    # order from the end of an ascending index only as NULLS FIRST, and otherwise sorted every row of
    # a column that holds none (the listings' 29,000 open rows at the bench's full scale, 4 ms).
    nulls_last = True if rows.model._meta.get_field(dataset.updated).null else None
    newest_first = F(dataset.updated).desc(nulls_last=nulls_last)
    newest = rows.order_by(newest_first).values_list(dataset.updated, flat=True)
    return newest.first()
