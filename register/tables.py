"""Tables of the register app: the public register, and the governance list of what is due for publication."""

import django_tables2 as tables
from django.db.models import F, QuerySet
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.financial_year import FinancialYear
from core.tables import GovukTable
from decisions.hooks import DocumentLink, documents_for
from decisions.models import Decision


class RegisterTable(GovukTable):
    """One row per published decision. Exports add the summary and full links; they never carry Part 2."""

    reference = tables.Column(
        verbose_name=gettext_lazy("Reference"),
        linkify=("register:detail", {"pk": tables.A("pk")}),
        attrs={"a": {"class": "govuk-link"}},
        order_by=("reference",),
    )
    title = tables.Column(verbose_name=gettext_lazy("Title"), orderable=False)
    decision_maker = tables.Column(verbose_name=gettext_lazy("Decision-maker"), orderable=False)
    # Ties fall back to the id, so that pages of a sorted list never overlap.
    decision_date = tables.DateColumn(verbose_name=gettext_lazy("Decision date"), accessor="decided_on", format="d/m/Y")
    financial_year = tables.Column(verbose_name=gettext_lazy("Financial year"), accessor="decided_on", orderable=False)
    published_on = tables.DateColumn(verbose_name=gettext_lazy("Published"), format="d/m/Y")
    executive_summary = tables.Column(verbose_name=gettext_lazy("Executive summary"), visible=False)
    pdf = tables.Column(
        verbose_name=gettext_lazy("Part 1 PDF"),
        accessor="pk",
        orderable=False,
        empty_values=(),
        exclude_from_export=True,
    )
    page_url = tables.Column(verbose_name=gettext_lazy("Web page"), accessor="pk", visible=False)
    pdf_url = tables.Column(verbose_name=gettext_lazy("PDF"), accessor="pk", visible=False)

    class Meta(GovukTable.Meta):
        model = Decision
        fields = ()
        sequence = (
            "reference",
            "title",
            "decision_maker",
            "decision_date",
            "financial_year",
            "published_on",
            "pdf",
            "executive_summary",
            "page_url",
            "pdf_url",
        )
        order_by = "-decision_date"
        empty_text = gettext_lazy("No published decisions match your search.")

    caption = gettext_lazy("Published decisions")

    # Decisions without a date (imported records) go last either way, on every database.
    def order_decision_date(self, queryset: QuerySet, is_descending: bool):
        return _dates_in_order(queryset, "decided_on", is_descending), True

    def order_published_on(self, queryset: QuerySet, is_descending: bool):
        return _dates_in_order(queryset, "published_on", is_descending), True

    def value_decision_date(self, value):
        return value

    def value_published_on(self, value):
        return value

    def render_financial_year(self, value) -> str:
        return str(FinancialYear.containing(value))

    def value_financial_year(self, value) -> str:
        return str(FinancialYear.containing(value)) if value else ""

    @cached_property
    def documents(self) -> dict[int, DocumentLink]:
        """The Part 1 PDFs of the rows shown (the page on screen; every row in an export), in one lookup."""
        page = getattr(self, "page", None)
        records = [row.record for row in page.object_list] if page is not None else self.data
        return documents_for(record.pk for record in records)

    def _pdf_url(self, record: Decision) -> str | None:
        document = self.documents.get(record.pk)
        return document.url if document else None

    def render_pdf(self, record: Decision):
        url = self._pdf_url(record)
        if url is None:
            return "—"
        return format_html(
            '<a class="govuk-link" href="{}" download>{}<span class="govuk-visually-hidden"> {}</span></a>',
            url,
            _("Download PDF"),
            record.reference,
        )

    def _absolute(self, path: str | None) -> str:
        if not path:
            return ""
        request = getattr(self, "request", None)
        return request.build_absolute_uri(path) if request else path

    def value_page_url(self, record: Decision) -> str:
        return self._absolute(reverse("register:detail", kwargs={"pk": record.pk}))

    def value_pdf_url(self, record: Decision) -> str:
        return self._absolute(self._pdf_url(record))


def _dates_in_order(queryset: QuerySet, field: str, is_descending: bool) -> QuerySet:
    if is_descending:
        return queryset.order_by(F(field).desc(nulls_last=True), "-pk")
    return queryset.order_by(F(field).asc(nulls_last=True), "pk")


class DueTable(GovukTable):
    """One row per approved decision not yet published, most urgent first (overdue, due, deferred, no Part 1).

    Rows are :class:`register.publication.AwaitingPublication`, already in order of urgency, so nothing sorts here.
    Exports give the reference, title, the three dates and the state.
    """

    decision = tables.Column(
        verbose_name=gettext_lazy("Decision"), accessor="decision__reference", orderable=False, exclude_from_export=True
    )
    reference = tables.Column(
        verbose_name=gettext_lazy("Reference"), accessor="decision__reference", orderable=False, visible=False
    )
    title = tables.Column(
        verbose_name=gettext_lazy("Title"), accessor="decision__title", orderable=False, visible=False
    )
    decided_on = tables.DateColumn(verbose_name=gettext_lazy("Decision date"), format="d/m/Y", orderable=False)
    due_on = tables.DateColumn(verbose_name=gettext_lazy("Due on"), format="d/m/Y", orderable=False)
    deadline = tables.DateColumn(verbose_name=gettext_lazy("Deadline"), format="d/m/Y", orderable=False)
    state = tables.Column(verbose_name=gettext_lazy("State"), accessor="label", orderable=False)
    publish = tables.TemplateColumn(
        template_name="register/inc/publish_button.html",
        verbose_name=gettext_lazy("Action"),
        orderable=False,
        exclude_from_export=True,
        empty_values=(),
    )

    class Meta(GovukTable.Meta):
        fields = ()
        sequence = ("decision", "reference", "title", "decided_on", "due_on", "deadline", "state", "publish")
        empty_text = gettext_lazy("Every approved decision has been published.")

    caption = gettext_lazy("Approved, not yet published")

    def render_decision(self, record) -> str:
        return format_html(
            '<a class="govuk-link" href="{}">{}</a><br><span class="govuk-body-s">{}</span>',
            reverse("decisions:detail", kwargs={"pk": record.decision.pk}),
            record.decision.reference,
            record.decision.title,
        )

    def render_due_on(self, record) -> str:
        due = record.due_on.strftime("%d/%m/%Y") if record.due_on else "—"
        if record.decision.part_1_deferred:
            return format_html('{}<br><span class="govuk-body-s">{}</span>', due, _("deferred"))
        return due

    def render_state(self, record) -> str:
        note = ""
        if record.state == "nothing_to_publish":
            note = format_html(
                '<br><span class="govuk-body-s">{}</span>',
                _("Everything is in Part 2: nothing is published automatically."),
            )
        return format_html('<strong class="govuk-tag {}">{}</strong>{}', record.tag_class, record.label, note)

    def value_state(self, record) -> str:
        return record.label

    # Dates as dates in exports.
    def value_decided_on(self, value):
        return value

    def value_due_on(self, record):
        return record.due_on

    def value_deadline(self, value):
        return value
