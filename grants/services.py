"""Writes for grants: recording a variation from a funder's letter."""

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core.financial_year import FinancialYear
from core.refusals import Refused
from grants.choices import GrantStatus, VariationStatus
from grants.models import Grant, GrantVariation, VariationOutcome

# The check constraints that tie the amount's sign to the kind: their messages belong to the amount.
AMOUNT_CONSTRAINTS = frozenset(
    {"variation_increase_is_positive", "variation_reduction_is_negative", "variation_change_of_terms_is_zero"}
)
# Outcomes are lettered a. to z.
MAX_OUTCOMES = 26
# "a. ", "b) " … typed at the start of an outcome: the ledger letters outcomes itself.
_OUTCOME_MARKER = re.compile(r"^[a-z][.)]\s+", re.IGNORECASE)
# Grants whose award no longer stands cannot be varied.
CLOSED_GRANT_STATES = (GrantStatus.DECLINED, GrantStatus.CLOSED)


def outcome_texts(text: str) -> list[str]:
    """One outcome per non-empty line, without any ``a.`` marker typed in front of it."""
    lines = (" ".join(line.split()) for line in text.splitlines())
    return [_OUTCOME_MARKER.sub("", line) for line in lines if line]


@transaction.atomic
def variation_record(
    *,
    grant: Grant,
    by: AbstractBaseUser,
    kind: str,
    amount_change: Decimal,
    letter_reference: str,
    letter_date: dt.date | None = None,
    funds_financial_year: FinancialYear | None = None,
    description: str = "",
    outcomes: Iterable[str] = (),
    letter_file: UploadedFile | None = None,
) -> GrantVariation:
    """Record a variation of ``grant`` from its letter: a new ledger line awaiting a decision.

    no variation → variation N+1 (status proposed, not counted in the total until a decision accepts it),
    with its outcomes lettered a., b., … in the order given, and the letter stored when one is given.

    Raises Refused: ``permission`` when ``by`` may not add variations, ``state`` for a grant declined or closed, and
    one reason per broken rule (each on its field): an amount whose sign does not fit the kind, a reduction that
    would take the total below zero, a letter that is not a PDF. Nothing is saved, and no file stored, when it
    raises.
    """
    if not by.has_perm("grants.add_grantvariation"):
        raise Refused(_("You cannot record grant variations."), code="permission")
    # Locked, so two variations recorded at once cannot take the same number or both pass the below-zero check.
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    if grant.status in CLOSED_GRANT_STATES:
        raise Refused(
            _("This grant is %(status)s: it cannot be varied.") % {"status": grant.get_status_display().lower()},
            code="state",
        )
    texts = [text for text in (" ".join(str(item).split()) for item in outcomes) if text]
    if len(texts) > MAX_OUTCOMES:
        raise Refused(
            _("List at most %(limit)s outcomes (they are lettered a. to z.).") % {"limit": MAX_OUTCOMES},
            code="max_outcomes",
            field="outcomes",
        )
    last = grant.variations.aggregate(last=Max("sequence"))["last"] or 0
    variation = GrantVariation(
        grant=grant,
        sequence=last + 1,
        kind=kind,
        amount_change=amount_change,
        letter_reference=letter_reference,
        letter_date=letter_date,
        funds_financial_year=funds_financial_year,
        description=description,
    )
    if letter_file is not None:
        variation.letter_file = letter_file
    _validate(variation)
    try:
        variation.save()  # stores the letter
        VariationOutcome.objects.bulk_create(
            VariationOutcome(variation=variation, position=position, text=text)
            for position, text in enumerate(texts, start=1)
        )
    except BaseException:
        # The row is rolled back with the transaction; the stored letter would not be.
        if variation.letter_file and variation.letter_file._committed:
            variation.letter_file.storage.delete(variation.letter_file.name)
        raise
    return variation


def _validate(variation: GrantVariation) -> None:
    """``full_clean``, with the messages of the sign-of-the-amount constraints given to the amount field.

    Raises Refused with every message, each on its field."""
    errors: dict[str, list] = {}
    try:
        variation.full_clean(validate_constraints=False)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    for constraint in GrantVariation._meta.constraints:
        try:
            constraint.validate(GrantVariation, variation, exclude=set(errors))
        except ValidationError as error:
            field = "amount_change" if constraint.name in AMOUNT_CONSTRAINTS else NON_FIELD_ERRORS
            errors.setdefault(field, []).extend(error.error_list)
    if errors:
        raise Refused.from_validation_error(ValidationError(errors))


# A decision about a variation, once submitted, is signed as it stands (states written as the decisions app writes
# them: this app does not import it).
BEING_SIGNED = ("submitted", "cleared")


@transaction.atomic
def variation_correct(
    *,
    variation: GrantVariation,
    by: AbstractBaseUser,
    kind: str,
    amount_change: Decimal,
    letter_reference: str,
    letter_date: dt.date | None = None,
    funds_financial_year: FinancialYear | None = None,
    description: str = "",
) -> GrantVariation:
    """Correct a variation as its letter gives it, while it is still only proposed and no decision is about it.

    Raises Refused: ``permission`` without ``grants.change_grantvariation``; ``state`` for a variation decided, or one
    a decision is about (being signed: return the decision first; a draft: take it off the draft first); and one
    reason per broken rule, each on its field. Nothing is saved when it raises.
    """
    if not by.has_perm("grants.change_grantvariation"):
        raise Refused(_("You cannot correct grant variations."), code="permission")
    variation = GrantVariation.objects.select_for_update(of=("self",)).select_related("decision").get(pk=variation.pk)
    if variation.status != VariationStatus.PROPOSED:
        raise Refused(
            _("This variation is %(status)s: it stands as decided.")
            % {"status": variation.get_status_display().lower()},
            code="state",
        )
    if variation.decision_id is not None:
        if variation.decision.status in BEING_SIGNED:
            message = _(
                "%(reference)s is being signed with this variation as it stands: the decision must be returned "
                "before the variation is corrected."
            )
        else:
            message = _("%(reference)s is about this variation: take the variation off it before correcting it.")
        raise Refused(message % {"reference": variation.decision.reference}, code="state")
    variation.kind = kind
    variation.amount_change = amount_change
    variation.letter_reference = letter_reference
    variation.letter_date = letter_date
    variation.funds_financial_year = funds_financial_year
    variation.description = description
    variation._history_user = by
    _validate(variation)
    variation.save()
    return variation
