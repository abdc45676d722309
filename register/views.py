"""The public register: published decisions, Part 1 only, for anyone; and the governance list of what is due.

Only decisions whose status is published are ever read here, so a guessed id of anything else is simply not found.
Part 1 only: the form is laid out without Part 2, search never reads Part 2 text, and only Part 1 PDFs are linked.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.http import client_address
from core.refusals import Refused
from core.views import (
    StaffListView,
    export_response,
    list_page,
    page_links,
    page_number,
    query_string,
    sorting_from,
    too_many_for_xlsx,
)
from decisions.choices import DecisionStatus
from decisions.hooks import documents_for
from decisions.models import Decision
from decisions.selectors import decision_form
from decisions.services import decision_publish
from register import listing
from register.filters import RegisterFilter
from register.listing import PER_PAGE
from register.publication import awaiting_publication, deadline_working_days
from register.search import RELEVANCE
from register.selectors import published_decisions
from register.tables import DueTable

EXPORT_FORMATS = ("csv", "xlsx")
EXPORT_NAME = "published-decisions"


# --- Pages ----------------------------------------------------------------------------------------------------------


def register_list(request):
    """Published decisions, searched and filtered, newest first (best match first when searching), with CSV and XLSX
    downloads of exactly the rows the filters select."""
    filterset = RegisterFilter(request.GET or None, queryset=published_decisions(), request=request)
    valid = not filterset.is_bound or filterset.is_valid()
    decisions = filterset.qs if valid else published_decisions().none()
    search_text = filterset.search_text
    sorting = sorting_from(
        request.GET.get("sort"),
        listing.COLUMNS,
        default=listing.DEFAULT_SORT,
        unsorted=RELEVANCE if search_text else None,
    )
    export_format = request.GET.get("_export")
    if export_format in EXPORT_FORMATS and valid:
        return _register_export(request, export_format, decisions, sorting.ordering)
    page = list_page(
        decisions,
        ordering=sorting.ordering,
        number=page_number(request.GET.get("page")),
        per_page=PER_PAGE,
        values=listing.ROW_FIELDS[1:],
    )
    rows = listing.page_rows(page.ids, search_text=search_text, values=page.values)
    headers = sorting.headers(listing.COLUMNS, request.GET)
    context = {
        "filter": filterset,
        "rows": rows,
        "rows_html": listing.rows_html(rows, headers),
        "headers": headers,
        "page": page,
        "result_count": page.count.rounded,
        "count_is_exact": page.count.exact,
        "page_links": page_links(request, page),
        "export_formats": EXPORT_FORMATS,
        "export_links": {format: query_string(request.GET, _export=format, page=None) for format in EXPORT_FORMATS},
        "search_text": search_text,
        "title": _("Published decisions"),
    }
    return render(request, "register/decision_list.html", context)


def _register_export(request, export_format: str, decisions, ordering):
    if export_format == "xlsx":
        refused = too_many_for_xlsx(request, decisions, request.path + query_string(request.GET, _export=None))
        if refused is not None:
            return refused
    return export_response(
        request,
        export_format,
        rows=lambda: listing.export_values(decisions, ordering, request.build_absolute_uri),
        filename=EXPORT_NAME,
        title=str(_("Published decisions")),
    )


def register_detail(request, pk: int):
    """One published decision as its form, Part 1 only, with its sealed Part 1 PDF when there is one."""
    decision = get_object_or_404(published_decisions().select_related("policing_body"), pk=pk)
    context = decision_form(decision, show_part_2=False)
    context["part_1_document"] = documents_for([decision.pk]).get(decision.pk)
    context["decided_on"] = decision.decided_on
    return render(request, "register/decision_detail.html", context)


# --- Governance: what is due, and publishing it ---------------------------------------------------------------------


class DueListView(StaffListView):
    """Approved decisions not yet on the register, with when each is due and its deadline; overdue first."""

    permission_required = "decisions.publish_decision"
    template_name = "register/due.html"
    table_class = DueTable
    title = gettext_lazy("Due for publication")

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


@login_required
@permission_required("decisions.publish_decision", raise_exception=True)
def publish(request, pk: int) -> HttpResponse:
    """Publish Part 1 of one approved decision now, from the governance list: first the page and PDF exactly as the
    public will see them, then, on the confirming POST only, publish. Either is refused, with the reason, when the
    decision is not due (deferred, or with nothing in Part 1)."""
    decision = Decision.objects.filter(pk=pk, status=DecisionStatus.APPROVED).select_related("policing_body").first()
    if decision is None:
        raise Http404
    row = next((row for row in awaiting_publication(today=timezone.localdate()) if row.decision.pk == pk), None)
    if row is None or not row.may_publish_now:
        messages.error(
            request,
            _("%(reference)s cannot be published now: %(state)s.")
            % {"reference": decision.reference, "state": row.label.lower() if row else _("not approved")},
        )
        return redirect("register:due")
    if request.method == "POST" and request.POST.get("confirm") == "publish":
        try:
            decision_publish(decision=decision, by=request.user, client_address=client_address(request))
        except Refused as refusal:
            messages.error(request, refusal.message)
        else:
            messages.success(
                request, _("%(reference)s is now on the public register.") % {"reference": decision.reference}
            )
        return redirect("register:due")
    if request.method == "POST":
        # Publishing needs the preview's confirmation: anything else shows the preview.
        return redirect("register:publish", pk=decision.pk)
    # Laid out as the register lays out a published decision: Part 1 only, whoever is reading.
    context = decision_form(decision, show_part_2=False)
    context |= {"decided_on": decision.decided_on, "row": row}
    return render(request, "register/publish_preview.html", context)
