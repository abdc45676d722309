"""Shared table helpers: GOV.UK markup for django-tables2, and exports that spreadsheets cannot run as formulas.

Exports stream: CSV leaves as it is written, row by row from an iterator (memory stays flat however many rows), and
XLSX is written by openpyxl's write-only workbook to a temporary file (constant memory) and then streamed. Every text
cell, headers included, is neutralised on the way out, so a title such as ``=HYPERLINK(...)`` arrives in the
spreadsheet as text.
"""

import csv
import datetime as dt
import io
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import django_tables2 as tables
from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils.encoding import force_str

# A spreadsheet reads a cell that starts with one of these as a formula (tab and carriage return can hide one).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# CSV leaves in pieces about this size.
CSV_PIECE = 64 * 1024
# An XLSX workbook is written whole before it is sent: past this many rows, CSV is the format to use.
XLSX_ROW_LIMIT = 50_000
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def neutralise_formula(value: object) -> object:
    """Text that a spreadsheet would run as a formula, prefixed with a single quote so it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def export_value(value: object) -> object:
    """A cell as exports write it: dates, numbers and booleans as themselves, anything else as neutralised text."""
    if value is None or isinstance(value, bool | int | float | Decimal | dt.date):
        return value
    return neutralise_formula(force_str(value))


@dataclass(frozen=True)
class ExportColumn:
    """One column of an export: its header and how a row gives its value (a date, a number or text)."""

    header: str
    value: Callable[[Any], object]


def export_rows(columns: Sequence[ExportColumn], rows: Iterable[Any]) -> Iterator[list]:
    """The header, then each row's values, ready for :func:`csv_response` or :func:`xlsx_response`."""
    yield [str(column.header) for column in columns]
    for row in rows:
        yield [column.value(row) for column in columns]


def csv_pieces(rows: Iterable[Sequence]) -> Iterator[bytes]:
    """``rows`` (the first one the header) as UTF-8 CSV, in pieces of about :data:`CSV_PIECE` bytes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([export_value(value) for value in row])
        if buffer.tell() >= CSV_PIECE:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue().encode()


def _attachment(response, filename: str):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def csv_response(rows: Iterable[Sequence], *, filename: str, stream: bool = True) -> HttpResponse:
    """A CSV download (the first row is the header): streamed as it is written, or (``stream=False``, for a list
    that is never large) sent whole."""
    if stream:
        response = StreamingHttpResponse(csv_pieces(rows), content_type=CONTENT_TYPES["csv"])
    else:
        response = HttpResponse(b"".join(csv_pieces(rows)), content_type=CONTENT_TYPES["csv"])
    return _attachment(response, filename)


def xlsx_response(rows: Iterable[Sequence], *, filename: str, title: str, stream: bool = True) -> HttpResponse:
    """An XLSX download: a write-only workbook (constant memory) written to a temporary file, then streamed from it
    (or, ``stream=False``, sent whole)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])  # a sheet's name holds at most 31 characters
    for row in rows:
        sheet.append([export_value(value) for value in row])
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the response
    workbook.save(spool)
    spool.seek(0)
    if stream:
        response = FileResponse(spool, content_type=CONTENT_TYPES["xlsx"])
    else:
        with spool:
            response = HttpResponse(spool.read(), content_type=CONTENT_TYPES["xlsx"])
    return _attachment(response, filename)


class GovukTable(tables.Table):
    """A table in GOV.UK Frontend markup whose CSV and XLSX exports are safe to open in a spreadsheet.

    Exports (``core.views.GovukListView``) read ``as_values``; every text cell, headers included, is neutralised
    there. On a narrow screen each row shows as a block of its cells, each led by its column's header (the cell's
    ``data-label``; frontend/_reflow.scss).
    """

    class Meta:
        template_name = "django_tables2/govuk.html"
        attrs = {
            "class": "govuk-table app-table-stack",
            "thead": {"class": "govuk-table__head"},
            "tbody": {"class": "govuk-table__body"},
            "th": {"class": "govuk-table__header", "scope": "col"},
            "td": {"class": "govuk-table__cell"},
        }
        row_attrs = {"class": "govuk-table__row"}

    def as_values(self, exclude_columns=None) -> Iterator[list]:
        for row in super().as_values(exclude_columns=exclude_columns):
            yield [neutralise_formula(force_str(value, strings_only=True)) for value in row]
