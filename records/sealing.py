"""Sealing approved decisions as signed PDFs, and telling whether an uploaded PDF is a sealed original.

A decision is rendered once, after its approval commits: its Part 1 (what may be published) and, where it has a
Part 2, the complete confidential form. Each file is signed with the organisation's certificate (PAdES),
stored, and recorded with its SHA-256. Downloads serve the stored files; nothing is rendered again.
"""

import contextlib
import io
import logging
import os
import time
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from pypdf import PdfReader

from core.background import enqueue_after_commit, retry_delay
from core.storage import sealed_storage
from decisions import hooks
from decisions.choices import FROZEN_STATUSES
from decisions.content import decision_content_hash
from decisions.models import Decision
from records.models import DecisionSeal, DocumentVariant, SealedDocument, SealedDocumentVersion, SealStatus
from records.signing import (
    Seal,
    Sealed,
    SigningNotConfigured,
    check_signature,
    current_seal,
    seal_pdf,
    sha256_hex,
)

logger = logging.getLogger(__name__)


def variants_for(decision: Decision) -> list[DocumentVariant]:
    """Part 1 always; the complete form too when the decision has confidential content."""
    return [DocumentVariant.PART_1, DocumentVariant.COMPLETE] if decision.has_part_2 else [DocumentVariant.PART_1]


# Failures after which sealing stops trying by itself (about a day of back-off); `seal_pending` tries again.
MAX_AUTOMATIC_ATTEMPTS = 12


def decision_seal(*, decision_id: int) -> DecisionSeal | None:
    """approved or published, not yet sealed → sealed (documents stored), or failed with the reason recorded and
    the next attempt scheduled.

    Safe to call again and from several workers at once: a sealed decision is left as it is, and one another worker
    is sealing is skipped (None). A file left by an attempt that died (a killed worker) is removed before trying
    again, and one stored by an attempt that fails is removed with it, so no signed PDF is kept without its row.
    Raises ValueError for a decision that is not approved (nothing unsigned is ever sealed).
    """
    with transaction.atomic():
        decision = Decision.objects.select_related("policing_body").get(pk=decision_id)
        if decision.status not in FROZEN_STATUSES:
            raise ValueError(f"{decision.reference} is not approved; only approved decisions are sealed.")
        DecisionSeal.objects.get_or_create(decision=decision)
        # Held until this attempt commits or dies with its worker; another worker skips the row meanwhile.
        seal = DecisionSeal.objects.select_for_update(skip_locked=True).filter(decision=decision).first()
        if seal is None:
            return None
        if seal.status == SealStatus.SEALED:
            return seal
        remove_orphans(decision)
        seal.attempts += 1
        seal.last_attempt_at = timezone.now()
        written: list[str] = []
        try:
            with transaction.atomic():
                stored = set(decision.sealed_documents.values_list("variant", flat=True))
                for variant in variants_for(decision):
                    if variant not in stored:
                        written.append(_store(decision, variant, seal_form(decision, variant)).file.name)
                _pause_for_tests()
        except Exception as error:  # recorded and shown (e.g. SigningNotConfigured); tried again after a wait
            logger.exception("Sealing %s failed", decision.reference)
            for name in written:
                sealed_storage().delete(name)
            seal.status = SealStatus.FAILED
            seal.error = str(error)[:2_000] or error.__class__.__name__
            seal.next_attempt_at = (
                timezone.now() + retry_delay(seal.attempts) if seal.attempts < MAX_AUTOMATIC_ATTEMPTS else None
            )
        else:
            seal.status = SealStatus.SEALED
            seal.error = ""
            seal.next_attempt_at = None
        seal.save()
        if seal.status == SealStatus.SEALED:
            transaction.on_commit(lambda: hooks.sealed.call(decision), robust=True)
    return seal


def _pause_for_tests() -> None:
    """Tests of a worker killed while sealing hold it here, with the files written and nothing committed."""
    seconds = float(os.environ.get("SEALING_PAUSE_SECONDS_FOR_TESTS") or 0)
    if seconds:
        time.sleep(seconds)


def _file_prefix(decision: Decision, variant: str) -> str:
    return f"{slugify(decision.reference)}-{variant}-"


def remove_orphans(decision: Decision) -> list[str]:
    """Delete the decision's files in sealed storage that no sealed document records (left by an attempt that died
    before it committed). Returns their names."""
    storage = sealed_storage()
    known = set(SealedDocument.objects.filter(decision=decision).values_list("file", flat=True))
    prefixes = tuple(_file_prefix(decision, variant) for variant in DocumentVariant.values)
    removed = []
    try:
        folders, _files = storage.listdir("")
    except FileNotFoundError:
        return removed
    for folder in folders:
        for name in storage.listdir(folder)[1]:
            path = f"{folder}/{name}"
            if name.startswith(prefixes) and path not in known:
                storage.delete(path)
                removed.append(path)
    if removed:
        logger.warning("Removed %s file(s) left by an unfinished sealing of %s", len(removed), decision.reference)
    return removed


def seals_to_retry(now) -> models.QuerySet:
    """Approved decisions whose sealing is still to do: never tried, or failed and due to be tried again."""
    waiting = Q(seal__isnull=True) | Q(seal__status=SealStatus.PENDING)
    retry = Q(seal__status=SealStatus.FAILED, seal__next_attempt_at__lte=now)
    return Decision.objects.filter(status__in=FROZEN_STATUSES).filter(waiting | retry)


@dataclass(frozen=True)
class SealedForm:
    """One of a decision's forms, rendered and sealed: the signed file, what its seal is, and its pages."""

    sealed: Sealed
    page_count: int
    certificate: Seal


def seal_form(decision: Decision, variant: DocumentVariant) -> SealedForm:
    """Render ``variant`` of the decision's form and seal it at the configured level (B-B, B-T or B-LTA).

    The cyclic garbage collector waits until both are done, and collects what they left once the form is sealed:
    measured, collecting part-way through made sealing a twelfth slower.
    """
    from records.pdf import collector_paused, render_form  # WeasyPrint is heavy: imported when first needed

    certificate = current_seal()
    with collector_paused():
        rendered = render_form(decision, include_part_2=variant == DocumentVariant.COMPLETE)
        sealed = seal_pdf(rendered.data, reason=f"Sealed on approval of {decision.reference}", seal=certificate)
    return SealedForm(sealed, rendered.page_count, certificate)


def _store(decision: Decision, variant: DocumentVariant, form: SealedForm) -> SealedDocument:
    """Store a sealed form with what its seal is."""
    certificate, sealed = form.certificate, form.sealed
    signed = sealed.pdf
    digest = sha256_hex(signed)
    stamp, archive = sealed.signature_timestamp, sealed.archive_timestamp
    document = SealedDocument(
        decision=decision,
        variant=variant,
        sha256=digest,
        size_bytes=len(signed),
        page_count=form.page_count,
        certificate_subject=certificate.subject[:300],
        certificate_pem=certificate.certificate_pem,
        content_hash=decision_content_hash(decision),
        level=sealed.level,
        timestamp_at=stamp.at if stamp else None,
        timestamp_authority=stamp.authority[:300] if stamp else "",
        archive_timestamp_expires_at=archive.certificate_expires_at if archive else None,
    )
    name = f"{_file_prefix(decision, variant)}{digest[:12]}.pdf"
    document.file.save(name, ContentFile(signed), save=False)
    document.save()
    return document


def seal_after_commit(decision: Decision) -> None:
    """Mark the decision as waiting to be sealed, and queue its sealing for once the approval has committed: the
    approval returns at once, and a worker seals it."""
    from records.tasks import seal_decision

    DecisionSeal.objects.get_or_create(decision=decision)
    enqueue_after_commit(seal_decision, decision_id=decision.pk)


# --- Verification ---------------------------------------------------------------------------------------------


class Outcome:
    ORIGINAL = "original"
    UNKNOWN = "unknown"
    ALTERED = "altered"
    SIGNATURE_INVALID = "signature_invalid"


@dataclass(frozen=True)
class Verification:
    """The answer for an uploaded PDF: what it is, in a sentence, and the sealed record it matches if any.

    ``version`` is the renewed version matched (None for the file as first sealed); ``genuine`` is the published
    decision an altered copy presents itself as, for a link to the real one; ``check`` what its seal says.
    """

    outcome: str
    message: str
    document: SealedDocument | None = None
    claimed_reference: str = ""
    version: SealedDocumentVersion | None = None
    genuine: Decision | None = None
    check: object = None
    later_versions: int = 0

    @property
    def is_original(self) -> bool:
        return self.outcome == Outcome.ORIGINAL

    @property
    def timestamp(self):
        """The signature's time-stamp as the file carries it (time, authority), if it has one."""
        return getattr(self.check, "signature_timestamp", None)

    @property
    def document_timestamps(self) -> list:
        return getattr(self.check, "document_timestamps", [])


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


def _published_decision(reference: str) -> Decision | None:
    """The published decision with a sealed Part 1 that ``reference`` names, if there is one."""
    from decisions.choices import DecisionStatus

    if not reference:
        return None
    return (
        Decision.objects.filter(
            reference__iexact=reference,
            status=DecisionStatus.PUBLISHED,
            sealed_documents__variant=DocumentVariant.PART_1,
        )
        .distinct()
        .first()
    )


def _is_public(document: SealedDocument) -> bool:
    from decisions.choices import DecisionStatus

    return document.variant == DocumentVariant.PART_1 and document.decision.status == DecisionStatus.PUBLISHED


def _find(digest: str):
    """The sealed document whose original or renewed version has this SHA-256, and the version matched."""
    version = SealedDocumentVersion.objects.select_related("document__decision").filter(sha256=digest).first()
    if version is not None:
        return version.document, version
    return SealedDocument.objects.select_related("decision").filter(sha256=digest).first(), None


def verify_document(data: bytes, *, public: bool = False) -> Verification:
    """Say whether ``data`` is, byte for byte, a sealed original (or a renewed version of one) with a valid
    signature, and if not, why not.

    With ``public``, only published decisions are spoken of: a sealed original that is not published, the
    confidential complete form, and an altered copy of either get the answer an unknown file gets.
    """
    document, version = _find(sha256_hex(data))
    if public and document is not None and not _is_public(document):
        document, version = None, None
    check = check_signature(data, trusted_certificates_pem=_trusted_certificates())
    if document is not None:
        reference = document.decision.reference
        newest = document.versions.order_by("-number").values_list("number", flat=True).first() or 1
        later = newest - (version.number if version else 1)
        if check.good:
            if version is None:
                message = _("This is the sealed original of %(reference)s, and its signature is valid.") % {
                    "reference": reference
                }
            else:
                message = _(
                    "This is the sealed original of %(reference)s with its time-stamp renewed (version "
                    "%(number)s), and its signature is valid."
                ) % {"reference": reference, "number": version.number}
            return Verification(
                Outcome.ORIGINAL,
                message,
                document=document,
                claimed_reference=reference,
                version=version,
                genuine=document.decision if _is_public(document) else None,
                check=check,
                later_versions=later,
            )
        return Verification(
            Outcome.SIGNATURE_INVALID,
            _(
                "This file is byte for byte the sealed %(reference)s, but its signature does not validate "
                "against the organisation's certificate: %(problem)s"
            )
            % {"reference": reference, "problem": _describe(check)},
            document=document,
            claimed_reference=reference,
            version=version,
            check=check,
        )
    claimed = _claimed_reference(data)
    genuine = _published_decision(claimed)
    if public:
        known = genuine is not None
    else:
        known = bool(claimed) and SealedDocument.objects.filter(decision__reference__iexact=claimed).exists()
    named = _(" It presents itself as %(reference)s.") % {"reference": claimed} if known else ""
    if public and not known:
        return Verification(
            Outcome.UNKNOWN,
            _(
                "This file is not a published decision sealed by this service: no published decision has these "
                "contents."
            ),
        )
    if check.present and check.intact and check.valid and not check.trusted:
        return Verification(
            Outcome.SIGNATURE_INVALID,
            _("This file is signed, but not with a certificate this service seals with.") + named,
            claimed_reference=claimed,
            genuine=genuine,
            check=check,
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
            genuine=genuine,
            check=check,
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
