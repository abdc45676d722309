"""Pages of signed records: a draft's preview PDF, the stored sealed PDFs, the canonical Part 1 content of a
published decision, and checking a PDF (open to anyone)."""

import hashlib
import time

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from core.http import client_address
from decisions.choices import DecisionStatus
from decisions.models import Decision
from decisions.selectors import can_see_part_2, decisions_visible_to, signatures
from records import allowance, downloads
from records.forms import MAX_VERIFY_BYTES, VerifyForm
from records.models import DocumentVariant, SealedDocumentVersion


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


# A renewed version appears while the site runs; which file is the latest is read again after this many seconds.
LATEST_VERSION_SECONDS = 60
_latest: dict[tuple[int, str], tuple[float, tuple[str, str] | None]] = {}


def _latest_version(decision_id: int, variant: str) -> tuple[str, str] | None:
    """(path, SHA-256) of the newest renewed version of a sealed PDF, or None while there is only the original."""
    key = (decision_id, variant)
    found = _latest.get(key)
    if found is None or time.monotonic() - found[0] > LATEST_VERSION_SECONDS:
        version = (
            SealedDocumentVersion.objects.filter(document__decision_id=decision_id, document__variant=variant)
            .order_by("-number")
            .only("file", "sha256")
            .first()
        )
        found = (time.monotonic(), (version.file.path, version.sha256) if version else None)
        _latest[key] = found
    return found[1]


def forget_latest_versions() -> None:
    _latest.clear()


def sealed_document(request, pk: int, variant: str):
    """A stored sealed PDF as it was sealed, or its latest renewed version (the same document with a newer
    time-stamp). Published Part 1 is public; everything else needs permission."""
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
    path, sha256 = _latest_version(pk, variant) or (sealed.path, sealed.sha256)
    if request.headers.get("If-None-Match") == f'"{sha256}"':
        response = HttpResponse(status=304)
    else:
        response = FileResponse(open(path, "rb"), as_attachment=True, filename=sealed.download_name)  # noqa: SIM115 - closed by the response
        response["Content-Type"] = "application/pdf"
    response["ETag"] = f'"{sha256}"'
    response["X-Content-SHA256"] = sha256
    response["Cache-Control"] = "private, no-store" if variant == DocumentVariant.COMPLETE else "private"
    return response


def part_1_json(request, pk: int):
    """The canonical Part 1 content of a published decision (the file whose SHA-256 its Part 1 PDF prints)."""
    from records.evidence import part_1_json as canonical

    decision = get_object_or_404(Decision.objects.filter(status=DecisionStatus.PUBLISHED), pk=pk)
    body = canonical(decision).encode("utf-8")
    response = HttpResponse(body, content_type="application/json")
    response["Content-Disposition"] = f'inline; filename="{decision.reference.replace(" ", "-")}-part-1.json"'
    response["X-Content-SHA256"] = hashlib.sha256(body).hexdigest()
    return response


def _reads_decisions(user) -> bool:
    return user.is_authenticated and user.has_perm("decisions.view_decision")


@never_cache
def verify(request):
    """Upload a PDF; say whether it is a sealed original with a valid signature, and if not, what is wrong.

    Open to anyone. The public hears about published decisions only: a sealed original that is not published (or
    the confidential complete form) gets the same answer as an unknown file. Staff who read decisions get the full
    answer. Each address has ``VERIFY_CHECKS_PER_HOUR`` checks an hour (staff are not counted).
    """
    from records.sealing import verify_document

    staff = _reads_decisions(request.user)
    status = 200
    result = None
    form = VerifyForm()
    if request.method == "POST":
        too_large = int(request.META.get("CONTENT_LENGTH") or 0) > MAX_VERIFY_BYTES + 64 * 1024
        if not staff and not allowance.take_check(client_address(request)):
            response = render(request, "records/verify.html", {"form": form, "limited": True}, status=429)
            response["Retry-After"] = str(allowance.retry_after())
            return response
        if too_large:
            # Refused before the body is read.
            form = VerifyForm.refused_as_too_large()
            status = 413
        else:
            form = VerifyForm(request.POST, request.FILES)
            if form.is_valid():
                result = verify_document(form.cleaned_data["document"], public=not staff)
    context = {"form": form, "result": result, "staff": staff}
    if result and result.document:
        context.update(signatures=signatures(result.document.decision))
    return render(request, "records/verify.html", context, status=status)
