"""The register's list of published decisions: its columns, how it sorts, its rows and its downloads.

Rendered by hand rather than by django-tables2 (which works out attributes and inspects a method per cell): each row is
made once, in Python, from the few columns it shows (``core.markup.table_rows``). At 100,000 decisions a page near
the start reads its 25 rows with their ids, a deeper one its ids through the sort's index and then those rows; then
their PDFs and (when searching) their highlighted extracts: a few small queries, whatever the page.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db.models import F, QuerySet
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.markup import fill, link, table_rows
from core.tables import ExportColumn, export_rows
from core.views import Column, chunked, reverse_each
from decisions.choices import DecisionMaker
from decisions.hooks import documents_for
from decisions.models import Decision
from register.search import headlines

PER_PAGE = 25
# What a row reads of a decision.
ROW_FIELDS = ("pk", "reference", "title", "decision_maker", "decided_on", "financial_year", "published_on")

COLUMNS = (
    Column("reference", _("Reference"), ("reference", "pk"), ("-reference", "-pk")),
    Column("title", _("Title")),
    Column("decision_maker", _("Decision-maker")),
    # Decisions without a date (imported records) go last either way.
    Column(
        "decision_date",
        _("Decision date"),
        (F("decided_on").asc(nulls_last=True), "pk"),
        (F("decided_on").desc(nulls_last=True), "-pk"),
    ),
    Column("financial_year", _("Financial year")),
    Column(
        "published_on",
        _("Published"),
        (F("published_on").asc(nulls_last=True), "pk"),
        (F("published_on").desc(nulls_last=True), "-pk"),
    ),
    Column("pdf", _("Part 1 PDF")),
)
DEFAULT_SORT = "-decision_date"


@dataclass(frozen=True)
class RegisterRow:
    """One published decision as the register lists it."""

    pk: int
    reference: str
    title: str
    decision_maker: str
    decided_on: object
    financial_year: str
    published_on: object
    url: str
    pdf_url: str | None
    headline: SafeString | None = None


_MAKERS = dict(DecisionMaker.choices)


def page_rows(ids: list[int], *, search_text: str = "", values: dict[int, tuple] | None = None) -> list[RegisterRow]:
    """The rows of one page, in the order of ``ids``, each read as plain values: up to three queries (the rows,
    unless the page read them already as ``values``, of ``ROW_FIELDS``; the PDFs; the extracts when searching)."""
    if not ids:
        return []
    found = values
    if found is None:
        found = {row[0]: row for row in Decision.objects.filter(pk__in=ids).values_list(*ROW_FIELDS)}
    documents = documents_for(ids)
    extracts = headlines(ids, search_text) if search_text else {}
    url = reverse_each("register:detail")
    rows = []
    for pk in ids:
        if pk not in found:
            continue
        _pk, reference, title, decision_maker, decided_on, financial_year, published_on = found[pk]
        document = documents.get(pk)
        rows.append(
            RegisterRow(
                pk=pk,
                reference=reference,
                title=title,
                decision_maker=str(_MAKERS.get(decision_maker, decision_maker)),
                decided_on=decided_on,
                financial_year=str(financial_year) if financial_year else "",
                published_on=published_on,
                url=url(pk),
                pdf_url=document.url if document else None,
                headline=extracts.get(pk),
            )
        )
    return rows


_HEADLINE_HTML = '<p class="govuk-body-s govuk-!-margin-top-1 govuk-!-margin-bottom-0">{}</p>'
_PDF_HTML = '<a class="govuk-link" href="{}" download>{}<span class="govuk-visually-hidden"> {}</span></a>'


def _uk_date(value) -> str:
    return value.strftime("%d/%m/%Y") if value else "—"


def rows_html(rows: list[RegisterRow], headers) -> SafeString:
    """The table's rows as HTML, made in Python: a template per cell would cost more than the page's queries."""
    download = gettext("Download PDF")
    return table_rows(
        headers,
        (
            (
                link(row.url, row.reference),
                fill("{}{}", row.title, fill(_HEADLINE_HTML, row.headline) if row.headline else ""),
                row.decision_maker,
                _uk_date(row.decided_on),
                row.financial_year or "—",
                _uk_date(row.published_on),
                fill(_PDF_HTML, row.pdf_url, download, row.reference) if row.pdf_url else "—",
            )
            for row in rows
        ),
    )


# --- Downloads ------------------------------------------------------------------------------------------------------


def export_columns(absolute) -> tuple[ExportColumn, ...]:
    """The register's download: the list's columns, the executive summary and full links; never Part 2."""
    page_url = reverse_each("register:detail")
    return (
        ExportColumn(_("Reference"), lambda row: row[0].reference),
        ExportColumn(_("Title"), lambda row: row[0].title),
        ExportColumn(_("Decision-maker"), lambda row: str(_MAKERS.get(row[0].decision_maker, ""))),
        ExportColumn(_("Decision date"), lambda row: row[0].decided_on),
        ExportColumn(_("Financial year"), lambda row: str(row[0].financial_year or "")),
        ExportColumn(_("Published"), lambda row: row[0].published_on),
        ExportColumn(_("Executive summary"), lambda row: row[0].executive_summary),
        ExportColumn(_("Web page"), lambda row: absolute(page_url(row[0].pk))),
        ExportColumn(_("PDF"), lambda row: absolute(row[1]) if row[1] else ""),
    )


def export_values(decisions: QuerySet[Decision], ordering: tuple, absolute) -> Iterator[list]:
    """Header, then one line per decision in ``ordering``, read a chunk at a time (PDF links one query a chunk)."""
    rows = decisions.order_by(*ordering).only(*ROW_FIELDS, "executive_summary")
    return export_rows(export_columns(absolute), _with_documents(rows))


def _with_documents(decisions: QuerySet[Decision]) -> Iterable[tuple[Decision, str | None]]:
    for chunk in chunked(decisions):
        documents = documents_for(decision.pk for decision in chunk)
        for decision in chunk:
            document = documents.get(decision.pk)
            yield decision, document.url if document else None
