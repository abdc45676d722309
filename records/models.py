"""Sealed PDFs: each approved decision rendered once, digitally signed, stored, and never rendered again; the later
versions that renew their time-stamps; the commitment a published Part 1 makes to the complete record; and the
allowance of checks the public verify page gives each address."""

import hashlib

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.storage import sealed_storage
from core.triggers import append_only, fixed_once
from decisions.models import Decision


class SealStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sealed")
    SEALED = "sealed", _("Sealed")
    FAILED = "failed", _("Sealing failed")


class DocumentVariant(models.TextChoices):
    # What the public may read: the form without its confidential Part 2.
    PART_1 = "part_1", _("Part 1 (for publication)")
    # The whole form with Part 2, only where there is a Part 2; never published.
    COMPLETE = "complete", _("Complete form with Part 2 (confidential)")


class DecisionSeal(models.Model):
    """One row is the sealing state of one approved decision: waiting, sealed, or failed (and why)."""

    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="seal")
    status = models.CharField(_("status"), max_length=10, choices=SealStatus.choices, default=SealStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    error = models.TextField(_("what went wrong"), blank=True)
    # After a failure, when sealing is tried again (each failure waits longer); empty once sealed or given up.
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)

    class Meta:
        # The tables were made when sealing was part of the decisions app; they keep their names.
        db_table = "decisions_decisionseal"
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="seal_status_next_attempt")]
        verbose_name = _("seal")
        triggers = [
            fixed_once(
                name="seal_fixed_once_sealed",
                condition="{row}.status = 'sealed'",
                message="This decision is sealed: its seal record cannot change.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.decision.reference}: {self.get_status_display()}"


class SealLevel(models.TextChoices):
    """The PAdES baseline level a seal reached (ETSI EN 319 142-1)."""

    B_B = "B-B", _("PAdES B-B (no trusted time-stamp)")
    B_T = "B-T", _("PAdES B-T (time-stamped)")
    B_LT = "B-LT", _("PAdES B-LT (time-stamped, with validation data)")
    B_LTA = "B-LTA", _("PAdES B-LTA (time-stamped, with validation data and a document time-stamp)")


class SealedDocument(models.Model):
    """One row is a stored, signed PDF of a decision, with the SHA-256 that identifies it for good."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="sealed_documents")
    variant = models.CharField(_("document"), max_length=10, choices=DocumentVariant.choices)
    file = models.FileField(_("file"), upload_to="%Y/", storage=sealed_storage, max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    size_bytes = models.PositiveIntegerField(_("size in bytes"))
    page_count = models.PositiveSmallIntegerField(_("pages"))
    sealed_at = models.DateTimeField(_("sealed at"), default=timezone.now)
    certificate_subject = models.CharField(_("sealed with certificate"), max_length=300)
    certificate_pem = models.TextField(_("certificate (PEM)"))
    content_hash = models.CharField(_("SHA-256 of the form content"), max_length=64)
    # Documents sealed before time-stamps were configured have B-B and no times.
    level = models.CharField(_("level"), max_length=6, choices=SealLevel.choices, default=SealLevel.B_B)
    timestamp_at = models.DateTimeField(_("time-stamped at"), null=True, blank=True)
    timestamp_authority = models.CharField(_("time-stamp authority"), max_length=300, blank=True)
    # When the certificate of this file's last document time-stamp expires: renewal is due before then.
    archive_timestamp_expires_at = models.DateTimeField(_("document time-stamp valid until"), null=True, blank=True)

    class Meta:
        db_table = "decisions_sealeddocument"
        ordering = ["decision", "variant"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "variant"], name="sealed_document_once_per_variant"),
        ]
        triggers = [append_only("sealed_document_never_changes")]

    def __str__(self) -> str:
        return f"{self.decision.reference} – {self.get_variant_display()}"

    @property
    def download_name(self) -> str:
        suffix = "" if self.variant == DocumentVariant.PART_1 else "-complete-CONFIDENTIAL"
        return f"{self.decision.reference.replace(' ', '-')}{suffix}.pdf"

    @property
    def certificate_fingerprint(self) -> str:
        """SHA-256 of the seal's certificate (DER), as hex."""
        from records.signing import certificate_fingerprint

        return certificate_fingerprint(self.certificate_pem)

    @property
    def latest_version(self) -> "SealedDocumentVersion | None":
        """The newest renewed version, if the time-stamps have been renewed (downloads serve it)."""
        return self.versions.order_by("-number").first()


class SealedDocumentVersion(models.Model):
    """One row is a later version of a sealed PDF: the same file with validation data and a new document
    time-stamp added (renewal). The original and every earlier version are kept; each is recognised by its SHA-256."""

    document = models.ForeignKey(SealedDocument, on_delete=models.PROTECT, related_name="versions")
    # The original file is version 1; renewals are 2, 3 …
    number = models.PositiveSmallIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to="%Y/", storage=sealed_storage, max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    size_bytes = models.PositiveIntegerField(_("size in bytes"))
    created_at = models.DateTimeField(_("renewed at"), default=timezone.now)
    timestamp_at = models.DateTimeField(_("time-stamped at"))
    timestamp_authority = models.CharField(_("time-stamp authority"), max_length=300)
    archive_timestamp_expires_at = models.DateTimeField(_("document time-stamp valid until"), null=True, blank=True)

    class Meta:
        ordering = ["document", "number"]
        verbose_name = _("renewed sealed document")
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="sealed_version_number_unique"),
            models.CheckConstraint(condition=models.Q(number__gte=2), name="sealed_version_after_original"),
        ]
        triggers = [append_only("sealed_version_never_changes")]

    def __str__(self) -> str:
        return f"{self.document} – version {self.number}"


class ContentCommitment(models.Model):
    """One row is the salted commitment a decision's Part 1 PDF prints to its complete content (Part 2 included).

    The commitment is SHA-256 of the salt and the complete content's SHA-256, written one after the other as hex.
    The salt is printed only in the complete PDF: someone holding both PDFs can show they are the same record, and
    nobody holding the Part 1 PDF alone can test guesses of Part 2 against it.
    """

    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="content_commitment")
    salt = models.CharField(_("salt"), max_length=64)
    complete_sha256 = models.CharField(_("SHA-256 of the complete content"), max_length=64)
    made_at = models.DateTimeField(_("made at"), default=timezone.now)

    class Meta:
        verbose_name = _("content commitment")
        triggers = [append_only("content_commitment_never_changes")]

    def __str__(self) -> str:
        return f"{self.decision.reference}: {self.commitment[:12]}…"

    @property
    def commitment(self) -> str:
        return hashlib.sha256(f"{self.salt}{self.complete_sha256}".encode("ascii")).hexdigest()


class CheckAllowance(models.Model):
    """One row counts the PDFs one client address has had checked on the public verify page in one window of time.

    The address is kept only as a keyed hash (HMAC with the site's secret key), and rows of past windows are
    deleted as new ones are made. Kept in the database so that every web process shares the count.
    """

    client = models.CharField(_("client (keyed hash)"), max_length=64)
    window_start = models.DateTimeField(_("window starts"))
    checks = models.PositiveIntegerField(_("checks"), default=0)

    class Meta:
        verbose_name = _("check allowance")
        constraints = [models.UniqueConstraint(fields=["client", "window_start"], name="check_allowance_once")]
        indexes = [models.Index(fields=["window_start"], name="check_allowance_window")]

    def __str__(self) -> str:
        return f"{self.client[:8]}… {self.window_start:%d/%m/%Y %H:%M}: {self.checks}"
