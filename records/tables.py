"""The table of the auditor's portal of sealed decisions."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from core.financial_year import FinancialYear
from core.tables import GovukTable
from decisions.models import Decision
from records.models import DocumentVariant, SealStatus

SHORT_HASH_LENGTH = 12

_CELL = {"class": "govuk-table__cell"}
_HEADER = {"class": "govuk-table__header", "scope": "col"}


class SealedDecisionTable(GovukTable):
    """One row per sealed decision, with the fingerprint of its Part 1 PDF and the PDFs the reader may download.

    Expects the rows from ``records.portal.sealed_decisions``: ``decided_on`` and ``seal_status``
    annotated, grants prefetched, and ``documents`` holding only the sealed PDFs the reader may download.
    """

    reference = tables.Column(
        verbose_name=_("Reference"),
        linkify=("decisions:detail", {"pk": tables.A("pk")}),
        attrs={"a": {"class": "govuk-link"}, "th": _HEADER, "td": _CELL},
    )
    title = tables.Column(verbose_name=_("Title"), orderable=False)
    decision_maker = tables.Column(verbose_name=_("Decision-maker"), orderable=False)
    # Ties fall back to the reference, so that pages of a sorted list never overlap.
    decision_date = tables.DateColumn(
        verbose_name=_("Decision date"), accessor="decided_on", format="d/m/Y", order_by=("decided_on", "reference")
    )
    financial_year = tables.Column(verbose_name=_("Financial year"), accessor="decided_on", orderable=False)
    status = tables.Column(verbose_name=_("Status"), order_by=("status", "reference"))
    grants = tables.Column(verbose_name=_("Grants"), accessor="pk", orderable=False)
    seal_status = tables.Column(verbose_name=_("Seal"), orderable=False)
    part_1_sha256 = tables.Column(verbose_name=_("Part 1 SHA-256"), accessor="pk", orderable=False)
    downloads = tables.Column(
        verbose_name=_("Download"), accessor="pk", orderable=False, exclude_from_export=True, empty_values=()
    )

    class Meta(GovukTable.Meta):
        model = Decision
        fields = ()
        sequence = (
            "reference",
            "title",
            "decision_maker",
            "decision_date",
            "financial_year",
            "status",
            "grants",
            "seal_status",
            "part_1_sha256",
            "downloads",
        )
        order_by = "-decision_date"
        empty_text = _("No sealed decisions match these filters.")

    caption = _("Sealed decisions")

    # Decision date ---------------------------------------------------------------------------------------------------

    def value_decision_date(self, value):
        # A date, not text: a date cell in XLSX, ISO 8601 in CSV.
        return value

    def render_financial_year(self, value) -> str:
        return str(FinancialYear.containing(value))

    # Grants, from the prefetch (never a query per row) ---------------------------------------------------------------

    def render_grants(self, record: Decision) -> str:
        references = [grant.funder_reference for grant in record.grants.all()]
        return ", ".join(references) if references else "—"

    # Seal ------------------------------------------------------------------------------------------------------------

    def render_seal_status(self, value) -> str:
        return str(SealStatus(value).label)

    # Part 1 fingerprint: short on screen, whole in exports -----------------------------------------------------------

    @staticmethod
    def _part_1_sha256(record: Decision) -> str | None:
        return next((d.sha256 for d in record.documents if d.variant == DocumentVariant.PART_1), None)

    def render_part_1_sha256(self, record: Decision):
        sha256 = self._part_1_sha256(record)
        if not sha256:
            return "—"
        return format_html('<code title="{}">{}…</code>', sha256, sha256[:SHORT_HASH_LENGTH])

    def value_part_1_sha256(self, record: Decision) -> str:
        return self._part_1_sha256(record) or ""

    # Downloads -------------------------------------------------------------------------------------------------------

    def render_downloads(self, record: Decision):
        if not record.documents:
            return "—"
        labels = {
            DocumentVariant.PART_1: _("Part 1 PDF"),
            DocumentVariant.COMPLETE: _("Complete PDF (confidential)"),
        }
        return format_html(
            '<ul class="govuk-list">{}</ul>',
            format_html_join(
                "",
                '<li><a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden"> {}</span></a></li>',
                (
                    (
                        reverse("records:document", kwargs={"pk": record.pk, "variant": document.variant}),
                        labels[DocumentVariant(document.variant)],
                        record.reference,
                    )
                    for document in record.documents
                ),
            ),
        )
