"""Shared table helpers: GOV.UK markup for django-tables2, and exports that spreadsheets cannot run as formulas."""

from collections.abc import Iterator

import django_tables2 as tables
from django.utils.encoding import force_str

# A spreadsheet reads a cell that starts with one of these as a formula (tab and carriage return can hide one).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise_formula(value: object) -> object:
    """Text that a spreadsheet would run as a formula, prefixed with a single quote so it stays text."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


class GovukTable(tables.Table):
    """A table in GOV.UK Frontend markup whose CSV and XLSX exports are safe to open in a spreadsheet.

    Exports (``ExportMixin``) read ``as_values``; every text cell, headers included, is neutralised there,
    so a title such as ``=HYPERLINK(...)`` arrives in the spreadsheet as text.
    """

    class Meta:
        template_name = "django_tables2/govuk.html"
        attrs = {
            "class": "govuk-table",
            "thead": {"class": "govuk-table__head"},
            "tbody": {"class": "govuk-table__body"},
            "th": {"class": "govuk-table__header", "scope": "col"},
            "td": {"class": "govuk-table__cell"},
        }
        row_attrs = {"class": "govuk-table__row"}

    def as_values(self, exclude_columns=None) -> Iterator[list]:
        for row in super().as_values(exclude_columns=exclude_columns):
            yield [neutralise_formula(force_str(value, strings_only=True)) for value in row]
