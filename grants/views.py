"""The finance officers' front office for grants: the list, adding a grant, a grant's page with its ledger,
recording and correcting a variation, and the variation letters, served only to those who may read them."""

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.money import format_gbp
from core.refusals import Refused
from core.views import StaffListView
from grants import selectors, services
from grants.charts import funding_description, funding_picture_svg, funding_steps
from grants.choices import GrantStatus
from grants.filters import GrantFilter
from grants.forms import GrantForm, VariationCorrectionForm, VariationForm
from grants.models import Grant, GrantVariation
from grants.tables import GrantTable


class GrantListView(StaffListView):
    """Grants with their current totals, filtered and sorted, with CSV and XLSX exports of the filtered rows."""

    permission_required = "grants.view_grant"
    template_name = "grants/grant_list.html"
    table_class = GrantTable
    filterset_class = GrantFilter
    export_name = "grants"
    title = gettext_lazy("Grants")

    def get_queryset(self) -> QuerySet[Grant]:
        return selectors.grants_for_list()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_add"] = self.request.user.has_perm("grants.add_grant")
        return context


grant_list = GrantListView.as_view()


@login_required
@permission_required("grants.view_grant", raise_exception=True)
def grant_detail(request, pk: int):
    """A grant: who gave it to whom for what, its ledger line by line, and the funding picture."""
    try:
        grant = selectors.grant_for_page(pk)
    except Grant.DoesNotExist:
        raise Http404 from None
    lines = selectors.grant_ledger(grant)
    user = request.user
    context = {
        "grant": grant,
        "lines": lines,
        "total": selectors.ledger_total(lines),
        "uncounted": selectors.uncounted_amount(lines),
        "has_uncounted": any(line.is_pending for line in lines),
        "funding_svg": funding_picture_svg(grant, lines),
        "funding_steps": funding_steps(lines),
        "funding_text": funding_description(lines),
        "can_record": user.has_perm("grants.add_grantvariation") and grant.status not in services.CLOSED_GRANT_STATES,
        "can_read_letters": user.has_perm("grants.view_grantvariation"),
        "can_read_decisions": user.has_perm("decisions.view_decision"),
        "can_draft": user.has_perm("decisions.add_decision"),
        "can_correct": user.has_perm("grants.change_grantvariation"),
        # The decision that accepted an offered grant, if it was signed on paper or is already approved here.
        "can_record_acceptance": grant.status == GrantStatus.OFFERED and user.has_perm("grants.change_grant"),
    }
    return render(request, "grants/grant_detail.html", context)


@login_required
@permission_required(["grants.view_grant", "grants.add_grant"], raise_exception=True)
def grant_add(request):
    """Add a grant from its award letter, with any organisation or programme it names that is not yet recorded."""
    form = GrantForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            grant = services.grant_create(by=request.user, **form.grant_arguments())
        except Refused as refusal:
            form.add_refusal(refusal)
        else:
            messages.success(
                request,
                _("Grant %(reference)s added, %(amount)s for %(year)s. It is offered until a decision accepts it.")
                % {
                    "reference": grant.funder_reference,
                    "amount": format_gbp(grant.original_award_amount),
                    "year": grant.financial_year,
                },
            )
            return redirect("grants:detail", pk=grant.pk)
    return render(request, "grants/grant_form.html", {"form": form})


@login_required
@permission_required(["grants.view_grant", "grants.add_grantvariation"], raise_exception=True)
def variation_record(request, pk: int):
    """Record a variation from its letter; it joins the ledger awaiting a decision."""
    grant = get_object_or_404(Grant.objects.select_related("funder"), pk=pk)
    form = VariationForm(request.POST, request.FILES) if request.method == "POST" else VariationForm()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            variation = services.variation_record(
                grant=grant,
                by=request.user,
                kind=data["kind"],
                amount_change=data["amount_change"],
                letter_reference=data["letter_reference"],
                letter_date=data["letter_date"],
                funds_financial_year=data["funds_financial_year"],
                description=data["description"],
                outcomes=data["outcomes"],
                letter_file=data["letter_file"],
            )
        except Refused as refusal:
            form.add_refusal(refusal)
        else:
            messages.success(
                request,
                _("Variation %(number)s recorded. It awaits a decision and is not counted in the total until accepted.")
                % {"number": variation.sequence},
            )
            return redirect("grants:detail", pk=grant.pk)
    return render(request, "grants/variation_form.html", {"grant": grant, "form": form})


@login_required
@permission_required(["grants.view_grant", "grants.change_grantvariation"], raise_exception=True)
def variation_correct(request, pk: int, sequence: int):
    """Correct a variation awaiting a decision, as its letter gives it, while no decision is about it."""
    variation = get_object_or_404(
        GrantVariation.objects.select_related("grant", "decision"), grant_id=pk, sequence=sequence
    )
    grant = variation.grant
    refusal = services.variation_correction_refusal(variation)
    form = None
    if refusal is None:
        if request.method == "POST":
            form = VariationCorrectionForm(request.POST, request.FILES, variation=variation)
        else:
            form = VariationCorrectionForm(variation=variation)
    if form is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.variation_correct(
                variation=variation,
                by=request.user,
                kind=data["kind"],
                amount_change=data["amount_change"],
                letter_reference=data["letter_reference"],
                letter_date=data["letter_date"],
                funds_financial_year=data["funds_financial_year"],
                description=data["description"],
                outcomes=data["outcomes"],
                letter_file=data["letter_file"],
            )
        except Refused as refused:
            if refused.code == "state":
                # A decision was linked meanwhile: the page says so in place of the form.
                refusal, form = refused, None
            else:
                form.add_refusal(refused)
        else:
            messages.success(
                request,
                _("Variation %(number)s corrected. It still awaits a decision.") % {"number": variation.sequence},
            )
            return redirect("grants:detail", pk=grant.pk)
    context = {"grant": grant, "variation": variation, "form": form, "refusal": refusal}
    return render(request, "grants/variation_correct.html", context)


@login_required
@permission_required("grants.view_grantvariation", raise_exception=True)
def variation_letter(request, pk: int, sequence: int):
    """The stored letter of a variation, as a download; uploads never have a public address."""
    variation = get_object_or_404(GrantVariation.objects.select_related("grant"), grant_id=pk, sequence=sequence)
    if not variation.letter_file:
        raise Http404
    try:
        handle = variation.letter_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    suffix = PurePath(variation.letter_file.name).suffix or ".pdf"
    name = f"grant-{variation.grant.funder_reference}-variation-{variation.sequence}{suffix}"
    response = FileResponse(handle, as_attachment=True, filename=name, content_type="application/pdf")
    response["Cache-Control"] = "private, no-store"
    return response
