"""CSV downloads, safe to open in a spreadsheet. Every CSV the site writes goes through here.

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by Excel and
LibreOffice as a formula (``=cmd|' /C calc'!A0``, ``=HYPERLINK(…)``), so it gets a leading ``'``
(OWASP's rule for CSV injection). Numbers the code itself puts in a row (``int``, ``Decimal``,
``float``) stay numbers; every string is treated as text, also one that looks like a number.
"""

import csv
import re
from decimal import Decimal

from django.http import StreamingHttpResponse

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# A phone number: digits, spaces, brackets and hyphens after an optional "+". It holds no function,
# reference or DDE call, so it cannot be a harmful formula.
PHONE = re.compile(r"\+?[0-9][0-9 ()\-]*")


def safe_cell(value, *, phone=False):
    """The value as a cell. ``phone=True`` for a column of phone numbers: a plain international number
    such as ``+31 10 1234567`` keeps its ``+`` (a machine reading the column gets the number as typed);
    anything else in it is escaped like every other text."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return value
    text = str(value)
    if phone and PHONE.fullmatch(text):
        return text
    return "'" + text if text.startswith(FORMULA_START) else text


class _Echo:
    def write(self, value):
        return value


def csv_lines(rows, *, delimiter=","):
    """Each row (a list of values) as one line of CSV text, every cell made safe."""
    writer = csv.writer(_Echo(), delimiter=delimiter)
    for row in rows:
        yield writer.writerow([safe_cell(value) for value in row])


def csv_response(rows, *, filename, delimiter=";"):
    """A streamed UTF-8 CSV download for Dutch Excel: a byte order mark (so Excel reads the accents)
    and ``;`` between the cells (Excel with Dutch settings expects it; with ``,`` everything lands in
    column A)."""

    def lines():
        yield "\ufeff"
        yield from csv_lines(rows, delimiter=delimiter)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
