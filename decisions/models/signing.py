"""Declarations and signatures: what the originating officer confirmed and who signed what, when."""

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.text import BoundedTextField
from decisions.choices import (
    DeclarationKind,
    SignOffKind,
    SignOffMethod,
)
from decisions.models.decision import Decision
from decisions.models.triggers import decision_child_frozen, decision_child_signed


class OfficerDeclaration(models.Model):
    """One row is a line of the originating officer's declaration (e.g. "Financial Advice"), ticked to confirm."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="declarations")
    kind = models.CharField(_("kind"), max_length=20, choices=DeclarationKind.choices)
    position = models.PositiveSmallIntegerField(_("order"))
    label = models.CharField(_("label"), max_length=100)
    statement = BoundedTextField(_("statement"), max_length=2_000)
    not_applicable_because = BoundedTextField(
        _("not applicable because"),
        blank=True,
        max_length=2_000,
        help_text=_("Where the form allows it, why the standard statement does not apply; it is printed instead."),
    )
    confirmed = models.BooleanField(_("ticked"), default=False)
    confirmed_on = models.DateField(_("date"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("ticked by"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["decision", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "kind"],
                name="declaration_kind_unique",
                violation_error_message=_("That declaration is already on the form."),
            ),
            models.CheckConstraint(
                condition=Q(confirmed=True) | Q(confirmed_on__isnull=True),
                name="declaration_dated_only_when_ticked",
                violation_error_message=_("Only a ticked declaration has a date."),
            ),
        ]
        triggers = [decision_child_frozen("declaration_frozen_with_decision")]

    def __str__(self) -> str:
        tick = "✓" if self.confirmed else "–"
        return f"{tick} {self.label}"


class SignOff(models.Model):
    """One row is a signature on a decision: who signed which statement, when, from where, over what content."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="sign_offs")
    kind = models.CharField(_("sign-off"), max_length=20, choices=SignOffKind.choices)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="sign_offs",
        null=True,
        blank=True,
        verbose_name=_("signer"),
    )
    printed_name = models.CharField(_("name as printed"), max_length=200)
    printed_role = models.CharField(_("role as printed"), max_length=200)
    statement = models.TextField(_("statement confirmed"))
    interests_declared = BoundedTextField(_("interests declared"), blank=True, max_length=5_000)
    signed_on = models.DateField(_("date"))
    signed_at = models.DateTimeField(_("time signed"), null=True, blank=True)
    client_address = models.GenericIPAddressField(_("signed from address"), null=True, blank=True)
    content_hash = models.CharField(
        _("SHA-256 of the content signed"), max_length=64, blank=True, help_text=_("Hex digest of the form's content.")
    )
    method = models.CharField(
        _("method"), max_length=20, choices=SignOffMethod.choices, default=SignOffMethod.IN_BROWSER
    )
    revision = models.ForeignKey(
        "decisions.DecisionRevision",
        on_delete=models.PROTECT,
        related_name="sign_offs",
        null=True,
        blank=True,
        verbose_name=_("revision signed"),
    )
    appointment = models.ForeignKey(
        "decisions.Appointment",
        on_delete=models.PROTECT,
        related_name="sign_offs",
        null=True,
        blank=True,
        verbose_name=_("signed under appointment"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("recorded by"),
        help_text=_("For a sign-off recorded from the signed paper form: who entered it."),
    )
    voided_at = models.DateTimeField(
        _("voided"), null=True, blank=True, help_text=_("Set when the decision is returned for changes after signing.")
    )
    voided_reason = models.TextField(_("why voided"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["decision", "signed_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "kind"],
                condition=Q(voided_at__isnull=True),
                name="sign_off_once_per_kind",
                violation_error_message=_("This decision already has that sign-off."),
            ),
            models.CheckConstraint(
                condition=~Q(method=SignOffMethod.IN_BROWSER)
                | (Q(signer__isnull=False) & Q(signed_at__isnull=False) & ~Q(content_hash="")),
                name="sign_off_in_browser_has_evidence",
                violation_error_message=_("A sign-off made in this service records its signer, time and content hash."),
            ),
            models.CheckConstraint(
                condition=Q(content_hash="") | Q(content_hash__regex=r"^[0-9a-f]{64}$"),
                name="sign_off_hash_is_sha256_hex",
                violation_error_message=_("The content hash is a SHA-256 hex digest (64 characters 0-9, a-f)."),
            ),
        ]
        # The decision date of a list of decisions is read from here (final sign-off per decision).
        indexes = [models.Index(fields=["decision", "kind", "signed_on"], name="sign_off_decision_kind_date")]
        triggers = [
            decision_child_signed("sign_off_frozen_with_decision"),
            pgtrigger.Protect(name="sign_off_never_deleted", operation=pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.printed_name}, {self.signed_on:%d/%m/%Y}"


class SigningThrottle(models.Model):
    """One row is the count of wrong passwords a person gave when signing, and how long their signing is locked.

    It is kept apart from the sign-in lock-out (django-axes, per user name and address): a stranger who fails to sign
    in as the DMPC does not stop the DMPC signing, and wrong passwords at signing count whatever step they were for.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="signing_throttle")
    failures = models.PositiveSmallIntegerField(_("wrong passwords in a row"), default=0)
    last_failure_at = models.DateTimeField(_("last wrong password"), null=True, blank=True)
    locked_until = models.DateTimeField(_("signing locked until"), null=True, blank=True)

    class Meta:
        verbose_name = _("signing lock-out")

    def __str__(self) -> str:
        return f"{self.user}: {self.failures} wrong password(s)"
