"""Grants received (funder → recipient) and their variations.

A grant's current total is never stored: it is the original award plus every accepted variation,
derived by :meth:`Grant.total_amount` or the ``with_totals()`` queryset for lists.
"""

from decimal import Decimal

import pgtrigger
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce, Upper
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.financial_year import FinancialYearField
from core.money import MoneyField, format_gbp, quantize
from core.text import BoundedTextField
from core.triggers import fixed_once, history_append_only
from core.validators import validate_pdf_upload
from grants.choices import (
    DECREASING_KINDS,
    INCREASING_KINDS,
    NEUTRAL_KINDS,
    GrantStatus,
    OrganisationKind,
    VariationKind,
    VariationStatus,
)

ZERO = Decimal("0.00")

# A decision being signed: submitted, or signed by the Chief Executive. (The grants app names the decisions' table and
# states only in SQL: it does not import the decisions app.)
_BEING_SIGNED = (
    "SELECT 1 FROM decisions_decision d WHERE d.id = {row}.{column} AND d.status IN ('submitted', 'cleared')"
)
_SIGNED = "SELECT 1 FROM decisions_decision d WHERE d.id = {row}.{column} AND d.status IN ('approved', 'published')"

VARIATION_WHILE_SIGNED_SQL = f"""
    IF (TG_OP <> 'INSERT' AND EXISTS ({_BEING_SIGNED.format(row="OLD", column="decision_id")}))
        OR (TG_OP <> 'DELETE' AND EXISTS ({_BEING_SIGNED.format(row="NEW", column="decision_id")})) THEN
        RAISE EXCEPTION 'The decision about this variation is being signed: return it before the variation changes.'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
"""

_VARIATION_FIXED = (
    "SELECT 1 FROM grants_grantvariation v WHERE v.id = {row}.variation_id"  # noqa: S608 - constants only
    " AND (v.status <> 'proposed' OR EXISTS (" + _BEING_SIGNED.format(row="v", column="decision_id") + "))"
)
OUTCOME_FIXED_SQL = f"""
    IF (TG_OP <> 'INSERT' AND EXISTS ({_VARIATION_FIXED.format(row="OLD")}))
        OR (TG_OP <> 'DELETE' AND EXISTS ({_VARIATION_FIXED.format(row="NEW")})) THEN
        RAISE EXCEPTION 'The outcomes of a decided variation, or of one being signed, cannot change.'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
"""

_LEDGER = ("funder_reference", "funder_id", "recipient_id", "financial_year", "original_award_amount")
GRANT_WHILE_SIGNED_SQL = f"""
    IF TG_OP = 'UPDATE' AND (EXISTS ({_BEING_SIGNED.format(row="OLD", column="accepting_decision_id")})
            OR EXISTS ({_BEING_SIGNED.format(row="NEW", column="accepting_decision_id")}))
        AND (NEW.accepting_decision_id IS DISTINCT FROM OLD.accepting_decision_id
            OR {" OR ".join(f"NEW.{column} IS DISTINCT FROM OLD.{column}" for column in _LEDGER)}) THEN
        RAISE EXCEPTION 'The decision accepting this grant is being signed: return it before the grant changes.'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'INSERT' AND EXISTS ({_BEING_SIGNED.format(row="NEW", column="accepting_decision_id")}) THEN
        RAISE EXCEPTION 'The decision accepting this grant is being signed: return it before the grant changes.'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP <> 'DELETE' AND NEW.status = 'offered'
        AND EXISTS ({_SIGNED.format(row="NEW", column="accepting_decision_id")}) THEN
        RAISE EXCEPTION 'A grant accepted by an approved decision is not left as offered.'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
"""


class Organisation(models.Model):
    """One row is a body that funds, receives or hosts grants: the Home Office, MOPAC, the MPS …"""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=40, blank=True, help_text=_("e.g. HO, MOPAC, MPS"))
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Upper("name"),
                name="organisation_name_unique",
                violation_error_message=_("That organisation already exists."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.short_name})" if self.short_name else self.name


class Programme(models.Model):
    """One row is a programme grants pay for, e.g. Digital Public Contact (DPC), hosted by the MPS."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    description = BoundedTextField(_("description"), blank=True, max_length=5_000)
    classification = models.CharField(
        _("classification"),
        max_length=200,
        blank=True,
        help_text=_("e.g. Tier 1 NPCC National Policing Programme"),
    )
    host = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="hosted_programmes", verbose_name=_("host organisation")
    )
    contracting_authority = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="contracted_programmes",
        verbose_name=_("contracting authority"),
    )
    hosting_established = FinancialYearField(_("hosting established in"), blank=True, null=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.short_name})" if self.short_name else self.name


class GrantQuerySet(models.QuerySet):
    def with_totals(self) -> "GrantQuerySet":
        """Annotate ``annotated_variations_amount`` and ``annotated_total_amount`` (original + accepted)."""
        accepted = Coalesce(
            Sum("variations__amount_change", filter=Q(variations__status=VariationStatus.ACCEPTED)),
            Decimal("0"),
            output_field=MoneyField(),
        )
        return self.annotate(annotated_variations_amount=accepted).annotate(
            annotated_total_amount=models.F("original_award_amount") + models.F("annotated_variations_amount")
        )


class Grant(models.Model):
    """One row is a grant a funder awarded for one financial year, e.g. Home Office grant 685 for DPC 2024/25."""

    funder_reference = models.CharField(_("funder's reference"), max_length=40, help_text=_("e.g. 685"))
    title = models.CharField(_("title"), max_length=300)
    funder = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="grants_funded", verbose_name=_("funder")
    )
    recipient = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="grants_received", verbose_name=_("recipient")
    )
    host = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="grants_hosted",
        null=True,
        blank=True,
        verbose_name=_("host organisation"),
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="grants", null=True, blank=True, verbose_name=_("programme")
    )
    financial_year = FinancialYearField(_("financial year"))
    original_award_amount = MoneyField(_("original award"))
    awarded_on = models.DateField(_("award date"), null=True, blank=True)
    accepted_on = models.DateField(_("acceptance date"), null=True, blank=True)
    accepting_decision = models.ForeignKey(
        "decisions.Decision",
        on_delete=models.PROTECT,
        related_name="grants_accepted",
        null=True,
        blank=True,
        verbose_name=_("accepting decision"),
    )
    status = models.CharField(_("status"), max_length=20, choices=GrantStatus.choices, default=GrantStatus.OFFERED)
    conditions = BoundedTextField(_("conditions"), blank=True, max_length=10_000)

    history = HistoricalRecords()
    objects = GrantQuerySet.as_manager()

    class Meta:
        ordering = ["-financial_year", "funder_reference"]
        constraints = [
            models.CheckConstraint(
                condition=Q(original_award_amount__gte=0),
                name="grant_original_award_not_negative",
                violation_error_message=_("The original award cannot be negative."),
            ),
            models.UniqueConstraint(
                fields=["funder", "funder_reference", "financial_year"],
                name="grant_reference_unique_per_funder_year",
                violation_error_message=_("This funder already has a grant with that reference for that year."),
            ),
            models.CheckConstraint(
                condition=Q(accepted_on__isnull=True)
                | Q(awarded_on__isnull=True)
                | Q(accepted_on__gte=models.F("awarded_on")),
                name="grant_accepted_after_awarded",
                violation_error_message=_("A grant cannot be accepted before it was awarded."),
            ),
        ]
        # Once a decision has accepted (or declined) the award, the award is part of that signed record; while the
        # accepting decision waits for signatures, what its signers read about the grant stands as they read it.
        triggers = [
            fixed_once(
                name="grant_award_fixed_once_decided",
                condition="{row}.status <> 'offered'",
                mutable=("title", "host_id", "programme_id", "conditions", "awarded_on"),
                message="This grant has been decided: its award cannot change.",
            ),
            pgtrigger.Trigger(
                name="grant_fixed_while_its_decision_is_signed",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
                func=GRANT_WHILE_SIGNED_SQL,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.funder_reference} {self.title} ({self.financial_year})"

    def get_absolute_url(self) -> str:
        return reverse("admin:grants_grant_change", args=[self.pk])

    @property
    def accepted_variations_amount(self) -> Decimal:
        """The sum of accepted variations (read from ``with_totals()`` when the queryset has it)."""
        annotated = self.__dict__.get("annotated_variations_amount")
        if annotated is not None:
            return quantize(annotated)
        total = self.variations.filter(status=VariationStatus.ACCEPTED).aggregate(total=Sum("amount_change"))["total"]
        return quantize(total or ZERO)

    @property
    def current_total_amount(self) -> Decimal:
        """The original award plus every accepted variation."""
        return quantize(self.original_award_amount + self.accepted_variations_amount)

    @property
    def current_total_display(self) -> str:
        return format_gbp(self.current_total_amount)


class GrantVariation(models.Model):
    """One row is a change to a grant from a funder's variation letter: more money, less, or new terms."""

    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="variations", verbose_name=_("grant"))
    sequence = models.PositiveSmallIntegerField(
        _("variation number"), help_text=_("1 for the first variation of this grant")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=VariationKind.choices)
    amount_change = MoneyField(
        _("change to the award"),
        help_text=_("Positive for more funding, negative for a reduction, 0 for a change of terms."),
    )
    letter_reference = models.CharField(
        _("variation letter or note"),
        max_length=200,
        help_text=_("e.g. 685 Digital Public Contact Grant Variation Letter 2024/25"),
    )
    letter_date = models.DateField(_("letter date"), null=True, blank=True)
    letter_file = models.FileField(
        _("variation letter (PDF)"),
        upload_to="variation-letters/%Y/",
        blank=True,
        validators=[validate_pdf_upload],
    )
    description = BoundedTextField(_("description"), blank=True, max_length=10_000)
    funds_financial_year = FinancialYearField(
        _("money to be spent in"),
        null=True,
        blank=True,
        help_text=_("Where the funding is passed on to a later year, e.g. 2025/26."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=VariationStatus.choices, default=VariationStatus.PROPOSED, editable=False
    )
    decision = models.ForeignKey(
        "decisions.Decision",
        on_delete=models.PROTECT,
        related_name="variations",
        null=True,
        blank=True,
        verbose_name=_("approving decision"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["grant", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["grant", "sequence"],
                name="variation_sequence_unique_per_grant",
                violation_error_message=_("This grant already has a variation with that number."),
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=INCREASING_KINDS) | Q(amount_change__gt=0),
                name="variation_increase_is_positive",
                violation_error_message=_("Additional and match funding must increase the award (a positive amount)."),
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=DECREASING_KINDS) | Q(amount_change__lt=0),
                name="variation_reduction_is_negative",
                violation_error_message=_("A reduction must be a negative amount."),
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=NEUTRAL_KINDS) | Q(amount_change=0),
                name="variation_change_of_terms_is_zero",
                violation_error_message=_("A change of period or of conditions does not change the amount: enter 0."),
            ),
        ]
        # Accepted or declined by a signed decision: the ledger line stands as decided. While the decision about it
        # waits for signatures, it stands as its signers read it (approval then accepts exactly that).
        triggers = [
            fixed_once(
                name="variation_fixed_once_decided",
                condition="{row}.status <> 'proposed'",
                message="This grant variation has been decided: it cannot change.",
            ),
            pgtrigger.Trigger(
                name="variation_fixed_while_its_decision_is_signed",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
                func=VARIATION_WHILE_SIGNED_SQL,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.grant.funder_reference} variation {self.sequence}: {format_gbp(self.amount_change)}"

    def clean(self) -> None:
        super().clean()
        if self.grant_id is None or self.amount_change is None or self.amount_change >= 0:
            return
        # A reduction may not take the grant below zero once every variation not declined is counted.
        others = self.grant.variations.exclude(status=VariationStatus.DECLINED)
        if self.pk:
            others = others.exclude(pk=self.pk)
        committed = others.aggregate(total=Sum("amount_change"))["total"] or ZERO
        total_before = quantize(self.grant.original_award_amount + committed)
        if total_before + self.amount_change < 0:
            raise ValidationError(
                {
                    "amount_change": _(
                        "This reduction of %(reduction)s would take the grant's total below zero: "
                        "it stands at %(total)s with the variations already recorded."
                    )
                    % {"reduction": format_gbp(-self.amount_change), "total": format_gbp(total_before)}
                }
            )


class VariationOutcome(models.Model):
    """One row is an outcome a variation's money is to deliver (PCD 1838 §2.1 a.–d.)."""

    variation = models.ForeignKey(GrantVariation, on_delete=models.CASCADE, related_name="outcomes")
    position = models.PositiveSmallIntegerField(_("order"))
    text = BoundedTextField(_("outcome"), max_length=2_000)

    class Meta:
        ordering = ["variation", "position"]
        constraints = [
            models.UniqueConstraint(fields=["variation", "position"], name="variation_outcome_position_unique")
        ]
        # Part of the variation: fixed once it is decided, and while the decision about it is being signed.
        triggers = [
            pgtrigger.Trigger(
                name="outcome_fixed_with_its_variation",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
                func=OUTCOME_FIXED_SQL,
            )
        ]

    def __str__(self) -> str:
        return f"{self.letter}. {self.text[:60]}"

    @property
    def letter(self) -> str:
        return "abcdefghijklmnopqrstuvwxyz"[(self.position - 1) % 26]


history_append_only(Grant, GrantVariation)
