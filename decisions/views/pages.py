"""The inbox, a decision read as its form, signing, and workflow steps."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.http import client_address
from core.refusals import Refused
from core.views import StaffListView
from decisions import hooks, services
from decisions.choices import EDITABLE_STATUSES, SignOffKind
from decisions.content import decision_content, decision_content_hash
from decisions.drafting import decision_draft_from_variation
from decisions.forms import ReasonForm, SignForm
from decisions.models import Decision, RevisionReason
from decisions.progress import decision_timeline, with_waiting_details
from decisions.revisions import changes_between
from decisions.selectors import (
    can_see_part_2,
    decision_form,
    decisions_visible_to,
    inbox_for,
    may_sign_decisions,
    signatures,
)
from decisions.tables import InboxTable
from decisions.tasks import may_draft
from decisions.workflow import TRANSITIONS, available_actions, require
from grants.models import GrantVariation

SIGNING_ACTIONS = {"clear", "approve"}
# The most recent drafts the inbox lists for those who draft.
DRAFTS_LISTED = 20
OTHER_ACTIONS = {"submit", "publish", "return", "reject", "withdraw"}


def _decision_for(request, pk: int) -> Decision:
    return get_object_or_404(decisions_visible_to(request.user).select_related("policing_body", "drafted_by"), pk=pk)


class InboxView(StaffListView):
    """Decisions awaiting my signature, and who is still outstanding on each; CSV and XLSX of the same rows."""

    # Anyone signed in may open it: those who sign nothing are told so.
    permission_required = ()
    template_name = "decisions/inbox.html"
    table_class = InboxTable
    export_name = "inbox"
    # The navigation calls the page by this name too.
    title = gettext_lazy("Inbox")

    def get_queryset(self):
        return with_waiting_details(inbox_for(self.request.user))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_sign"] = may_sign_decisions(self.request.user)
        context["may_draft"] = may_draft(self.request.user)
        if context["may_draft"]:
            context["drafts"] = list(
                Decision.objects.filter(status__in=EDITABLE_STATUSES).order_by("-created_at")[:DRAFTS_LISTED]
            )
        return context


inbox = InboxView.as_view()


@login_required
@permission_required("decisions.view_decision", raise_exception=True)
def decision_detail(request, pk: int):
    decision = _decision_for(request, pk)
    context = decision_form(decision, user=request.user)
    context["signatures"] = signatures(decision)
    context["actions"] = available_actions(decision, request.user)
    context["panels"] = hooks.page_panels.call(request, decision)
    context["may_draft"] = decision.status in EDITABLE_STATUSES and may_draft(request.user)
    context["timeline"] = decision_timeline(decision)
    return render(request, "decisions/decision_detail.html", context)


@login_required
@permission_required("decisions.view_decision", raise_exception=True)
def decision_revisions(request, pk: int):
    """The revisions stored of a decision (at submission and each signature), and what changed between two of them
    — by default between the last one signed and the form as it stands now."""
    decision = _decision_for(request, pk)
    revisions = list(decision.revisions.select_related("created_by").order_by("number"))
    show_part_2 = can_see_part_2(request.user)
    by_number = {revision.number: revision for revision in revisions}
    signed = [revision for revision in revisions if revision.reason != RevisionReason.SUBMITTED]
    default_from = (signed or revisions or [None])[-1]
    try:
        since = by_number.get(int(request.GET["from"])) if "from" in request.GET else default_from
        until = by_number.get(int(request.GET["to"])) if "to" in request.GET else None
    except ValueError:
        raise Http404 from None
    changes = []
    if since is not None:
        after = until.content if until else decision_content(decision)
        changes = changes_between(since.content, after, show_part_2=show_part_2)
    context = {
        "decision": decision,
        "revisions": revisions,
        "since": since,
        "until": until,
        "changes": changes,
        "show_part_2": show_part_2,
    }
    return render(request, "decisions/decision_revisions.html", context)


@login_required
@permission_required("decisions.view_decision", raise_exception=True)
def decision_sign(request, pk: int):
    """The whole form on one page, then the statement, any interests and the signer's password."""
    decision = _decision_for(request, pk)
    action = "approve" if decision.status == "cleared" else "clear"
    try:
        require(decision, action=action, by=request.user)
    except Refused as refusal:
        messages.error(request, refusal.message)
        return redirect("decisions:detail", pk=decision.pk)
    first, final = services.sign_off_kinds(decision)
    kind = final if action == "approve" else first
    statement = services.signing_statement(decision, kind)
    with_interests = kind in (SignOffKind.DMPC, SignOffKind.PCC)
    form = SignForm(
        request.POST if request.method == "POST" else None,
        statement=statement,
        with_interests=with_interests,
        initial={"content_hash": decision_content_hash(decision)},
    )
    if request.method == "POST" and form.is_valid():
        sign = services.decision_approve if action == "approve" else services.decision_clear
        extra = {"interests": form.cleaned_data.get("interests", "")} if action == "approve" else {}
        try:
            sign(
                decision=decision,
                by=request.user,
                password=form.cleaned_data["password"],
                statement_confirmed=form.cleaned_data["statement_confirmed"],
                seen_content_hash=form.cleaned_data["content_hash"],
                client_address=client_address(request),
                **extra,
            )
        except Refused as refusal:
            form.add_refusal(refusal)
        else:
            messages.success(
                request,
                _("You signed %(reference)s. It is now %(status)s.")
                % {"reference": decision.reference, "status": _status_after(action)},
            )
            return redirect("decisions:inbox")
    context = decision_form(decision, user=request.user)
    context.update(
        form=form,
        statement=statement,
        kind=kind,
        action=action,
        signatures=signatures(decision),
        signing=True,
        # The statement is printed once, where it is ticked, not also in the form above it.
        signing_kind=str(kind),
        # What the signer may do instead of signing, and what the form refers to, to open before signing.
        other_actions=[t for t in available_actions(decision, request.user) if t.action in ("return", "reject")],
        referred_decisions=list(decision.refers_to.order_by("reference")),
    )
    return render(request, "decisions/decision_sign.html", context)


@login_required
@permission_required("decisions.view_decision", raise_exception=True)
def supporting_paper(request, pk: int, position: int):
    """A supporting paper's uploaded PDF, as a download; a confidential one only for those who may read Part 2."""
    decision = _decision_for(request, pk)
    paper = get_object_or_404(decision.supporting_papers, position=position)
    if not paper.file or (paper.is_confidential and not can_see_part_2(request.user)):
        raise Http404
    try:
        handle = paper.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = f"{decision.reference}-paper-{paper.position}.pdf".replace(" ", "-")
    response = FileResponse(handle, as_attachment=True, filename=name, content_type="application/pdf")
    response["Cache-Control"] = "private, no-store"
    return response


def _status_after(action: str) -> str:
    return str(TRANSITIONS[action].target.label).lower()


@login_required
@permission_required("decisions.view_decision", raise_exception=True)
def decision_action(request, pk: int, action: str):
    """Submit, publish, return, reject or withdraw: confirm (with a reason where one is needed), then do it."""
    if action not in OTHER_ACTIONS:
        raise Http404
    if action == "publish":
        # Publishing is done from the register's preview of exactly what the public will see, and only there.
        return redirect("register:publish", pk=pk)
    decision = _decision_for(request, pk)
    transition = TRANSITIONS[action]
    # Refused before its form is shown: a step the decision's state (or the user) does not allow is never offered.
    try:
        require(decision, action=action, by=request.user)
    except Refused as refusal:
        if refusal.code == "permission":
            raise PermissionDenied(refusal.message) from None
        messages.error(request, refusal.message)
        return redirect("decisions:detail", pk=decision.pk)
    form = None
    if transition.needs_reason:
        form = ReasonForm(request.POST) if request.method == "POST" else ReasonForm()
    if request.method == "POST" and (form is None or form.is_valid()):
        service = getattr(services, f"decision_{action}")
        kwargs = {"reason": form.cleaned_data["reason"]} if form else {}
        try:
            service(decision=decision, by=request.user, client_address=client_address(request), **kwargs)
        except Refused as refusal:
            if refusal.code == "permission":
                raise PermissionDenied(refusal.message) from None
            messages.error(request, refusal.message)
        else:
            messages.success(
                request,
                _("%(reference)s is now %(status)s.")
                % {"reference": decision.reference, "status": _status_after(action)},
            )
        return redirect("decisions:detail", pk=decision.pk)
    return render(
        request, "decisions/decision_action.html", {"decision": decision, "transition": transition, "form": form}
    )


@require_POST
@login_required
@permission_required("decisions.add_decision", raise_exception=True)
def variation_draft_decision(request, pk: int):
    """Start a draft PCD from a grant variation, with its figures filled in."""
    variation = get_object_or_404(GrantVariation, pk=pk)
    try:
        decision = decision_draft_from_variation(
            variation=variation, by=request.user, client_address=client_address(request)
        )
    except Refused as refusal:
        messages.error(request, refusal.message)
        back = request.POST.get("next", "")
        # Only ever back to a page of this site.
        if back and url_has_allowed_host_and_scheme(
            back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return redirect(back)
        return redirect("admin:grants_grantvariation_change", variation.pk)
    messages.success(
        request,
        _("Draft %(reference)s created from the variation. Finish it and submit it.")
        % {"reference": decision.reference},
    )
    return redirect("decisions:tasks", decision.pk)
