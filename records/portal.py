"""The auditor's portal: sealed decisions listed, filtered and exported, and their stored PDFs as one ZIP.

Built for a national register (100,000 decisions): a page reads its 50 ids through the sort's index, then those
rows with their grants, seals and documents (a fixed number of queries whatever the page); the list is rendered by
hand, one row at a time, in one template; downloads (CSV, XLSX, the ZIP) are written a chunk at a time as they go.
"""

import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Case, Exists, F, OuterRef, Prefetch, QuerySet, Value, When
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.financial_year import FinancialYear
from core.markup import fill, link, table_rows
from core.tables import ExportColumn, export_rows
from core.views import (
    Column,
    chunked,
    count_up_to,
    export_response,
    list_page,
    page_links,
    page_number,
    query_string,
    reverse_each,
    sorting_from,
    too_many_for_xlsx,
)
from decisions.choices import FROZEN_STATUSES, DecisionMaker, DecisionStatus
from decisions.models import Decision
from decisions.selectors import SEARCH_RELEVANCE, can_see_part_2, decisions_visible_to
from grants.models import Grant
from records.filters import SealedDecisionFilter
from records.models import DocumentVariant, SealedDocument, SealStatus

ZIP_NAME = "sealed-decisions.zip"
EXPORT_NAME = "sealed-decisions"
EXPORT_FORMATS = ("csv", "xlsx")
PER_PAGE = 50
# The ZIP is for a filtered set: past this many decisions, narrow the filters (its index is kept until the end).
ZIP_DECISION_LIMIT = 5_000
# Read and hand on stored PDFs in pieces this size, so memory stays flat however large the set.
CHUNK_SIZE = 64 * 1024
# Query parameters of the list page that are not filters.
_NOT_FILTERS = ("sort", "page", "_export")
SHORT_HASH_LENGTH = 12

# Part 1 before the complete form, wherever documents of one decision are listed.
_VARIANT_ORDER = Case(When(variant=DocumentVariant.PART_1, then=Value(0)), default=Value(1))
_MAKERS = dict(DecisionMaker.choices)
_STATES = dict(DecisionStatus.choices)
_SEALS = dict(SealStatus.choices)

COLUMNS = (
    Column("reference", gettext_lazy("Reference"), ("reference", "pk"), ("-reference", "-pk")),
    Column("title", gettext_lazy("Title")),
    Column("decision_maker", gettext_lazy("Decision-maker")),
    Column(
        "decision_date",
        gettext_lazy("Decision date"),
        (F("decided_on").asc(nulls_last=True), "pk"),
        (F("decided_on").desc(nulls_last=True), "-pk"),
    ),
    Column("financial_year", gettext_lazy("Financial year")),
    Column("status", gettext_lazy("Status"), ("status", "reference", "pk"), ("-status", "-reference", "-pk")),
    Column("grants", gettext_lazy("Grants")),
    Column("seal_status", gettext_lazy("Seal")),
    Column("part_1_sha256", gettext_lazy("Part 1 SHA-256")),
    Column("downloads", gettext_lazy("Download")),
)
DEFAULT_SORT = "-decision_date"


def downloadable_variants(user) -> list[str]:
    """Part 1 for every reader; the complete form (with Part 2) only for those who may see Part 2."""
    if can_see_part_2(user):
        return [DocumentVariant.PART_1, DocumentVariant.COMPLETE]
    return [DocumentVariant.PART_1]


def sealed_decisions(user) -> QuerySet[Decision]:
    """Signed decisions with at least one sealed PDF, as ``user`` may read them (each with its stored
    ``decided_on``)."""
    return decisions_visible_to(user).filter(
        Exists(SealedDocument.objects.filter(decision=OuterRef("pk"))), status__in=FROZEN_STATUSES
    )


def with_row_facts(decisions: QuerySet[Decision], user) -> QuerySet[Decision]:
    """What a row shows beyond the decision: its seal's state, its grants' references and the sealed PDFs ``user``
    may download (``documents``), each prefetched for the rows at hand."""
    documents = (
        SealedDocument.objects.filter(variant__in=downloadable_variants(user))
        .only("pk", "decision_id", "variant", "sha256")
        .order_by(_VARIANT_ORDER)
    )
    return decisions.annotate(seal_status=F("seal__status")).prefetch_related(
        Prefetch("grants", queryset=Grant.objects.only("pk", "funder_reference").order_by("funder_reference")),
        Prefetch("sealed_documents", queryset=documents, to_attr="documents"),
    )


@dataclass(frozen=True)
class PortalRow:
    """One sealed decision as the portal lists it."""

    pk: int
    reference: str
    title: str
    decision_maker: str
    decided_on: object
    financial_year: str
    status: str
    grants: str
    seal: str
    part_1_sha256: str
    url: str
    downloads: tuple[tuple[str, str], ...]

    @property
    def short_sha256(self) -> str:
        return self.part_1_sha256[:SHORT_HASH_LENGTH]


def _part_1_sha256(decision: Decision) -> str:
    return next((d.sha256 for d in decision.documents if d.variant == DocumentVariant.PART_1), "")


def _grant_references(decision: Decision) -> str:
    return ", ".join(grant.funder_reference for grant in decision.grants.all())


def _year_text(financial_year, decided_on) -> str:
    """The stored financial year, or (for a record stored without one) the year its decision date falls in."""
    if financial_year:
        return str(financial_year)
    return str(FinancialYear.containing(decided_on)) if decided_on else ""


def _financial_year(decision: Decision) -> str:
    return _year_text(decision.financial_year, decision.decided_on)


# What a row reads of a decision and its seal.
ROW_FIELDS = ("pk", "reference", "title", "decision_maker", "decided_on", "financial_year", "status", "seal__status")


def page_rows(ids: list[int], user, *, values: dict[int, tuple] | None = None) -> list[PortalRow]:
    """The rows of one page in the order of ``ids``, each read as plain values: up to three queries (the rows with
    their seals, unless the page read them already as ``values``, of ``ROW_FIELDS``; grants; documents)."""
    if not ids:
        return []
    found = values
    if found is None:
        found = {row[0]: row for row in Decision.objects.filter(pk__in=ids).values_list(*ROW_FIELDS)}
    grants: dict[int, list[str]] = {}
    through = Decision.grants.through.objects.filter(decision_id__in=ids)
    for decision_id, reference in through.order_by("grant__funder_reference").values_list(
        "decision_id", "grant__funder_reference"
    ):
        grants.setdefault(decision_id, []).append(reference)
    documents: dict[int, list[tuple[str, str]]] = {}
    for decision_id, variant, sha256 in (
        SealedDocument.objects.filter(decision_id__in=ids, variant__in=downloadable_variants(user))
        .order_by(_VARIANT_ORDER)
        .values_list("decision_id", "variant", "sha256")
    ):
        documents.setdefault(decision_id, []).append((variant, sha256))
    labels = {
        DocumentVariant.PART_1: _("Part 1 PDF"),
        DocumentVariant.COMPLETE: _("Complete PDF (confidential)"),
    }
    detail_url = reverse_each("decisions:detail")
    document_urls = {variant: reverse_each("records:document", variant=variant) for variant in labels}
    rows = []
    for pk in ids:
        if pk not in found:
            continue
        _pk, reference, title, decision_maker, decided_on, financial_year, status, seal_status = found[pk]
        own = documents.get(pk, [])
        rows.append(
            PortalRow(
                pk=pk,
                reference=reference,
                title=title,
                decision_maker=str(_MAKERS.get(decision_maker, decision_maker)),
                decided_on=decided_on,
                financial_year=_year_text(financial_year, decided_on),
                status=str(_STATES.get(status, status)),
                grants=", ".join(grants.get(pk, ())) or "—",
                seal=str(_SEALS.get(seal_status, "")) if seal_status else "—",
                part_1_sha256=next((sha256 for variant, sha256 in own if variant == DocumentVariant.PART_1), ""),
                url=detail_url(pk),
                downloads=tuple((document_urls[variant](pk), str(labels[variant])) for variant, _sha256 in own),
            )
        )
    return rows


_HASH_HTML = '<code title="{}">{}…</code>'
_DOWNLOAD_HTML = '<li><a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden"> {}</span></a></li>'


def _downloads_html(row: PortalRow) -> SafeString | str:
    links = "".join(fill(_DOWNLOAD_HTML, url, label, row.reference) for url, label in row.downloads)
    # Each link is made by fill(), which escapes every value.
    return fill('<ul class="govuk-list">{}</ul>', mark_safe(links)) if links else "—"  # noqa: S308


def rows_html(rows: list[PortalRow], headers) -> SafeString:
    """The table's rows as HTML, made in Python: a template per cell of 50 rows costs more than the page's queries."""
    return table_rows(
        headers,
        (
            (
                link(row.url, row.reference),
                row.title,
                row.decision_maker,
                row.decided_on.strftime("%d/%m/%Y") if row.decided_on else "—",
                row.financial_year or "—",
                row.status,
                row.grants,
                row.seal,
                fill(_HASH_HTML, row.part_1_sha256, row.short_sha256) if row.part_1_sha256 else "—",
                _downloads_html(row),
            )
            for row in rows
        ),
    )


# --- The list -------------------------------------------------------------------------------------------------------


@login_required
@permission_required("decisions.view_decision", raise_exception=True)
def sealed_list(request):
    """Sealed decisions, filtered and sorted, with CSV and XLSX downloads of exactly the filtered rows."""
    filterset = SealedDecisionFilter(request.GET or None, queryset=sealed_decisions(request.user), request=request)
    valid = not filterset.is_bound or filterset.is_valid()
    decisions = filterset.qs if valid else filterset.queryset.none()
    sorting = sorting_from(
        request.GET.get("sort"),
        COLUMNS,
        default=DEFAULT_SORT,
        unsorted=SEARCH_RELEVANCE if filterset.search_text else None,
    )
    export_format = request.GET.get("_export")
    if export_format in EXPORT_FORMATS and valid:
        if export_format == "xlsx":
            refused = too_many_for_xlsx(request, decisions, request.path + query_string(request.GET, _export=None))
            if refused is not None:
                return refused
        return export_response(
            request,
            export_format,
            rows=lambda: export_values(with_row_facts(decisions, request.user).order_by(*sorting.ordering)),
            filename=EXPORT_NAME,
            title=str(_("Sealed decisions")),
        )
    page = list_page(
        decisions,
        ordering=sorting.ordering,
        number=page_number(request.GET.get("page")),
        per_page=PER_PAGE,
        values=ROW_FIELDS[1:],
    )
    rows = page_rows(page.ids, request.user, values=page.values)
    headers = sorting.headers(COLUMNS, request.GET)
    context = {
        "filter": filterset,
        "rows": rows,
        "rows_html": rows_html(rows, headers),
        "headers": headers,
        "page": page,
        "page_links": page_links(request, page),
        "export_links": {format: query_string(request.GET, _export=format, page=None) for format in EXPORT_FORMATS},
        "zip_url": _with_filters(reverse("records:sealed_zip"), request.GET),
        "can_see_part_2": can_see_part_2(request.user),
        "title": _("Sealed decisions"),
    }
    return render(request, "records/sealed_list.html", context)


EXPORT_COLUMNS = (
    ExportColumn(gettext_lazy("Reference"), lambda d: d.reference),
    ExportColumn(gettext_lazy("Title"), lambda d: d.title),
    ExportColumn(gettext_lazy("Decision-maker"), lambda d: str(_MAKERS.get(d.decision_maker, ""))),
    ExportColumn(gettext_lazy("Decision date"), lambda d: d.decided_on),
    ExportColumn(gettext_lazy("Financial year"), _financial_year),
    ExportColumn(gettext_lazy("Status"), lambda d: str(_STATES.get(d.status, d.status))),
    ExportColumn(gettext_lazy("Grants"), _grant_references),
    ExportColumn(gettext_lazy("Seal"), lambda d: str(_SEALS.get(d.seal_status, "")) if d.seal_status else ""),
    ExportColumn(gettext_lazy("Part 1 SHA-256"), _part_1_sha256),
)


def export_values(decisions: QuerySet[Decision]) -> Iterator[list]:
    """Header, then a line per decision, read a chunk at a time (grants and documents prefetched per chunk)."""
    return export_rows(EXPORT_COLUMNS, (decision for chunk in chunked(decisions) for decision in chunk))


# --- The ZIP of stored PDFs -----------------------------------------------------------------------------------------


@login_required
@permission_required("decisions.view_decision", raise_exception=True)
def sealed_zip(request):
    """The stored PDFs of the filtered sealed decisions, streamed as one ZIP; nothing is rendered here.

    Part 1 PDFs for every reader, the complete forms only for readers who may see Part 2. Documents are read from
    the database a chunk at a time as the archive is written.
    """
    filterset = SealedDecisionFilter(request.GET or None, queryset=sealed_decisions(request.user), request=request)
    back = _with_filters(reverse("records:sealed_list"), request.GET)
    if filterset.is_bound and not filterset.is_valid():
        # The list page shows what is wrong with the filters.
        return redirect(back)
    if count_up_to(filterset.qs, ZIP_DECISION_LIMIT) > ZIP_DECISION_LIMIT:
        messages.error(
            request,
            _("A ZIP holds the PDFs of at most %(limit)s decisions: narrow the filters.")
            % {"limit": f"{ZIP_DECISION_LIMIT:,}"},
        )
        return redirect(back)
    documents = (
        SealedDocument.objects.filter(
            decision__in=filterset.qs.order_by().values("pk"), variant__in=downloadable_variants(request.user)
        )
        .select_related("decision")
        .only("pk", "variant", "file", "sealed_at", "size_bytes", "decision__reference")
        .order_by("decision__reference", _VARIANT_ORDER, "pk")
        .iterator(chunk_size=200)
    )
    response = StreamingHttpResponse(_zip_stream(documents), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{ZIP_NAME}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _with_filters(url: str, query) -> str:
    filters = query.copy()
    for name in _NOT_FILTERS:
        filters.pop(name, None)
    return f"{url}?{filters.urlencode()}" if filters else url


class _Chunks:
    """A write-only sink for ``ZipFile``: it holds what was written until it is taken.

    It cannot seek or tell, so ``ZipFile`` writes each entry's sizes after its data (a data descriptor) and never
    goes back: the archive can leave as it is made.
    """

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def write(self, data) -> int:
        self._parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self._parts)
        self._parts.clear()
        return data


def _zip_stream(documents: Iterable[SealedDocument]) -> Iterator[bytes]:
    """Yield a ZIP of the stored files of ``documents`` piece by piece, read from storage as it goes."""
    sink = _Chunks()
    taken: set[str] = set()
    # PDFs are compressed already: store them as they are.
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_STORED) as archive:
        for document in documents:
            sealed_at = timezone.localtime(document.sealed_at)
            entry = zipfile.ZipInfo(_entry_name(document, taken), sealed_at.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_STORED
            entry.file_size = document.size_bytes  # tells zipfile whether the entry needs ZIP64
            entry.external_attr = 0o644 << 16
            with document.file.storage.open(document.file.name, "rb") as source, archive.open(entry, "w") as target:
                while chunk := source.read(CHUNK_SIZE):
                    target.write(chunk)
                    if data := sink.take():
                        yield data
            if data := sink.take():
                yield data
    if data := sink.take():
        yield data


def _entry_name(document: SealedDocument, taken: set[str]) -> str:
    """``PCD-1838.pdf``, made safe as a path inside the archive and unique within it."""
    name = document.download_name.replace("/", "-").replace("\\", "-")
    stem, _dot, extension = name.rpartition(".")
    candidate, number = name, 1
    while candidate in taken:
        number += 1
        candidate = f"{stem}-{number}.{extension}"
    taken.add(candidate)
    return candidate
