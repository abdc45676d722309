"""What each signer signed: an append-only revision of the whole form, as canonical JSON, with its hash.

A revision is stored when a decision is submitted and at every signature. It holds the form's content and
everything approval acts on: the grant variations (kind, amount, the letter's SHA-256), the grants and awards it
accepts, the earlier decisions it refers to, the papers (each file's SHA-256) and the on-boarding plans. A sign-off
points at the revision its signer read; approval does exactly what the decision-maker's revision says.
"""

import json

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from decisions.models.decision import Decision
from decisions.models.triggers import append_only


class RevisionReason(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted for sign-off")
    SIGNED = "signed", _("Signed")
    RECORDED = "recorded", _("Recorded from the signed paper form")


class DecisionRevision(models.Model):
    """One row is the whole form as it stood at a submission or a signature, never changed afterwards."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="revisions")
    number = models.PositiveIntegerField(_("revision"))
    reason = models.CharField(_("why it was stored"), max_length=20, choices=RevisionReason.choices)
    created_at = models.DateTimeField(_("stored at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    canonical = models.TextField(_("content (canonical JSON)"))
    sha256 = models.CharField(_("SHA-256 of the content"), max_length=64)
    part_1_sha256 = models.CharField(_("SHA-256 of its Part 1"), max_length=64)

    class Meta:
        ordering = ["decision", "number"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "number"], name="revision_number_unique"),
        ]
        triggers = [append_only("revision_append_only")]

    def __str__(self) -> str:
        return f"{self.decision.reference} revision {self.number} ({self.get_reason_display().lower()})"

    @property
    def content(self) -> dict:
        return json.loads(self.canonical)
