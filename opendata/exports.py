"""A dataset as a download: CSV (``;``, a byte order mark, formula cells escaped, headers in the
request's language, codes written out), XLSX and JSON. Each streams: the rows are read in chunks
(``iterator(chunk_size=…)``, with the dataset's prefetches per chunk), so a full export at bench scale
never holds every row in memory."""

import json
import tempfile
from itertools import chain

from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from reisgids.csvexport import csv_response, safe_cell


def _rows(dataset, rows, language):
    """The rows in chunks, with the request's language active while they are written: a streamed
    response is written after the view returned, when the request's language may be gone."""
    with translation.override(language):
        yield from rows.iterator(chunk_size=dataset.chunk_size)


def header(dataset):
    return [str(f.label) for f in dataset.fields]


def cells(dataset, row):
    return [f.cell(f.get(row)) for f in dataset.fields]


def csv_download(dataset, rows, *, language):
    lines = chain([header(dataset)], (cells(dataset, row) for row in _rows(dataset, rows, language)))
    return csv_response(lines, filename=f"{dataset.key}.csv")


def _xlsx_cell(value):
    value = safe_cell(value)
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def xlsx_download(dataset, rows, *, language):
    """openpyxl's write-only workbook writes each row to a temporary file as it comes, and the
    finished file is streamed from disk."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=dataset.key[:31])
    sheet.append(header(dataset))
    for row in _rows(dataset, rows, language):
        sheet.append([_xlsx_cell(value) for value in cells(dataset, row)])
    target = tempfile.TemporaryFile()
    workbook.save(target)
    target.seek(0)
    return FileResponse(
        target,
        as_attachment=True,
        filename=f"{dataset.key}.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def json_chunks(dataset, rows, language):
    yield (
        "{"
        + ", ".join(
            f"{json.dumps(key)}: {json.dumps(value)}"
            for key, value in (
                ("dataset", dataset.key),
                ("title", str(dataset.title)),
                ("licence", dataset.licence),
                ("generated_at", timezone.now().isoformat()),
            )
        )
        + ', "rows": ['
    )
    for index, row in enumerate(_rows(dataset, rows, language)):
        yield ("," if index else "") + json.dumps(
            dataset.record(row), cls=DjangoJSONEncoder, ensure_ascii=False
        )
    yield "]}"


def json_download(dataset, rows, *, language):
    response = StreamingHttpResponse(
        json_chunks(dataset, rows, language), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{dataset.key}.json"'
    return response


DOWNLOADS = {"csv": csv_download, "xlsx": xlsx_download, "json": json_download}
