"""CSV and XLSX downloads of lists that are not django-tables2 tables, made safe to open in a spreadsheet."""

from collections.abc import Iterable, Sequence

import tablib
from django.http import HttpResponse

from core.tables import neutralise_formula

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def wants_export(request) -> str | None:
    """The export format asked for with ``?_export=csv`` or ``?_export=xlsx``, if any."""
    requested = request.GET.get("_export")
    return requested if requested in FORMATS else None


def export_response(
    *, headers: Sequence[str], rows: Iterable[Sequence[object]], name: str, format: str
) -> HttpResponse:
    dataset = tablib.Dataset(headers=[neutralise_formula(header) for header in headers])
    for row in rows:
        dataset.append(["" if value is None else neutralise_formula(value) for value in row])
    response = HttpResponse(dataset.export(format), content_type=FORMATS[format])
    response["Content-Disposition"] = f'attachment; filename="{name}.{format}"'
    return response
