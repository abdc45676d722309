"""Reads for the grants front office: the list of grants with their totals, and a grant's ledger."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from core.money import quantize
from grants.choices import VariationKind, VariationStatus
from grants.models import Grant, GrantVariation, VariationOutcome

ZERO = Decimal("0.00")


def grants_for_list() -> QuerySet[Grant]:
    """Every grant with ``annotated_total_amount`` and the rows its list columns show, in a fixed number of queries."""
    return Grant.objects.with_totals().select_related("funder", "programme", "accepting_decision")


def grant_for_page(pk: int) -> Grant:
    """The grant a grant page shows, with its parties and accepting decision; raises Grant.DoesNotExist."""
    return Grant.objects.select_related("funder", "recipient", "host", "programme", "accepting_decision").get(pk=pk)


@dataclass(frozen=True)
class LedgerLine:
    """One line of a grant's ledger: the original award, or one variation with what it did to the total.

    ``counted`` says whether ``amount`` is part of the total: the award always is, a variation only once
    accepted. ``running_total`` is the grant's total after this line (unchanged by a line not counted).
    """

    label: str
    kind_label: str
    amount: Decimal
    counted: bool
    running_total: Decimal
    status: str
    status_label: str
    reference: str = ""
    dated: dt.date | None = None
    decision: object = None
    variation: GrantVariation | None = None
    outcomes: list[VariationOutcome] = field(default_factory=list)

    @property
    def is_award(self) -> bool:
        return self.variation is None

    @property
    def is_pending(self) -> bool:
        return self.status == VariationStatus.PROPOSED and not self.is_award

    @property
    def is_declined(self) -> bool:
        return self.status == VariationStatus.DECLINED and not self.is_award

    @property
    def has_letter(self) -> bool:
        return bool(self.variation is not None and self.variation.letter_file)


def grant_ledger(grant: Grant) -> list[LedgerLine]:
    """The original award, then every variation in order of its number, each with the running total.

    Only accepted variations move the total; those awaiting a decision or declined are listed, not counted.
    The last line's running total is the grant's current total (``Grant.current_total_amount``).
    """
    total = quantize(grant.original_award_amount)
    lines = [
        LedgerLine(
            label=_("Original award"),
            kind_label=_("Award"),
            amount=total,
            counted=True,
            running_total=total,
            status=grant.status,
            status_label=grant.get_status_display(),
            reference=_("Grant %(reference)s") % {"reference": grant.funder_reference},
            dated=grant.awarded_on,
            decision=grant.accepting_decision,
        )
    ]
    variations = grant.variations.select_related("decision").prefetch_related("outcomes").order_by("sequence")
    for variation in variations:
        amount = quantize(variation.amount_change)
        counted = variation.status == VariationStatus.ACCEPTED
        if counted:
            total = quantize(total + amount)
        lines.append(
            LedgerLine(
                label=_("Variation %(number)s") % {"number": variation.sequence},
                kind_label=str(VariationKind(variation.kind).label),
                amount=amount,
                counted=counted,
                running_total=total,
                status=variation.status,
                status_label=variation.get_status_display(),
                reference=variation.letter_reference,
                dated=variation.letter_date,
                decision=variation.decision,
                variation=variation,
                outcomes=list(variation.outcomes.all()),
            )
        )
    return lines


def ledger_total(lines: list[LedgerLine]) -> Decimal:
    """The grant's current total: the running total after the last line."""
    return lines[-1].running_total if lines else ZERO


def uncounted_amount(lines: list[LedgerLine]) -> Decimal:
    """The sum of the variations still awaiting a decision (not in the total until accepted)."""
    return quantize(sum((line.amount for line in lines if line.is_pending), start=ZERO))
