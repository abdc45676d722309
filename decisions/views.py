"""Front-office pages for decisions: the inbox, a decision read as its form, signing, and workflow steps."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.exports import export_response, wants_export
from core.http import client_address
from decisions import downloads, services
from decisions.choices import SignOffKind
from decisions.content import decision_content_hash
from decisions.drafting import decision_draft_from_variation
from decisions.forms import ReasonForm, SignForm, VerifyForm
from decisions.models import Decision, DocumentVariant
from decisions.selectors import (
    can_see_part_2,
    decision_form,
    decisions_visible_to,
    inbox_for,
    signatures,
)
from decisions.workflow import TRANSITIONS, TransitionRefused, available_actions, require

SIGNING_ACTIONS = {"clear", "approve"}
OTHER_ACTIONS = {"submit", "publish", "return", "reject", "withdraw"}


def _decision_for(request, pk: int) -> Decision:
    return get_object_or_404(decisions_visible_to(request.user).select_related("policing_body", "drafted_by"), pk=pk)


@login_required
def inbox(request):
    """Decisions awaiting my signature, and who is still outstanding on each."""
    can_sign = request.user.has_perm("decisions.sign_as_chief_executive") or request.user.has_perm(
        "decisions.sign_as_decision_maker"
    )
    items = inbox_for(request.user)
    export = wants_export(request)
    if export:
        return export_response(
            headers=["Reference", "Title", "Status", "Signed", "Outstanding"],
            rows=(
                [
                    item["decision"].reference,
                    item["decision"].title,
                    item["decision"].get_status_display(),
                    "; ".join(f"{s.role}: {s.sign_off.printed_name}" for s in item["signatures"] if not s.outstanding),
                    "; ".join(s.role for s in item["signatures"] if s.outstanding),
                ]
                for item in items
            ),
            name="inbox",
            format=export,
        )
    return render(request, "decisions/inbox.html", {"items": items, "can_sign": can_sign})


@login_required
@permission_required("decisions.view_decision", raise_exception=True)
def decision_detail(request, pk: int):
    decision = _decision_for(request, pk)
    context = decision_form(decision, user=request.user)
    context["signatures"] = signatures(decision)
    context["actions"] = available_actions(decision, request.user)
    context["seal"] = getattr(decision, "seal", None)
    context["documents"] = [
        document
        for document in decision.sealed_documents.order_by("variant")
        if downloads.may_download(request.user, downloads.sealed_file(decision.pk, document.variant))
    ]
    return render(request, "decisions/decision_detail.html", context)


@login_required
@permission_required("decisions.view_decision", raise_exception=True)
def decision_sign(request, pk: int):
    """The whole form on one page, then the statement, any interests and the signer's password."""
    decision = _decision_for(request, pk)
    action = "approve" if decision.status == "cleared" else "clear"
    try:
        require(decision, action=action, by=request.user)
    except TransitionRefused as refusal:
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
                request=request,
                client_address=client_address(request),
                **extra,
            )
        except TransitionRefused as refusal:
            field = "password" if refusal.code == "signature" and "password" in refusal.message else None
            form.add_error(field, refusal.message)
        else:
            messages.success(
                request,
                _("You signed %(reference)s. It is now %(status)s.")
                % {"reference": decision.reference, "status": _status_after(action)},
            )
            return redirect("decisions:inbox")
    context = decision_form(decision, user=request.user)
    context.update(
        form=form, statement=statement, kind=kind, action=action, signatures=signatures(decision), signing=True
    )
    return render(request, "decisions/decision_sign.html", context)


def _status_after(action: str) -> str:
    return str(TRANSITIONS[action].target.label).lower()


@login_required
@permission_required("decisions.view_decision", raise_exception=True)
def decision_action(request, pk: int, action: str):
    """Submit, publish, return, reject or withdraw: confirm (with a reason where one is needed), then do it."""
    if action not in OTHER_ACTIONS:
        raise Http404
    decision = _decision_for(request, pk)
    transition = TRANSITIONS[action]
    form = None
    if transition.needs_reason:
        form = ReasonForm(request.POST) if request.method == "POST" else ReasonForm()
    if request.method == "POST" and (form is None or form.is_valid()):
        service = getattr(services, f"decision_{action}")
        kwargs = {"reason": form.cleaned_data["reason"]} if form else {}
        try:
            service(decision=decision, by=request.user, client_address=client_address(request), **kwargs)
        except TransitionRefused as refusal:
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
    from grants.models import GrantVariation

    variation = get_object_or_404(GrantVariation, pk=pk)
    try:
        decision = decision_draft_from_variation(
            variation=variation, by=request.user, client_address=client_address(request)
        )
    except TransitionRefused as refusal:
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
    return redirect("admin:decisions_decision_change", decision.pk)


@login_required
@permission_required("decisions.view_decision", raise_exception=True)
def decision_preview(request, pk: int):
    """The form as a PDF, watermarked DRAFT – NOT APPROVED, rendered for reading and never stored."""
    from decisions.pdf import render_decision_pdf

    decision = _decision_for(request, pk)
    pdf = render_decision_pdf(decision, include_part_2=can_see_part_2(request.user), draft=True)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{decision.reference.replace(" ", "-")}-DRAFT.pdf"'
    response["Cache-Control"] = "no-store"
    return response


def sealed_document(request, pk: int, variant: str):
    """A stored sealed PDF, as it was sealed. Published Part 1 is public; everything else needs permission."""
    if variant not in DocumentVariant.values:
        raise Http404
    sealed = downloads.sealed_file(pk, variant)
    if sealed is None:
        raise Http404
    if not downloads.may_download(request.user, sealed):
        # Never confirm to the public that an unpublished or confidential document exists.
        if request.user.is_authenticated:
            raise PermissionDenied
        raise Http404
    if request.headers.get("If-None-Match") == f'"{sealed.sha256}"':
        response = HttpResponse(status=304)
    else:
        response = FileResponse(open(sealed.path, "rb"), as_attachment=True, filename=sealed.download_name)  # noqa: SIM115 - closed by the response
        response["Content-Type"] = "application/pdf"
    response["ETag"] = f'"{sealed.sha256}"'
    response["X-Content-SHA256"] = sealed.sha256
    response["Cache-Control"] = "private, no-store" if variant == DocumentVariant.COMPLETE else "private"
    return response


@login_required
@permission_required("decisions.view_decision", raise_exception=True)
def verify(request):
    """Upload a PDF; say whether it is a sealed original with a valid signature, and if not, what is wrong."""
    from decisions.sealing import verify_document

    form = VerifyForm(request.POST, request.FILES) if request.method == "POST" else VerifyForm()
    result = None
    if request.method == "POST" and form.is_valid():
        result = verify_document(form.cleaned_data["document"])
    context = {"form": form, "result": result}
    if result and result.document:
        context.update(signatures=signatures(result.document.decision))
    return render(request, "decisions/verify.html", context, status=200)
