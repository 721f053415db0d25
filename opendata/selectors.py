"""Reads of the open data: a registered dataset's public rows, filtered as on its page."""

from django.db.models import Max
from django.http import Http404

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
    rows = dataset.rows()
    if dataset.filterset is None:
        return rows, None
    data = {key: value for key, value in params.items() if key in filters_of(dataset.filterset) and value}
    filterset = dataset.filterset(data or None, queryset=rows)
    if data and not filterset.is_valid():
        return None, filterset.errors.get_json_data()
    return filterset.qs, None


def last_change(dataset, rows=None):
    """When the dataset's rows (all its public rows, or ``rows``) last changed: a datetime, or None
    when the dataset dates no change (``Dataset.updated``) or has no rows."""
    if not dataset.updated:
        return None
    rows = dataset.rows() if rows is None else rows
    return rows.order_by().aggregate(latest=Max(dataset.updated))["latest"]
