"""Service-wide views: the list-page base every table page is built on, pages that do not count the world, and the
health check."""

import json
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

import django_filters
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin, PermissionRequiredMixin
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin

from core.forms import GovukForm
from core.tables import XLSX_ROW_LIMIT, csv_response, xlsx_response

# Rows read from the database at a time while an export streams.
EXPORT_CHUNK = 1_000
# A list counts its rows exactly up to this many; past it, the database's estimate is shown ("about 100,000").
EXACT_COUNT_LIMIT = 1_000


class NoFilters(django_filters.FilterSet):
    """For list pages with nothing to filter by: every row, and an empty GOV.UK form."""

    class Meta:
        form = GovukForm


# --- Counting and paging ------------------------------------------------------------------------------------------


def count_up_to(queryset: QuerySet, limit: int) -> int:
    """How many rows ``queryset`` has, counting no further than ``limit + 1`` (so the answer costs at most that)."""
    return queryset.order_by().values("pk")[: limit + 1].count()


def estimated_count(queryset: QuerySet) -> int | None:
    """PostgreSQL's planner estimate of how many rows ``queryset`` has (no rows are read); None elsewhere."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    try:
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # .none(), or a filter nothing can match: no query at all
        return 0
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    return int(plan[0]["Plan"]["Plan Rows"])


@dataclass(frozen=True)
class RowCount:
    """How many rows a list has: exact, or (past :data:`EXACT_COUNT_LIMIT`) the database's estimate."""

    value: int
    exact: bool

    @property
    def rounded(self) -> int:
        """An estimate to three significant figures (an exact count as it is)."""
        if self.exact or self.value < 1000:
            return self.value
        digits = int(math.log10(self.value)) + 1
        return round(self.value, 3 - digits)


def row_count(queryset: QuerySet) -> RowCount:
    """The rows of ``queryset``: exactly while there are few, else the database's estimate, so that no page waits
    for a count of every row.

    On PostgreSQL the planner's estimate is asked first (no rows read): a list it puts far past
    :data:`EXACT_COUNT_LIMIT` is shown with the estimate; otherwise rows are counted, stopping past the limit. Either
    way the number of queries does not depend on the rows.
    """
    estimate = estimated_count(queryset)
    if estimate is None:  # SQLite, for development: no estimate, and never many rows
        return RowCount(queryset.count(), True)
    if estimate > 10 * EXACT_COUNT_LIMIT:
        return RowCount(estimate, False)
    counted = count_up_to(queryset, EXACT_COUNT_LIMIT)
    if counted <= EXACT_COUNT_LIMIT:
        return RowCount(counted, True)
    return RowCount(max(estimate, counted), False)


@dataclass(frozen=True)
class ListPage:
    """One page of a list: the ids of its rows in order, whether another follows, and the rows' count.

    Deep pages are found by the ids alone (``ORDER BY … OFFSET … LIMIT``, which the sort's index answers without
    reading the rows), then the caller fetches just those rows; pages near the start may carry their rows already
    (``values``). A deep page costs little more than the first, and the first never waits for a count of every row.
    """

    number: int
    per_page: int
    ids: list[int]
    has_next: bool
    count: RowCount
    # The rows themselves, by id, when the page read them with its ids (``list_page(values=…)``).
    values: dict[int, tuple] | None = None

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.count.value / self.per_page))

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.ids else 0

    @property
    def end_index(self) -> int:
        return (self.number - 1) * self.per_page + len(self.ids)

    def page_range(self) -> list[int | None]:
        """GOV.UK pagination: the first and last pages, and those either side of this one (None for a gap)."""
        last = max(self.num_pages, self.number + (1 if self.has_next else 0))
        shown = sorted({1, last, *range(max(1, self.number - 1), min(last, self.number + 1) + 1)})
        pages: list[int | None] = []
        for number in shown:
            if pages and number - (pages[-1] or 0) > 1:
                pages.append(None)
            pages.append(number)
        return pages


def page_number(value: str | None) -> int:
    try:
        number = int(value or 1)
    except ValueError:
        return 1
    return max(1, min(number, 1_000_000))


# Pages up to this one read their rows with their ids, in one query; deeper pages find their ids first.
SHALLOW_PAGES = 10


def list_page(
    queryset: QuerySet, *, ordering: Sequence, number: int, per_page: int, values: Sequence[str] = ()
) -> ListPage:
    """Page ``number`` of ``queryset`` in ``ordering`` (which must end with the primary key, so pages never overlap).

    With ``values`` (fields, after the primary key, as ``values_list`` reads them), a page near the start reads its
    rows in the same query as its ids (``page.values``, by id): the pages most read cost one query fewer. A deep page
    still finds its ids alone, through the sort's index, and the caller reads those rows.
    """
    offset = (number - 1) * per_page
    ordered = queryset.order_by(*ordering)
    found: dict[int, tuple] | None = None
    if values and number <= SHALLOW_PAGES:
        rows = list(ordered.values_list("pk", *values)[offset : offset + per_page + 1])
        ids = [row[0] for row in rows]
        found = {row[0]: row for row in rows[:per_page]}
    else:
        ids = list(ordered.values_list("pk", flat=True)[offset : offset + per_page + 1])
    has_next = len(ids) > per_page
    ids = ids[:per_page]
    return ListPage(number, per_page, ids, has_next, row_count(queryset), found)


def page_links(request, page: ListPage) -> dict:
    """The GOV.UK pagination of a list page (``templates/inc/list_pagination.html``): previous, the numbered pages
    (None for a gap), next, each a link keeping the page's filters and sort."""
    return {
        "previous": query_string(request.GET, page=page.number - 1) if page.has_previous else None,
        "next": query_string(request.GET, page=page.number + 1) if page.has_next else None,
        "pages": [(n, query_string(request.GET, page=n) if n else None) for n in page.page_range()],
        "current": page.number,
        "shown": page.has_previous or page.has_next,
    }


def in_order_of(ids: Sequence[int], rows: Iterable[Any]) -> list[Any]:
    """``rows`` (fetched by id) put back in the order of ``ids``."""
    by_id = {row.pk: row for row in rows}
    return [by_id[pk] for pk in ids if pk in by_id]


# A number no object has, put into a URL to find where an object's number goes.
_URL_MARKER = 987_654_321_987


def reverse_each(viewname: str, *, key: str = "pk", **kwargs) -> Callable[[int], str]:
    """``reverse(viewname)`` for many objects at once: a function from an object's number to its URL.

    The URL is reversed once, with a marker for the number, and each object's URL is that URL with its number put
    in: a list of 50 rows costs one ``reverse()`` rather than 50. Only for URLs whose ``key`` is an integer.
    """
    sample = reverse(viewname, kwargs={key: _URL_MARKER, **kwargs})
    marker = str(_URL_MARKER)
    if sample.count(marker) != 1:  # not a plain integer in the path: reverse each
        return lambda number: reverse(viewname, kwargs={key: number, **kwargs})
    before, _marker, after = sample.partition(marker)
    return lambda number: f"{before}{int(number)}{after}"


def batched(items: Iterable[Any], size: int) -> Iterator[list]:
    """``items`` in lists of ``size`` (the last one shorter)."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def chunked(queryset: QuerySet, size: int = EXPORT_CHUNK) -> Iterator[list]:
    """``queryset``'s rows a chunk at a time (a server-side cursor on PostgreSQL), prefetches done per chunk."""
    yield from batched(queryset.iterator(chunk_size=size), size)


def too_many_for_xlsx(request, queryset: QuerySet, back_to: str):
    """The redirect (with a message) for an XLSX download of more than :data:`XLSX_ROW_LIMIT` rows, or None."""
    if count_up_to(queryset, XLSX_ROW_LIMIT) <= XLSX_ROW_LIMIT:
        return None
    messages.error(
        request,
        _(
            "A spreadsheet holds at most %(limit)s rows here, and these filters select more: narrow them, or "
            "download CSV, which holds any number of rows."
        )
        % {"limit": f"{XLSX_ROW_LIMIT:,}"},
    )
    return redirect(back_to)


def export_response(
    request,
    export_format: str,
    *,
    rows: Callable[[], Iterable[Sequence]],
    filename: str,
    title: str,
    stream: bool = True,
) -> HttpResponse:
    """CSV, or XLSX from a write-only workbook, of ``rows()`` (the header first); streamed unless ``stream=False``."""
    if export_format == "xlsx":
        return xlsx_response(rows(), filename=f"{filename}.xlsx", title=title, stream=stream)
    return csv_response(rows(), filename=f"{filename}.csv", stream=stream)


# --- Sorting a hand-rendered list ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column of a hand-rendered table: its header and, when it sorts, its ascending and descending orderings
    (each ending with the primary key, so that pages never overlap)."""

    name: str
    header: str
    ascending: tuple = ()
    descending: tuple = ()
    numeric: bool = False

    @property
    def sortable(self) -> bool:
        return bool(self.ascending)


@dataclass(frozen=True)
class HeaderCell:
    """A column's header as the page shows it: the link that sorts by it and whether it is the sort now."""

    header: str
    url: str = ""
    aria_sort: str = ""
    hint: str = ""
    numeric: bool = False


def query_string(query, **changes) -> str:
    """``?…`` of ``query`` (a QueryDict) with ``changes`` made (None removes a parameter)."""
    params = query.copy()
    for name, value in changes.items():
        if value is None:
            params.pop(name, None)
        else:
            params[name] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@dataclass(frozen=True)
class Sorting:
    """How a hand-rendered list is sorted: the column (None: the list's own order), its direction, the ordering."""

    name: str | None
    descending: bool
    ordering: tuple

    def headers(self, columns: Sequence[Column], query) -> list[HeaderCell]:
        cells = []
        for column in columns:
            if not column.sortable:
                cells.append(HeaderCell(str(column.header), numeric=column.numeric))
                continue
            current = column.name == self.name
            ascending_next = not current or self.descending
            cells.append(
                HeaderCell(
                    str(column.header),
                    url=query_string(query, sort=column.name if ascending_next else f"-{column.name}", page=None),
                    aria_sort=("descending" if self.descending else "ascending") if current else "",
                    hint=_("(sort ascending)") if ascending_next else _("(sort descending)"),
                    numeric=column.numeric,
                )
            )
        return cells


def sorting_from(
    value: str | None, columns: Sequence[Column], *, default: str, unsorted: tuple | None = None
) -> Sorting:
    """The sort a request asks for (``?sort=name`` or ``-name``) among ``columns``; else ``unsorted`` (the list's own
    order, e.g. relevance) when given, else ``default``."""
    by_name = {column.name: column for column in columns if column.sortable}
    wanted = (value or "").strip()
    if wanted.lstrip("-") not in by_name:
        if unsorted is not None:
            return Sorting(None, False, unsorted)
        wanted = default
    name = wanted.lstrip("-")
    descending = wanted.startswith("-")
    column = by_name[name]
    return Sorting(name, descending, column.descending if descending else column.ascending)


# --- The list-page base -------------------------------------------------------------------------------------------


class GovukListView(ExportMixin, SingleTableMixin, FilterView):
    """A list page: a django-tables2 table (sortable), a django-filter form, and CSV and XLSX downloads of exactly the
    rows the filters select. Set ``table_class``, ``filterset_class`` (optional), ``template_name``, ``export_name``
    and ``title``; override ``get_queryset`` (or ``get_table_data`` for rows that are not a queryset).

    Downloads read the rows a chunk at a time, each chunk made into the table and written out, so the table's rows
    never all sit in memory; with ``stream_exports`` they also leave as they are written (the lists that can grow
    large), otherwise each is sent whole once written. An XLSX download is refused (with a message, pointing to CSV)
    past :data:`core.tables.XLSX_ROW_LIMIT` rows. Staff pages use :class:`StaffListView`; this base alone serves the
    public.
    """

    export_formats = ("csv", "xlsx")
    stream_exports = False
    table_pagination = {"per_page": 50}
    title = ""

    def get_filterset_class(self):
        return self.filterset_class or NoFilters

    def get_dataset_kwargs(self):
        return {"title": str(self.title)[:31]}  # a spreadsheet's sheet name holds at most 31 characters

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["export_formats"] = self.export_formats
        context["title"] = self.title
        return context

    def get(self, request, *args, **kwargs):
        export_format = request.GET.get(self.export_trigger_param)
        if export_format not in self.export_formats:
            return super().get(request, *args, **kwargs)
        filterset = self.get_filterset(self.get_filterset_class())
        if filterset.is_bound and not filterset.is_valid():
            return super().get(request, *args, **kwargs)  # the page says what is wrong with the filters
        self.filterset = filterset
        self.object_list = filterset.qs
        table = self.get_table(**self.get_table_kwargs())  # ordered as the page is
        data = table.data.data
        if export_format == "xlsx" and isinstance(data, QuerySet):
            refused = too_many_for_xlsx(request, data, request.path)
            if refused is not None:
                return refused
        return export_response(
            request,
            export_format,
            rows=lambda: self._export_values(table, data),
            filename=self.export_name,
            title=str(self.title),
            stream=self.stream_exports,
        )

    def _export_values(self, table, data) -> Iterator[list]:
        """The table's export values (header first), a chunk of rows at a time."""
        chunks = chunked(data) if isinstance(data, QuerySet) else batched(data, EXPORT_CHUNK)
        header_written = False
        for chunk in chunks:
            part = self.get_table_class()(list(chunk), order_by=(), **self.get_table_kwargs())
            part.request = self.request
            values = part.as_values(exclude_columns=self.exclude_columns)
            header = next(values)
            if not header_written:
                yield header
                header_written = True
            yield from values
        if not header_written:
            yield next(table.as_values(exclude_columns=self.exclude_columns))


class StaffListView(LoginRequiredMixin, PermissionRequiredMixin, GovukListView):
    """A list page for signed-in staff holding ``permission_required``; others are sent to sign in, or refused."""


@never_cache
@require_GET
def healthz(request):
    """Liveness for load balancers: answers without touching the database."""
    return HttpResponse("ok", content_type="text/plain")
