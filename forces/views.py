"""Front-office pages of the forces app: the on-boarding dashboard, the plans table, each force's page, the
confirmation pages of a plan's steps, and recording a Section 22A agreement from the force's page (the agreement, its
signature blocks, its signed document, its publication). Views read through selectors and write only through
services."""

from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import QuerySet
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.http import client_address
from core.refusals import Refused
from core.views import StaffListView
from forces import drafting, selectors, services
from forces.charts import cost_curve, cost_curve_svg, progress_svg
from forces.choices import Publication, SignatoryCapacity, Stage
from forces.costs import ON_BOARD_STAGES, cost_share_estimate
from forces.filters import OnboardingPlanFilter
from forces.forms import (
    AgreementForm,
    DocumentForm,
    GoLiveForm,
    PublicationForm,
    SignatoryForm,
    StartOnboardingForm,
    StatementOfIntentForm,
    WithdrawForm,
)
from forces.models import (
    SIGNED_BY,
    TERRITORIAL_FORCE_COUNT,
    AgreementSignatory,
    CollaborationAgreement,
    Force,
    OnboardingPlan,
    Service,
)
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
    curve_svg = ""
    if estimate.model is not None:
        curve = cost_curve(estimate.model, estimate.forces_on_board)
        curve_svg = cost_curve_svg(service_name=service.name, curve=curve)
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
        "cost_curve_svg": mark_safe(curve_svg),  # noqa: S308 - built by ElementTree, like the progress picture
        "progress": selectors.onboarding_progress(service),
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
        "can_record_agreement": request.user.has_perm(services.AGREEMENT_ADD_PERMISSION),
        "can_open_agreements": request.user.has_perm(services.AGREEMENT_VIEW_PERMISSION),
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
    refusal_links: list[tuple[str, str]] = []
    if request.method == "POST" and form.is_valid():
        try:
            step.service(plan=plan, by=request.user, **form.cleaned_data)
        except services.AgreementIncomplete as refusal:
            form.add_refusal(refusal)
            refusal_links = gap_links(refusal, user=request.user)
        except Refused as refusal:
            form.add_refusal(refusal)
        else:
            messages.success(request, step.done % {"force": plan.force, "service": plan.service})
            return redirect("forces:force", slug=plan.force.slug)
    context = {"plan": plan, "step": step, "form": form, "refusal_links": refusal_links}
    return render(request, "forces/plan_action.html", context)


def gap_links(refusal: services.AgreementIncomplete, *, user) -> list[tuple[str, str]]:
    """For each thing missing before on-boarding can start, a link to where it is put right: recording an agreement
    covering the plan's service, or adding or completing a signature block; then the agreement's own page."""
    plan, agreement = refusal.plan, refusal.agreement
    slug = plan.force.slug
    if agreement is None:
        if not user.has_perm(services.AGREEMENT_ADD_PERMISSION):
            return []
        url = reverse("forces:agreement_create", args=[slug]) + "?" + urlencode({"service": plan.service.code})
        text = _("Record a Section 22A agreement covering %(service)s") % {"service": plan.service.name}
        return [(text, url)]
    links = []
    for gap in refusal.gaps:
        party = dict(services.REQUIRED_BLOCKS)[gap.capacity]
        if gap.signatory is None and user.has_perm(services.SIGNATORY_ADD_PERMISSION):
            url = (
                reverse("forces:signatory_add", args=[slug, agreement.pk]) + "?" + urlencode({"capacity": gap.capacity})
            )
            links.append((_("Add the signature block for %(party)s") % {"party": party}, url))
        elif gap.signatory is not None and user.has_perm(services.SIGNATORY_CHANGE_PERMISSION):
            url = reverse("forces:signatory_edit", args=[slug, agreement.pk, gap.signatory.pk])
            text = _("Complete the signature block for %(party)s (missing: %(missing)s)") % {
                "party": party,
                "missing": ", ".join(gap.missing),
            }
            links.append((text, url))
    if user.has_perm(services.AGREEMENT_VIEW_PERMISSION):
        links.append(
            (
                _("See everything “%(agreement)s” still needs") % {"agreement": agreement},
                reverse("forces:agreement", args=[slug, agreement.pk]),
            )
        )
    return links


@require_POST
@login_required
@permission_required(services.DRAFT_PERMISSION, raise_exception=True)
def plan_draft_decision(request, pk: int):
    """Draft a PCC decision about the plan and open its task list to finish it."""
    plan = get_object_or_404(OnboardingPlan.objects.select_related("force"), pk=pk)
    try:
        decision = drafting.plan_draft_pcc_decision(plan=plan, by=request.user, client_address=client_address(request))
    except Refused as refusal:
        messages.error(request, refusal.message)
        return redirect("forces:force", slug=plan.force.slug)
    messages.success(
        request, _("Draft decision %(reference)s created: finish it here.") % {"reference": decision.reference}
    )
    return redirect("decisions:tasks", pk=decision.pk)


@require_POST
@login_required
@permission_required("decisions.change_decision", raise_exception=True)
def decision_plan_link(request, decision_pk: int):
    """From a draft's links task: link one of its body's plans to it, or take one off."""
    from decisions.selectors import decisions_visible_to

    decision = get_object_or_404(decisions_visible_to(request.user).select_related("policing_body"), pk=decision_pk)
    back = reverse("decisions:task_links", args=[decision.pk]) + "#plans"
    try:
        plan = OnboardingPlan.objects.select_related("force", "service").get(pk=int(request.POST.get("plan", "")))
    except (ValueError, OnboardingPlan.DoesNotExist):
        messages.error(request, _("Choose the on-boarding plan the decision is about."))
        return redirect(back)
    try:
        if request.POST.get("action") == "remove":
            drafting.plan_unlink_decision(plan=plan, decision=decision, by=request.user)
            messages.success(request, _("The plan for %(force)s is no longer linked.") % {"force": plan.force})
        else:
            drafting.plan_link_decision(plan=plan, decision=decision, by=request.user)
            messages.success(
                request,
                _("The decision is now about %(force)s on-boarding to %(service)s.")
                % {"force": plan.force, "service": plan.service.name},
            )
    except Refused as refusal:
        messages.error(request, refusal.message)
    return redirect(back)


# --- Section 22A agreements ---------------------------------------------------------------------------------------


def _party_agreement(slug: str, pk: int) -> tuple[Force, CollaborationAgreement]:
    """The force and one of its agreements; not found unless the force is a party to it."""
    force = get_object_or_404(Force, slug=slug)
    agreement = get_object_or_404(force.agreements.all(), pk=pk)
    return force, agreement


def default_party(force: Force, capacity: str) -> str:
    """Who a block is signed for, as signature pages print it: THE CHIEF CONSTABLE OF LANCASHIRE CONSTABULARY."""
    if capacity == SignatoryCapacity.CHIEF_OFFICER:
        title = force.chief_officer_title
        return f"THE {title if ' of ' in title.lower() else f'{title} of {force.name}'}".upper()
    if capacity == SignatoryCapacity.POLICING_BODY:
        return f"THE {force.policing_body_name}".upper()
    return ""


@dataclass(frozen=True)
class AgreementTask:
    """One line of an agreement's task list: what it is, where it is done (if the user may), what it still lacks,
    and where it stands."""

    slug: str
    name: str
    url: str | None
    hint: str
    status: str
    done: bool = False
    waiting: bool = False


def agreement_tasks(force: Force, agreement: CollaborationAgreement, *, user) -> list[AgreementTask]:
    """The signed document, the chief officer's and the policing body's blocks, and publication: each with its state
    and, for those the user may do, a link."""
    signed = agreement.is_signed
    slug, pk = force.slug, agreement.pk
    tasks = []
    may_change = user.has_perm(services.AGREEMENT_CHANGE_PERMISSION)
    if agreement.document:
        tasks.append(
            AgreementTask(
                "document",
                _("Signed agreement (PDF)"),
                reverse("forces:agreement_document", args=[slug, pk]) if may_change and not signed else None,
                "" if signed else _("Uploaded. A new upload replaces it until the agreement is signed."),
                _("Completed"),
                done=True,
            )
        )
    elif signed:
        tasks.append(
            AgreementTask(
                "document",
                _("Signed agreement (PDF)"),
                None,
                _("Not attached before the agreement was signed: it can no longer be attached."),
                _("Not attached"),
            )
        )
    else:
        tasks.append(
            AgreementTask(
                "document",
                _("Signed agreement (PDF)"),
                reverse("forces:agreement_document", args=[slug, pk]) if may_change else None,
                _("Upload it before the last signature block is completed."),
                _("Not uploaded"),
            )
        )
    blocks = {block.capacity: block for block in agreement.signatories.all() if block.capacity in SIGNED_BY}
    for capacity, party in services.REQUIRED_BLOCKS:
        block = blocks.get(capacity)
        name = _("Signature block for %(party)s") % {"party": party}
        if block is None:
            url = None
            if user.has_perm(services.SIGNATORY_ADD_PERMISSION) and not signed:
                url = reverse("forces:signatory_add", args=[slug, pk]) + "?" + urlencode({"capacity": capacity})
            tasks.append(AgreementTask(capacity, name, url, _("Not recorded yet."), _("Not started")))
        elif block.missing:
            url = None
            if user.has_perm(services.SIGNATORY_CHANGE_PERMISSION):
                url = reverse("forces:signatory_edit", args=[slug, pk, block.pk])
            hint = _("Missing: %(missing)s.") % {"missing": ", ".join(str(gap) for gap in block.missing)}
            tasks.append(AgreementTask(capacity, name, url, hint, _("Incomplete")))
        else:
            tasks.append(AgreementTask(capacity, name, None, _("Signed and witnessed."), _("Completed"), done=True))
    publication_url = reverse("forces:agreement_publication", args=[slug, pk]) if may_change and signed else None
    if not signed:
        tasks.append(
            AgreementTask(
                "publication",
                _("Publication under section 23E"),
                None,
                _("Recorded once both signature blocks are signed and witnessed."),
                _("Cannot start yet"),
                waiting=True,
            )
        )
    elif agreement.publication == Publication.NOT_PUBLISHED:
        tasks.append(
            AgreementTask(
                "publication", _("Publication under section 23E"), publication_url, "", _("Not yet published")
            )
        )
    else:
        hint = _("%(how)s, %(date)s.") % {
            "how": agreement.get_publication_display(),
            "date": date_format(agreement.published_on, "d/m/Y"),
        }
        tasks.append(
            AgreementTask(
                "publication", _("Publication under section 23E"), publication_url, hint, _("Completed"), done=True
            )
        )
    return tasks


@login_required
@permission_required(services.AGREEMENT_ADD_PERMISSION, raise_exception=True)
def agreement_create(request, slug: str):
    """Record a Section 22A agreement of the force: title, services covered, other parties, and its signed document
    if it is to hand. ``?service=<code>`` ticks a service to begin with (from a refused start of on-boarding)."""
    force = get_object_or_404(Force, slug=slug)
    if request.method == "POST":
        form = AgreementForm(request.POST, request.FILES, force=force)
    else:
        chosen = Service.objects.filter(code=request.GET.get("service", "")).first()
        form = AgreementForm(force=force, initial={"services": [chosen.pk] if chosen else []})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agreement = services.agreement_create(
                force=force,
                by=request.user,
                title=data["title"],
                objective=data["objective"],
                services=data["services"],
                other_forces=data["other_forces"],
                document=data["document"],
            )
        except Refused as refusal:
            form.add_refusal(refusal)
        else:
            messages.success(
                request, _("Agreement recorded. Now record its signature blocks and upload the signed agreement.")
            )
            return redirect("forces:agreement", slug=force.slug, pk=agreement.pk)
    if request.method == "POST":
        form.ask_to_choose_again()
    return render(request, "forces/agreement_form.html", {"force": force, "form": form})


@login_required
@permission_required(services.AGREEMENT_VIEW_PERMISSION, raise_exception=True)
def agreement_detail(request, slug: str, pk: int):
    """An agreement: its parties and services, what it still needs before on-boarding can start (each with a link to
    put it right), each signature block with its witness, the signed document and its publication."""
    force = get_object_or_404(Force, slug=slug)
    agreement = get_object_or_404(force.agreements.prefetch_related("forces", "services", "signatories"), pk=pk)
    user = request.user
    signed = agreement.is_signed
    order = {SignatoryCapacity.CHIEF_OFFICER: 0, SignatoryCapacity.POLICING_BODY: 1}
    blocks = sorted(agreement.signatories.all(), key=lambda block: (order.get(block.capacity, 2), block.pk))
    startable = []
    if signed and user.has_perm(services.CHANGE_PERMISSION):
        startable = list(
            force.plans.filter(stage=Stage.STATEMENT_OF_INTENT, service__in=agreement.services.all())
            .select_related("service")
            .order_by("service__name")
        )
    context = {
        "force": force,
        "agreement": agreement,
        "signed": signed,
        "gaps": services.agreement_gaps(agreement),
        "tasks": agreement_tasks(force, agreement, user=user),
        "blocks": blocks,
        "can_correct": user.has_perm(services.SIGNATORY_CHANGE_PERMISSION) and not signed,
        "can_add_block": user.has_perm(services.SIGNATORY_ADD_PERMISSION) and not signed,
        "startable": startable,
    }
    return render(request, "forces/agreement_detail.html", context)


def _signatory_page(request, force: Force, agreement: CollaborationAgreement, signatory: AgreementSignatory | None):
    """Add or correct a signature block; refused at once (back to the agreement) when it can no longer change."""
    try:
        services.require_signature_blocks_open(agreement, signatory)
    except Refused as refusal:
        messages.error(request, refusal.message)
        return redirect("forces:agreement", slug=force.slug, pk=agreement.pk)
    if request.method == "POST":
        form = SignatoryForm(request.POST)
    elif signatory is not None:
        form = SignatoryForm(initial={name: getattr(signatory, name) for name in services.SIGNATORY_FIELDS})
    else:
        capacity = request.GET.get("capacity", "")
        capacity = capacity if capacity in SignatoryCapacity.values else ""
        form = SignatoryForm(initial={"capacity": capacity, "party": default_party(force, capacity)})
    if request.method == "POST" and form.is_valid():
        try:
            block = services.signatory_record(
                agreement=agreement, by=request.user, signatory=signatory, **form.cleaned_data
            )
        except Refused as refusal:
            form.add_refusal(refusal)
        else:
            if agreement.is_signed:
                done = _("Signature block saved: the agreement is signed for the chief officer and the policing body.")
            elif block.missing:
                done = _("Signature block saved. Still missing: %(missing)s.") % {
                    "missing": ", ".join(str(gap) for gap in block.missing)
                }
            else:
                done = _("Signature block saved: signed and witnessed.")
            messages.success(request, done)
            return redirect("forces:agreement", slug=force.slug, pk=agreement.pk)
    context = {"force": force, "agreement": agreement, "signatory": signatory, "form": form}
    return render(request, "forces/agreement_signatory_form.html", context)


@login_required
@permission_required(services.SIGNATORY_ADD_PERMISSION, raise_exception=True)
def signatory_add(request, slug: str, pk: int):
    """Record a signature block of the agreement; ``?capacity=`` chooses whose, and fills in the party as printed."""
    force, agreement = _party_agreement(slug, pk)
    return _signatory_page(request, force, agreement, None)


@login_required
@permission_required(services.SIGNATORY_CHANGE_PERMISSION, raise_exception=True)
def signatory_edit(request, slug: str, pk: int, signatory_pk: int):
    """Correct or complete a signature block that is not yet signed and witnessed."""
    force, agreement = _party_agreement(slug, pk)
    signatory = get_object_or_404(agreement.signatories.all(), pk=signatory_pk)
    return _signatory_page(request, force, agreement, signatory)


@login_required
@permission_required(services.AGREEMENT_CHANGE_PERMISSION, raise_exception=True)
def agreement_document(request, slug: str, pk: int):
    """Upload (or replace) the signed agreement's PDF while the agreement is being signed."""
    force, agreement = _party_agreement(slug, pk)
    form = DocumentForm(request.POST, request.FILES) if request.method == "POST" else DocumentForm()
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_attach_document(
                agreement=agreement, by=request.user, document=form.cleaned_data["document"]
            )
        except Refused as refusal:
            form.add_refusal(refusal)
        else:
            messages.success(request, _("Signed agreement uploaded."))
            return redirect("forces:agreement", slug=force.slug, pk=agreement.pk)
    return render(
        request, "forces/agreement_document_form.html", {"force": force, "agreement": agreement, "form": form}
    )


@login_required
@permission_required(services.AGREEMENT_VIEW_PERMISSION, raise_exception=True)
def agreement_document_download(request, slug: str, pk: int):
    """The stored signed agreement, as a download; uploads never have a public address."""
    _force, agreement = _party_agreement(slug, pk)
    if not agreement.document:
        raise Http404
    try:
        handle = agreement.document.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    suffix = PurePath(agreement.document.name).suffix or ".pdf"
    name = f"section-22a-agreement-{agreement.pk}{suffix}"
    response = FileResponse(handle, as_attachment=True, filename=name, content_type="application/pdf")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@permission_required(services.AGREEMENT_CHANGE_PERMISSION, raise_exception=True)
def agreement_publication(request, slug: str, pk: int):
    """Record how and when the signed agreement was published under section 23E."""
    force, agreement = _party_agreement(slug, pk)
    if request.method == "POST":
        form = PublicationForm(request.POST)
    else:
        initial = {"published_on": agreement.published_on}
        if agreement.publication != Publication.NOT_PUBLISHED:
            initial["publication"] = agreement.publication
        form = PublicationForm(initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreement_record_publication(agreement=agreement, by=request.user, **form.cleaned_data)
        except Refused as refusal:
            form.add_refusal(refusal)
        else:
            messages.success(request, _("Publication recorded."))
            return redirect("forces:agreement", slug=force.slug, pk=agreement.pk)
    context = {"force": force, "agreement": agreement, "form": form, "signed": agreement.is_signed}
    return render(request, "forces/agreement_publication_form.html", context)
