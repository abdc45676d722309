"""Sealing approved decisions as signed PDFs, and telling whether an uploaded PDF is a sealed original.

A decision is rendered once, after its approval commits: its Part 1 (what may be published) and, where it has a
Part 2, the complete confidential form. Each file is signed with the organisation's certificate (PAdES),
stored, and recorded with its SHA-256. Downloads serve the stored files; nothing is rendered again.
"""

import contextlib
import io
import logging
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from pypdf import PdfReader

from decisions.choices import FROZEN_STATUSES
from decisions.content import decision_content_hash
from decisions.models import Decision
from records.models import DecisionSeal, DocumentVariant, SealedDocument, SealStatus
from records.signing import SigningNotConfigured, check_signature, current_seal, sha256_hex, sign_pdf

logger = logging.getLogger(__name__)


def variants_for(decision: Decision) -> list[DocumentVariant]:
    """Part 1 always; the complete form too when the decision has confidential content."""
    return [DocumentVariant.PART_1, DocumentVariant.COMPLETE] if decision.has_part_2 else [DocumentVariant.PART_1]


def decision_seal(*, decision_id: int) -> DecisionSeal:
    """approved or published, not yet sealed → sealed (documents stored), or failed with the reason recorded.

    Safe to call again: documents already stored are kept, and a sealed decision is left as it is.
    Raises ValueError for a decision that is not approved (nothing unsigned is ever sealed).
    """
    with transaction.atomic():
        decision = Decision.objects.select_related("policing_body").get(pk=decision_id)
        if decision.status not in FROZEN_STATUSES:
            raise ValueError(f"{decision.reference} is not approved; only approved decisions are sealed.")
        seal, _created = DecisionSeal.objects.get_or_create(decision=decision)
        seal = DecisionSeal.objects.select_for_update().get(pk=seal.pk)
        if seal.status == SealStatus.SEALED:
            return seal
        seal.attempts += 1
        seal.last_attempt_at = timezone.now()
        try:
            from records.pdf import render_decision_pdf  # WeasyPrint is heavy: imported when first needed

            with transaction.atomic():
                stored = set(decision.sealed_documents.values_list("variant", flat=True))
                for variant in variants_for(decision):
                    if variant not in stored:
                        pdf = render_decision_pdf(decision, include_part_2=variant == DocumentVariant.COMPLETE)
                        _store(decision, variant, pdf)
        except Exception as error:  # recorded and shown (e.g. SigningNotConfigured); an admin can try again
            logger.exception("Sealing %s failed", decision.reference)
            seal.status = SealStatus.FAILED
            seal.error = str(error)
        else:
            seal.status = SealStatus.SEALED
            seal.error = ""
        seal.save()
    return seal


def _store(decision: Decision, variant: DocumentVariant, pdf: bytes) -> SealedDocument:
    certificate = current_seal()
    signed = sign_pdf(pdf, reason=f"Sealed on approval of {decision.reference}", seal=certificate)
    digest = sha256_hex(signed)
    document = SealedDocument(
        decision=decision,
        variant=variant,
        sha256=digest,
        size_bytes=len(signed),
        page_count=len(PdfReader(io.BytesIO(signed)).pages),
        certificate_subject=certificate.subject[:300],
        certificate_pem=certificate.certificate_pem,
        content_hash=decision_content_hash(decision),
    )
    name = f"{slugify(decision.reference)}-{variant}-{digest[:12]}.pdf"
    document.file.save(name, ContentFile(signed), save=False)
    document.save()
    return document


def seal_after_commit(decision: Decision) -> None:
    """Mark the decision as waiting to be sealed, and seal it once the approval has committed."""
    DecisionSeal.objects.get_or_create(decision=decision)
    decision_id = decision.pk
    # robust: a failure is logged and shown as a failed seal; it never turns the approval into an error page.
    transaction.on_commit(lambda: decision_seal(decision_id=decision_id), robust=True)


# --- Verification ---------------------------------------------------------------------------------------------


class Outcome:
    ORIGINAL = "original"
    UNKNOWN = "unknown"
    ALTERED = "altered"
    SIGNATURE_INVALID = "signature_invalid"


@dataclass(frozen=True)
class Verification:
    """The answer for an uploaded PDF: what it is, in a sentence, and the sealed record it matches if any."""

    outcome: str
    message: str
    document: SealedDocument | None = None
    claimed_reference: str = ""

    @property
    def is_original(self) -> bool:
        return self.outcome == Outcome.ORIGINAL


def _trusted_certificates() -> list[str]:
    pems = set(SealedDocument.objects.values_list("certificate_pem", flat=True).distinct())
    with contextlib.suppress(SigningNotConfigured):
        pems.add(current_seal().certificate_pem)
    return sorted(pems)


def _claimed_reference(data: bytes) -> str:
    """The decision reference the file's own metadata names (its title starts "PCD 1838 – …"), if readable."""
    try:
        title = (PdfReader(io.BytesIO(data), strict=False).metadata or {}).get("/Title") or ""
    except Exception:  # a damaged file simply claims nothing
        return ""
    return str(title).split(" – ", 1)[0].strip()


def verify_document(data: bytes) -> Verification:
    """Say whether ``data`` is, byte for byte, a sealed original with a valid signature, and if not, why not."""
    document = SealedDocument.objects.select_related("decision").filter(sha256=sha256_hex(data)).first()
    check = check_signature(data, trusted_certificates_pem=_trusted_certificates())
    if document is not None:
        if check.good:
            return Verification(
                Outcome.ORIGINAL,
                _("This is the sealed original of %(reference)s, and its signature is valid.")
                % {"reference": document.decision.reference},
                document=document,
                claimed_reference=document.decision.reference,
            )
        return Verification(
            Outcome.SIGNATURE_INVALID,
            _(
                "This file is byte for byte the sealed %(reference)s, but its signature does not validate "
                "against the organisation's certificate: %(problem)s"
            )
            % {"reference": document.decision.reference, "problem": _describe(check)},
            document=document,
            claimed_reference=document.decision.reference,
        )
    claimed = _claimed_reference(data)
    known = bool(claimed) and SealedDocument.objects.filter(decision__reference__iexact=claimed).exists()
    named = _(" It presents itself as %(reference)s.") % {"reference": claimed} if known else ""
    if check.present and check.intact and check.valid and not check.trusted:
        return Verification(
            Outcome.SIGNATURE_INVALID,
            _("This file is signed, but not with a certificate this service seals with.") + named,
            claimed_reference=claimed,
        )
    if check.present or known:
        if check.present and check.intact and check.valid and check.trusted and not check.covers_whole_file:
            detail = _("something was added to it after it was sealed")
        else:
            detail = _("its bytes no longer match what was sealed")
        return Verification(
            Outcome.ALTERED,
            _("This file is not a sealed original: %(detail)s.") % {"detail": detail} + named,
            claimed_reference=claimed,
        )
    return Verification(
        Outcome.UNKNOWN,
        _("This file is not a decision sealed by this service: no sealed record has these contents."),
        claimed_reference=claimed,
    )


def _describe(check) -> str:
    if check.problem:
        return check.problem
    if not check.intact:
        return _("the signed bytes have changed")
    if not check.trusted:
        return _("the signing certificate is not one this service trusts")
    if not check.covers_whole_file:
        return _("the signature does not cover the whole file")
    return _("the signature is not valid")
