"""The public register: published decisions, Part 1 only, for anyone; and the governance list of what is due.

Only decisions whose status is published are ever read here, so a guessed id of anything else is simply not found.
Part 1 only: the form is laid out without Part 2, search never reads Part 2 text, and only Part 1 PDFs are linked.
"""

import django_filters
import django_tables2 as tables
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export import ExportMixin

from core.exports import export_response, wants_export
from core.financial_year import FinancialYear
from core.forms import GovukFilterForm
from core.http import client_address
from core.tables import GovukTable
from decisions.choices import DecisionMaker, DecisionStatus, Part
from decisions.filters import financial_years_of
from decisions.models import Decision, DocumentVariant, Paragraph, Recommendation, SealedDocument
from decisions.publication import awaiting_publication, deadline_working_days
from decisions.selectors import decision_form, with_decision_date
from decisions.services import decision_publish
from decisions.workflow import TransitionRefused
from grants.models import Grant

PER_PAGE = 25

# --- What the register reads ----------------------------------------------------------------------------------------


def published_decisions() -> QuerySet[Decision]:
    """Published decisions with ``decided_on`` and, in ``part_1_documents``, their sealed Part 1 PDF (if any)."""
    part_1 = SealedDocument.objects.filter(variant=DocumentVariant.PART_1).only(
        "pk", "decision_id", "variant", "size_bytes", "page_count"
    )
    return with_decision_date(Decision.objects.filter(status=DecisionStatus.PUBLISHED)).prefetch_related(
        Prefetch("sealed_documents", queryset=part_1, to_attr="part_1_documents")
    )


def part_1_text_matches(text: str) -> Q:
    """Decisions whose public words contain ``text``: reference, title, summary, recommendations, Part 1 paragraphs."""
    in_recommendations = Recommendation.objects.filter(decision=OuterRef("pk"), text__icontains=text)
    in_part_1 = Paragraph.objects.filter(section__decision=OuterRef("pk"), section__part=Part.PART_1).filter(
        Q(text__icontains=text) | Q(heading__icontains=text)
    )
    return (
        Q(reference__icontains=text)
        | Q(title__icontains=text)
        | Q(executive_summary__icontains=text)
        | Exists(in_recommendations)
        | Exists(in_part_1)
    )


def part_1_pdf_url(decision: Decision) -> str | None:
    if not decision.part_1_documents:
        return None
    return reverse("decisions:document", kwargs={"pk": decision.pk, "variant": DocumentVariant.PART_1})


# --- Filters and table ----------------------------------------------------------------------------------------------


class RegisterFilter(django_filters.FilterSet):
    """Search the public words of published decisions; narrow by financial year of the decision and decision-maker."""

    search = django_filters.CharFilter(label=gettext_lazy("Search"), method="filter_search")
    financial_year = django_filters.ChoiceFilter(
        label=gettext_lazy("Financial year"),
        choices=(),
        method="filter_financial_year",
        empty_label=gettext_lazy("Any year"),
    )
    decision_maker = django_filters.ChoiceFilter(
        label=gettext_lazy("Decision-maker"),
        choices=DecisionMaker.choices,
        empty_label=gettext_lazy("Any decision-maker"),
    )

    class Meta:
        form = GovukFilterForm

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        self.filters["financial_year"].extra["choices"] = [
            (str(year), str(year)) for year in financial_years_of(self.queryset)
        ]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        text = " ".join(value.split())
        return queryset.filter(part_1_text_matches(text)) if text else queryset

    def filter_financial_year(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        year = FinancialYear.parse(value)
        return queryset.filter(decided_on__range=(year.starts_on, year.ends_on))


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

    def render_pdf(self, record: Decision):
        url = part_1_pdf_url(record)
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
        return self._absolute(part_1_pdf_url(record))


def _dates_in_order(queryset: QuerySet, field: str, is_descending: bool) -> QuerySet:
    if is_descending:
        return queryset.order_by(F(field).desc(nulls_last=True), "-pk")
    return queryset.order_by(F(field).asc(nulls_last=True), "pk")


# --- Pages ----------------------------------------------------------------------------------------------------------


class RegisterListView(ExportMixin, SingleTableMixin, FilterView):
    """Published decisions, searched and filtered, newest first, with CSV and XLSX exports of the filtered rows."""

    template_name = "register/decision_list.html"
    table_class = RegisterTable
    filterset_class = RegisterFilter
    table_pagination = {"per_page": PER_PAGE}
    export_formats = ("csv", "xlsx")
    export_name = "published-decisions"
    dataset_kwargs = {"title": "Published decisions"}

    def get_queryset(self) -> QuerySet[Decision]:
        return published_decisions()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["export_formats"] = self.export_formats
        context["result_count"] = context["table"].paginator.count if context["table"].page else 0
        return context


register_list = RegisterListView.as_view()


def register_detail(request, pk: int):
    """One published decision as its form, Part 1 only, with its sealed Part 1 PDF when there is one."""
    decision = get_object_or_404(published_decisions().select_related("policing_body"), pk=pk)
    context = decision_form(decision, show_part_2=False)
    context["part_1_document"] = decision.part_1_documents[0] if decision.part_1_documents else None
    context["decided_on"] = decision.decided_on
    return render(request, "register/decision_detail.html", context)


def open_data(request):
    """The whole register as JSON: Part 1 facts only, amounts as exact decimal strings, dates in ISO 8601."""
    grants = Grant.objects.with_totals().select_related("funder").order_by("financial_year", "funder_reference")
    decisions = (
        published_decisions()
        .prefetch_related(
            Prefetch("recommendations", queryset=Recommendation.objects.order_by("position")),
            Prefetch("grants", queryset=grants),
        )
        .order_by("-published_on", "-pk")
    )
    records = [_open_data_record(request, decision) for decision in decisions]
    response = JsonResponse(
        {"generated_at": timezone.now().isoformat(), "count": len(records), "decisions": records},
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _open_data_record(request, decision: Decision) -> dict:
    pdf_url = part_1_pdf_url(decision)
    return {
        "reference": decision.reference,
        "title": decision.title,
        "decision_maker": str(DecisionMaker(decision.decision_maker).label),
        "decision_date": decision.decided_on.isoformat() if decision.decided_on else None,
        "published_on": decision.published_on.isoformat() if decision.published_on else None,
        "executive_summary": decision.executive_summary,
        "recommendations": [recommendation.text for recommendation in decision.recommendations.all()],
        "grants": [
            {
                "funder": grant.funder.name,
                "funder_reference": grant.funder_reference,
                "title": grant.title,
                "financial_year": str(grant.financial_year),
                "original_award_amount": f"{grant.original_award_amount:.2f}",
                "current_total_amount": f"{grant.current_total_amount:.2f}",
                "currency": "GBP",
            }
            for grant in decision.grants.all()
        ],
        "url": request.build_absolute_uri(reverse("register:detail", kwargs={"pk": decision.pk})),
        "pdf_url": request.build_absolute_uri(pdf_url) if pdf_url else None,
    }


# --- Governance: what is due, and publishing it ---------------------------------------------------------------------


@login_required
@permission_required("decisions.publish_decision", raise_exception=True)
def publication_due(request):
    """Approved decisions not yet on the register, with when each is due and its deadline; overdue first."""
    today = timezone.localdate()
    rows = awaiting_publication(today=today)
    export = wants_export(request)
    if export:
        return export_response(
            headers=["Reference", "Title", "Decision date", "Due on", "Deadline", "State"],
            rows=(
                [row.decision.reference, row.decision.title, row.decided_on, row.due_on, row.deadline, row.label]
                for row in rows
            ),
            name=f"due-for-publication-{today.isoformat()}",
            format=export,
        )
    context = {"rows": rows, "today": today, "working_days": deadline_working_days()}
    return render(request, "register/due.html", context)


@require_POST
@login_required
@permission_required("decisions.publish_decision", raise_exception=True)
def publish(request, pk: int) -> HttpResponse:
    """Publish Part 1 of one approved decision now, from the governance list."""
    decision = Decision.objects.filter(pk=pk, status=DecisionStatus.APPROVED).first()
    if decision is None:
        raise Http404
    try:
        decision_publish(decision=decision, by=request.user, client_address=client_address(request))
    except TransitionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("%(reference)s is now on the public register.") % {"reference": decision.reference})
    return redirect("register:due")
