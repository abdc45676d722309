"""Writes for grants: adding a grant (with any organisation or programme it needs that is not yet recorded),
recording a variation from a funder's letter, and correcting a variation before a decision is about it."""

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.financial_year import FinancialYear
from core.refusals import Reason, Refused
from grants.choices import GrantStatus, OrganisationKind, VariationKind, VariationStatus
from grants.models import Grant, GrantVariation, Organisation, Programme, VariationOutcome

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
    if variation.kind == VariationKind.REPROFILE:
        for field, message, code in _reprofile_problems(variation):
            if field not in errors:
                errors[field] = [ValidationError(message, code=code)]
    if errors:
        raise Refused.from_validation_error(ValidationError(errors))


def _reprofile_problems(variation: GrantVariation) -> list[tuple[str, str, str]]:
    """A re-profile moves money between the grant's year and another one: it names that year and moves an amount."""
    year = variation.grant.financial_year
    problems = []
    if variation.funds_financial_year is None:
        problems.append(
            (
                "funds_financial_year",
                _("A re-profile moves money between years: give the other year, written like 2026/27."),
                "required",
            )
        )
    elif variation.funds_financial_year == year:
        problems.append(
            (
                "funds_financial_year",
                _("The grant is for %(year)s: a re-profile moves money to or from a different year.") % {"year": year},
                "invalid",
            )
        )
    if variation.amount_change is not None and variation.amount_change == 0:
        problems.append(
            (
                "amount_change",
                _(
                    "A re-profile moves money between years: enter the amount moved, with a minus sign for money "
                    "moved out of %(year)s."
                )
                % {"year": year},
                "invalid",
            )
        )
    return problems


# A decision about a variation, once submitted, is signed as it stands (states written as the decisions app writes
# them: this app does not import it).
BEING_SIGNED = ("submitted", "cleared")


def variation_correction_refusal(variation: GrantVariation) -> Refused | None:
    """Why ``variation`` cannot be corrected now (decided, or a decision is about it), or None when it can."""
    if variation.status != VariationStatus.PROPOSED:
        return Refused(
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
        return Refused(message % {"reference": variation.decision.reference}, code="state")
    return None


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
    outcomes: Iterable[str] | None = None,
    letter_file: UploadedFile | None = None,
) -> GrantVariation:
    """Correct a variation as its letter gives it, while it is still only proposed and no decision is about it.

    proposed, no decision → proposed, as corrected (same number). ``outcomes`` replaces its outcomes when given (None
    leaves them); ``letter_file`` replaces the stored letter when given (None keeps it; the earlier file is kept for
    the variation's history).

    Raises Refused: ``permission`` without ``grants.change_grantvariation``; ``state`` for a variation decided, or one
    a decision is about (being signed: return the decision first; a draft: take it off the draft first); and one
    reason per broken rule, each on its field. Nothing is saved, and no file stored, when it raises.
    """
    if not by.has_perm("grants.change_grantvariation"):
        raise Refused(_("You cannot correct grant variations."), code="permission")
    variation = (
        GrantVariation.objects.select_for_update(of=("self",)).select_related("decision", "grant").get(pk=variation.pk)
    )
    refusal = variation_correction_refusal(variation)
    if refusal is not None:
        raise refusal
    texts = None
    if outcomes is not None:
        texts = [text for text in (" ".join(str(item).split()) for item in outcomes) if text]
        if len(texts) > MAX_OUTCOMES:
            raise Refused(
                _("List at most %(limit)s outcomes (they are lettered a. to z.).") % {"limit": MAX_OUTCOMES},
                code="max_outcomes",
                field="outcomes",
            )
    variation.kind = kind
    variation.amount_change = amount_change
    variation.letter_reference = letter_reference
    variation.letter_date = letter_date
    variation.funds_financial_year = funds_financial_year
    variation.description = description
    if letter_file is not None:
        variation.letter_file = letter_file
    variation._history_user = by
    _validate(variation)
    try:
        variation.save()  # stores a new letter
        if texts is not None:
            variation.outcomes.all().delete()
            VariationOutcome.objects.bulk_create(
                VariationOutcome(variation=variation, position=position, text=text)
                for position, text in enumerate(texts, start=1)
            )
    except BaseException:
        if letter_file is not None and variation.letter_file and variation.letter_file._committed:
            variation.letter_file.storage.delete(variation.letter_file.name)
        raise
    return variation


# --- Adding a grant ---------------------------------------------------------------------------------------------


@dataclass(eq=False)
class NewOrganisation:
    """An organisation not yet recorded, entered on the form of the grant that names it (one object per
    organisation: the same object given twice, say as the grant's host and the programme's host, is recorded once)."""

    name: str
    short_name: str = ""
    kind: str = OrganisationKind.OTHER


@dataclass(eq=False)
class NewProgramme:
    """A programme not yet recorded, entered on the form of the grant that pays for it."""

    name: str
    host: "Organisation | NewOrganisation"
    contracting_authority: "Organisation | NewOrganisation"
    short_name: str = ""
    classification: str = ""


def _squash(text: str) -> str:
    return " ".join((text or "").split())


def _model_problems(
    instance, *, prefix: str = "", exclude: Iterable[str] = (), constraint_fields: dict[str, str] | None = None
) -> list[Reason]:
    """``full_clean`` of an unsaved row as reasons, each on ``prefix`` + its field; a constraint's reason goes on the
    field ``constraint_fields`` names for it. Rules about the fields in ``exclude`` are not checked (what they point
    at does not exist yet)."""
    exclude = set(exclude)
    errors: dict[str, list] = {}
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        errors = error.update_error_dict(errors)
    for constraint in instance._meta.constraints:
        try:
            constraint.validate(type(instance), instance, exclude=exclude | set(errors))
        except ValidationError as error:
            field = (constraint_fields or {}).get(constraint.name, NON_FIELD_ERRORS)
            errors.setdefault(field, []).extend(error.error_list)
    reasons = []
    for name, items in errors.items():
        field = None if name == NON_FIELD_ERRORS else f"{prefix}{name}"
        for item in items:
            for message in item.messages:
                reasons.append(Reason(message, getattr(item, "code", None) or "invalid", field))
    return reasons


def _organisation_row(new: NewOrganisation) -> Organisation:
    return Organisation(name=_squash(new.name), short_name=_squash(new.short_name), kind=new.kind)


def _organisation_problems(new: NewOrganisation, *, prefix: str) -> list[Reason]:
    organisation = _organisation_row(new)
    if not organisation.name:
        return [Reason(_("Enter the organisation's name."), "required", f"{prefix}name")]
    if Organisation.objects.filter(name__iexact=organisation.name).exists():
        return [
            Reason(
                _("%(name)s is already recorded: choose it from the list.") % {"name": organisation.name},
                "exists",
                f"{prefix}name",
            )
        ]
    return _model_problems(organisation, prefix=prefix)


def _programme_row(new: NewProgramme) -> Programme:
    programme = Programme(
        name=_squash(new.name), short_name=_squash(new.short_name), classification=_squash(new.classification)
    )
    if isinstance(new.host, Organisation):
        programme.host = new.host
    if isinstance(new.contracting_authority, Organisation):
        programme.contracting_authority = new.contracting_authority
    return programme


def _programme_problems(new: NewProgramme, *, prefix: str) -> list[Reason]:
    programme = _programme_row(new)
    if not programme.name:
        return [Reason(_("Enter the programme's name."), "required", f"{prefix}name")]
    if Programme.objects.filter(name__iexact=programme.name).exists():
        return [
            Reason(
                _("A programme called %(name)s is already recorded: choose it from the list.")
                % {"name": programme.name},
                "exists",
                f"{prefix}name",
            )
        ]
    # The host and contracting authority are recorded first when they are new themselves.
    exclude = [
        name
        for name, value in (("host", new.host), ("contracting_authority", new.contracting_authority))
        if not isinstance(value, Organisation)
    ]
    return _model_problems(programme, prefix=prefix, exclude=exclude)


def _save_new(row, *, message: str, field: str | None):
    """Save a new row in a savepoint, a name taken meanwhile by someone else refused like one taken before."""
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise Refused(message, code="exists", field=field) from None
    return row


@transaction.atomic
def organisation_create(
    *, by: AbstractBaseUser, name: str, kind: str, short_name: str = "", field_prefix: str = ""
) -> Organisation:
    """Record an organisation (a funder, a recipient, a host): no organisation → one, named as given.

    Raises Refused: ``permission`` without ``grants.add_organisation``; ``exists`` for a name already recorded
    (whatever its letter case), and one reason per broken rule, each on ``field_prefix`` + its field.
    """
    if not by.has_perm("grants.add_organisation"):
        raise Refused(_("You cannot add organisations."), code="permission")
    new = NewOrganisation(name=name, short_name=short_name, kind=kind)
    problems = _organisation_problems(new, prefix=field_prefix)
    if problems:
        raise Refused(reasons=problems)
    organisation = _organisation_row(new)
    return _save_new(
        organisation,
        message=_("%(name)s is already recorded: choose it from the list.") % {"name": organisation.name},
        field=f"{field_prefix}name",
    )


@transaction.atomic
def programme_create(
    *,
    by: AbstractBaseUser,
    name: str,
    host: Organisation,
    contracting_authority: Organisation,
    short_name: str = "",
    classification: str = "",
    field_prefix: str = "",
) -> Programme:
    """Record a programme grants pay for (e.g. Digital Public Contact, hosted by the MPS, MOPAC contracting):
    no programme → one.

    Raises Refused: ``permission`` without ``grants.add_programme``; ``exists`` for a name already recorded (whatever
    its letter case), and one reason per broken rule, each on ``field_prefix`` + its field.
    """
    if not by.has_perm("grants.add_programme"):
        raise Refused(_("You cannot add programmes."), code="permission")
    new = NewProgramme(
        name=name,
        host=host,
        contracting_authority=contracting_authority,
        short_name=short_name,
        classification=classification,
    )
    problems = _programme_problems(new, prefix=field_prefix)
    if problems:
        raise Refused(reasons=problems)
    programme = _programme_row(new)
    return _save_new(
        programme,
        message=_("A programme called %(name)s is already recorded: choose it from the list.")
        % {"name": programme.name},
        field=f"{field_prefix}name",
    )


# The grant's constraints that are about the whole row, and the input each belongs beside.
GRANT_CONSTRAINT_FIELDS = {
    "grant_reference_unique_per_funder_year": "funder_reference",
    "grant_original_award_not_negative": "original_award_amount",
    "grant_accepted_after_awarded": "awarded_on",
}


@transaction.atomic
def grant_create(
    *,
    by: AbstractBaseUser,
    funder: Organisation | NewOrganisation,
    recipient: Organisation | NewOrganisation,
    funder_reference: str,
    title: str,
    financial_year: FinancialYear | None,
    original_award_amount: Decimal | None,
    awarded_on: dt.date | None = None,
    host: Organisation | NewOrganisation | None = None,
    programme: Programme | NewProgramme | None = None,
    conditions: str = "",
) -> Grant:
    """Record a grant as its award letter gives it, with the organisations and programme it names, recording first
    those given as new: no grant → grant (offered; its total is the original award until a variation is accepted).

    A new recipient is recorded as a policing body; an existing one must be one. Raises Refused: ``permission``
    without ``grants.add_grant`` (or ``grants.add_organisation`` / ``grants.add_programme`` when one is new); else
    every reason at once, each on its field — ``new_<party>_<field>`` for a new funder, recipient, host or programme
    (``new_programme_host_…`` and ``new_programme_contracting_authority_…`` for new organisations only the programme
    names): a reference the funder already used for that year, an award dated in the future, a recipient that is not
    a policing body or is the funder, a name already recorded, an amount below zero. Nothing is saved when it raises.
    """
    if not by.has_perm("grants.add_grant"):
        raise Refused(_("You cannot add grants."), code="permission")
    # Each new organisation once, with where its reasons go: the grant's own parties first, then the programme's.
    new_organisations: list[tuple[NewOrganisation, str]] = []
    candidates = [(funder, "new_funder_"), (recipient, "new_recipient_"), (host, "new_host_")]
    if isinstance(programme, NewProgramme):
        candidates += [
            (programme.host, "new_programme_host_"),
            (programme.contracting_authority, "new_programme_contracting_authority_"),
        ]
    for value, prefix in candidates:
        if isinstance(value, NewOrganisation) and all(value is not known for known, _prefix in new_organisations):
            new_organisations.append((value, prefix))
    if new_organisations and not by.has_perm("grants.add_organisation"):
        raise Refused(_("You cannot add organisations: choose them from the lists."), code="permission")
    if isinstance(programme, NewProgramme) and not by.has_perm("grants.add_programme"):
        raise Refused(_("You cannot add programmes: choose one from the list."), code="permission")
    if isinstance(recipient, NewOrganisation):
        recipient.kind = OrganisationKind.POLICING_BODY

    problems: list[Reason] = []
    names: set[str] = set()
    for value, prefix in new_organisations:
        found = _organisation_problems(value, prefix=prefix)
        name = _squash(value.name)
        if not found and name.upper() in names:
            found = [
                Reason(
                    _("%(name)s is entered as a new organisation twice: enter it once.") % {"name": name},
                    "exists",
                    f"{prefix}name",
                )
            ]
        names.add(name.upper())
        problems += found
    if isinstance(programme, NewProgramme):
        problems += _programme_problems(programme, prefix="new_programme_")
    if isinstance(recipient, Organisation):
        if recipient.kind != OrganisationKind.POLICING_BODY:
            problems.append(
                Reason(
                    _("%(name)s is not a policing body: the recipient is the office that decides to accept the grant.")
                    % {"name": recipient},
                    "invalid",
                    "recipient",
                )
            )
        elif isinstance(funder, Organisation) and funder.pk == recipient.pk:
            problems.append(Reason(_("The recipient cannot be the funder."), "invalid", "recipient"))
    if awarded_on is not None and awarded_on > timezone.localdate():
        problems.append(Reason(_("The award date cannot be in the future."), "date", "awarded_on"))

    grant = Grant(
        funder_reference=_squash(funder_reference),
        title=_squash(title),
        financial_year=financial_year,
        original_award_amount=original_award_amount,
        awarded_on=awarded_on,
        conditions=(conditions or "").strip(),
    )
    parties = {"funder": funder, "recipient": recipient, "host": host, "programme": programme}
    waiting = set()
    for party, value in parties.items():
        if isinstance(value, (Organisation, Programme)):
            setattr(grant, party, value)
        elif value is not None:
            waiting.add(party)  # recorded with the grant: checked above
    problems += _model_problems(grant, exclude=waiting, constraint_fields=GRANT_CONSTRAINT_FIELDS)
    if problems:
        raise Refused(reasons=problems)

    recorded: dict[int, Organisation] = {}
    for value, prefix in new_organisations:
        recorded[id(value)] = organisation_create(
            by=by, name=value.name, short_name=value.short_name, kind=value.kind, field_prefix=prefix
        )

    def saved(value):
        return recorded[id(value)] if isinstance(value, NewOrganisation) else value

    grant.funder, grant.recipient, grant.host = saved(funder), saved(recipient), saved(host)
    if isinstance(programme, NewProgramme):
        grant.programme = programme_create(
            by=by,
            name=programme.name,
            host=saved(programme.host),
            contracting_authority=saved(programme.contracting_authority),
            short_name=programme.short_name,
            classification=programme.classification,
            field_prefix="new_programme_",
        )
    grant._history_user = by
    return _save_new(
        grant,
        message=_("This funder already has a grant with that reference for that year."),
        field="funder_reference",
    )
