"""Pages of signed records: a draft's preview PDF, the stored sealed PDFs, and checking a PDF."""

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render

from decisions.selectors import can_see_part_2, decisions_visible_to, signatures
from records import downloads
from records.forms import VerifyForm
from records.models import DocumentVariant


@login_required
@permission_required("decisions.view_decision", raise_exception=True)
def decision_preview(request, pk: int):
    """The form as a PDF, watermarked DRAFT – NOT APPROVED, rendered for reading and never stored."""
    from records.pdf import render_decision_pdf  # WeasyPrint is heavy: imported when first needed

    decision = get_object_or_404(decisions_visible_to(request.user).select_related("policing_body"), pk=pk)
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
    from records.sealing import verify_document

    form = VerifyForm(request.POST, request.FILES) if request.method == "POST" else VerifyForm()
    result = None
    if request.method == "POST" and form.is_valid():
        result = verify_document(form.cleaned_data["document"])
    context = {"form": form, "result": result}
    if result and result.document:
        context.update(signatures=signatures(result.document.decision))
    return render(request, "records/verify.html", context, status=200)
