"""Sealed PDFs: each approved decision rendered once, digitally signed, stored, and never rendered again."""

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

    class Meta:
        # The tables were made when sealing was part of the decisions app; they keep their names.
        db_table = "decisions_decisionseal"
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
