"""Pagination whose count does not grow with the data.

Django's ``Paginator`` counts every row of the list (``COUNT(*)``) to know how many pages there are,
and PostgreSQL counts by reading every matching row: for a filter that many rows match (``/deals/?q=
zorg``) the count costs more the larger the table, whatever the indexes. ``CappedPaginator`` counts at
most ``limit`` + 1 rows (``SELECT COUNT(*) FROM (SELECT … LIMIT limit + 1)``, without the list's
ordering, so PostgreSQL stops at the first ``limit`` + 1 matches it finds). Up to ``limit`` rows it is
Django's paginator; beyond, ``count`` is ``limit`` and ``capped`` is true (the templates then say
"more than <limit> … found"), and the pages go as far as ``limit`` rows reach (10 pages of 20): who
looks for more refines the filters. The limit is 200 (it was 1,000): counting reads every row up to
the limit, so at 1,000 a common word cost ~20 ms more at 10,000 organisations than at 100 (issue 11's
cold pages must not grow with the data); 200 rows cost a few milliseconds."""

import inspect

from django.core.paginator import Paginator
from django.utils.functional import cached_property
from django.utils.inspect import method_has_no_args

COUNT_LIMIT = 200


class CappedPaginator(Paginator):
    def __init__(self, object_list, per_page, *, limit=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.limit = COUNT_LIMIT if limit is None else limit

    @cached_property
    def _counted(self):
        rows = self.object_list
        if hasattr(rows, "order_by"):  # a queryset: its order does not change the count
            rows = rows.order_by()
        rows = rows[: self.limit + 1]
        count = getattr(rows, "count", None)
        if callable(count) and not inspect.isbuiltin(count) and method_has_no_args(count):
            return count()
        return len(rows)

    @cached_property
    def count(self):
        return min(self._counted, self.limit)

    @property
    def capped(self):
        """Whether there are more rows than ``limit`` (and ``count`` is ``limit``)."""
        return self._counted > self.limit


def capped_page(object_list, per_page, number):
    """The page ``number`` (as ``Paginator.get_page`` takes it) of a ``CappedPaginator``, with the
    elided page range the pagination component shows."""
    page = CappedPaginator(object_list, per_page).get_page(number)
    page.page_range = page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)
    return page
