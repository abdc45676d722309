"""The public register: published decisions, Part 1 only, for anyone; and the governance list of what is due.

Only decisions whose status is published are ever read here, so a guessed id of anything else is simply not found.
Part 1 only: the form is laid out without Part 2, search never reads Part 2 text, and only Part 1 PDFs are linked.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.http import client_address
from core.refusals import Refused
from core.views import GovukListView, StaffListView
from decisions.choices import DecisionMaker, DecisionStatus
from decisions.hooks import documents_for
from decisions.models import Decision, Recommendation
from decisions.selectors import decision_form
from decisions.services import decision_publish
from grants.models import Grant
from register.filters import RegisterFilter
from register.publication import awaiting_publication, deadline_working_days
from register.selectors import published_decisions
from register.tables import DueTable, RegisterTable

PER_PAGE = 25


# --- Pages ----------------------------------------------------------------------------------------------------------


class RegisterListView(GovukListView):
    """Published decisions, searched and filtered, newest first, with CSV and XLSX exports of the filtered rows."""

    template_name = "register/decision_list.html"
    table_class = RegisterTable
    filterset_class = RegisterFilter
    table_pagination = {"per_page": PER_PAGE}
    export_name = "published-decisions"
    title = gettext_lazy("Published decisions")

    def get_queryset(self):
        return published_decisions()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["result_count"] = context["table"].paginator.count if context["table"].page else 0
        return context


register_list = RegisterListView.as_view()


def register_detail(request, pk: int):
    """One published decision as its form, Part 1 only, with its sealed Part 1 PDF when there is one."""
    decision = get_object_or_404(published_decisions().select_related("policing_body"), pk=pk)
    context = decision_form(decision, show_part_2=False)
    context["part_1_document"] = documents_for([decision.pk]).get(decision.pk)
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
    decisions = list(decisions)
    documents = documents_for(decision.pk for decision in decisions)
    records = [_open_data_record(request, decision, documents.get(decision.pk)) for decision in decisions]
    response = JsonResponse(
        {"generated_at": timezone.now().isoformat(), "count": len(records), "decisions": records},
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _open_data_record(request, decision: Decision, document) -> dict:
    pdf_url = document.url if document else None
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


class DueListView(StaffListView):
    """Approved decisions not yet on the register, with when each is due and its deadline; overdue first."""

    permission_required = "decisions.publish_decision"
    template_name = "register/due.html"
    table_class = DueTable
    title = gettext_lazy("Decisions due for publication")

    def get_export_filename(self, export_format: str) -> str:
        return f"due-for-publication-{timezone.localdate().isoformat()}.{export_format}"

    def get_table_data(self):
        return awaiting_publication(today=timezone.localdate())

    def get_queryset(self):
        return Decision.objects.none()  # the rows come from get_table_data (in order of urgency)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context |= {"today": timezone.localdate(), "working_days": deadline_working_days()}
        return context


publication_due = DueListView.as_view()


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
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("%(reference)s is now on the public register.") % {"reference": decision.reference})
    return redirect("register:due")
