"""Front-office pages of the forces app: the on-boarding dashboard, the plans table, each force's page, and the
confirmation pages of a plan's steps. Views read through selectors and write only through services."""

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.http import client_address
from core.refusals import Refused
from core.views import StaffListView
from forces import selectors, services
from forces.charts import progress_svg
from forces.choices import Stage
from forces.costs import ON_BOARD_STAGES, cost_share_estimate
from forces.filters import OnboardingPlanFilter
from forces.forms import GoLiveForm, StartOnboardingForm, StatementOfIntentForm, WithdrawForm
from forces.models import TERRITORIAL_FORCE_COUNT, Force, OnboardingPlan, Service
from forces.tables import OnboardingPlanTable

VIEW_PERMISSION = "forces.view_onboardingplan"


@dataclass(frozen=True)
class PlanAction:
    """One step a user can take on a plan from the force's page, with its confirmation form and service."""

    slug: str
    label: Any
    sources: tuple[Stage, ...]
    form_class: type
    service: Any
    done: Any


PLAN_ACTIONS = {
    action.slug: action
    for action in (
        PlanAction(
            "start",
            gettext_lazy("Start on-boarding"),
            (Stage.STATEMENT_OF_INTENT,),
            StartOnboardingForm,
            services.plan_start_onboarding,
            gettext_lazy("%(force)s has started on-boarding to %(service)s."),
        ),
        PlanAction(
            "go-live",
            gettext_lazy("Record go-live"),
            (Stage.ONBOARDING_STARTED,),
            GoLiveForm,
            services.plan_go_live,
            gettext_lazy("%(force)s is live on %(service)s."),
        ),
        PlanAction(
            "withdraw",
            gettext_lazy("Withdraw the plan"),
            (Stage.STATEMENT_OF_INTENT, Stage.ONBOARDING_STARTED),
            WithdrawForm,
            services.plan_withdraw,
            gettext_lazy("The plan of %(force)s for %(service)s is withdrawn."),
        ),
    )
}


def actions_for(plan: OnboardingPlan) -> list[PlanAction]:
    return [action for action in PLAN_ACTIONS.values() if plan.stage in action.sources]


# --- Dashboard ----------------------------------------------------------------------------------------------------


@login_required
@permission_required(VIEW_PERMISSION, raise_exception=True)
def dashboard(request):
    """For one service (SOH unless another is chosen): counts by stage, the cost share and the progress picture."""
    service = selectors.chosen_service(request.GET.get("service"))
    context: dict[str, Any] = {"services": Service.objects.order_by("name"), "service": service}
    if service is None:
        return render(request, "forces/dashboard.html", context)
    counts = selectors.stage_counts(service)
    live_count = dict(counts)[Stage.LIVE]
    estimate = cost_share_estimate(service)
    live_only_amount = None
    if estimate.model is not None and live_count:
        try:
            live_only_amount = estimate.model.per_force(live_count)
        except Refused:
            live_only_amount = None
    steps = selectors.live_over_time(service)
    force_stages = selectors.force_stages(service)
    svg = progress_svg(service_name=service.name, steps=steps, forces=force_stages, today=timezone.localdate())
    context |= {
        "counts": counts,
        "total_forces": TERRITORIAL_FORCE_COUNT,
        "without_plan": TERRITORIAL_FORCE_COUNT - sum(count for _stage, count in counts),
        "onboarding_forces": selectors.forces_at_stage(service, Stage.ONBOARDING_STARTED),
        "estimate": estimate,
        "on_board_stages": [stage.label for stage in ON_BOARD_STAGES],
        "live_count": live_count,
        "live_only_amount": live_only_amount,
        "steps": steps,
        "force_stages": force_stages,
        # Built by ElementTree, which escapes every label: the markup is safe to insert as it is.
        "progress_svg": mark_safe(svg),  # noqa: S308
    }
    return render(request, "forces/dashboard.html", context)


# --- Plans table --------------------------------------------------------------------------------------------------


class PlanListView(StaffListView):
    """Every on-boarding plan, filtered and sorted, with CSV and XLSX exports of the filtered rows."""

    permission_required = VIEW_PERMISSION
    template_name = "forces/onboardingplan_list.html"
    table_class = OnboardingPlanTable
    filterset_class = OnboardingPlanFilter
    export_name = "onboarding-plans"
    title = gettext_lazy("On-boarding plans")

    def get_queryset(self) -> QuerySet[OnboardingPlan]:
        return selectors.plans_for_table()


plan_list = PlanListView.as_view()


# --- A force's page -----------------------------------------------------------------------------------------------


@login_required
@permission_required(VIEW_PERMISSION, raise_exception=True)
def force_detail(request, slug: str):
    """The force, its policing body, its plans with their stage history, its agreements and linked decisions."""
    force = get_object_or_404(Force, slug=slug)
    can_change = request.user.has_perm(services.CHANGE_PERMISSION)
    plans = selectors.force_plans(force)
    context = {
        "force": force,
        "plans": [(entry, actions_for(entry.plan) if can_change else []) for entry in plans],
        "agreements": selectors.force_agreements(force),
        "decisions": selectors.force_decisions(force),
        "can_draft": request.user.has_perm(services.DRAFT_PERMISSION),
        "can_record_intent": request.user.has_perm(services.ADD_PERMISSION),
    }
    return render(request, "forces/force_detail.html", context)


@login_required
@permission_required(services.ADD_PERMISSION, raise_exception=True)
def record_intent(request, slug: str):
    """Record that the force has signed a statement of intent to join a service: a new plan, no agreement yet."""
    force = get_object_or_404(Force, slug=slug)
    form = StatementOfIntentForm(request.POST if request.method == "POST" else None, force=force)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_record_intent(force=force, by=request.user, **form.cleaned_data)
        except Refused as refusal:
            form.add_refusal(refusal)
        else:
            messages.success(
                request,
                _("Statement of intent recorded: %(force)s plans to join %(service)s.")
                % {"force": force, "service": form.cleaned_data["service"]},
            )
            return redirect("forces:force", slug=force.slug)
    return render(request, "forces/record_intent.html", {"force": force, "form": form})


# --- A plan's steps -----------------------------------------------------------------------------------------------


@login_required
@permission_required(services.CHANGE_PERMISSION, raise_exception=True)
def plan_action(request, pk: int, action: str):
    """Confirm a step of a plan (dates, agreement, reason); a refusal from the service is shown on the page."""
    step = PLAN_ACTIONS.get(action)
    if step is None:
        raise Http404
    plan = get_object_or_404(OnboardingPlan.objects.select_related("force", "service", "agreement"), pk=pk)
    form = step.form_class(request.POST if request.method == "POST" else None, plan=plan)
    if request.method == "POST" and form.is_valid():
        try:
            step.service(plan=plan, by=request.user, **form.cleaned_data)
        except Refused as refusal:
            form.add_refusal(refusal)
        else:
            messages.success(request, step.done % {"force": plan.force, "service": plan.service})
            return redirect("forces:force", slug=plan.force.slug)
    return render(request, "forces/plan_action.html", {"plan": plan, "step": step, "form": form})


@require_POST
@login_required
@permission_required(services.DRAFT_PERMISSION, raise_exception=True)
def plan_draft_decision(request, pk: int):
    """Draft a PCC decision about the plan and open it in the back office to finish."""
    plan = get_object_or_404(OnboardingPlan.objects.select_related("force"), pk=pk)
    try:
        decision = services.plan_draft_pcc_decision(plan=plan, by=request.user, client_address=client_address(request))
    except Refused as refusal:
        messages.error(request, refusal.message)
        return redirect("forces:force", slug=plan.force.slug)
    messages.success(
        request, _("Draft decision %(reference)s created: finish it here.") % {"reference": decision.reference}
    )
    return redirect(reverse("admin:decisions_decision_change", args=[decision.pk]))
