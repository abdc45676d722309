"""Writes for on-boarding plans: recording intent, starting on-boarding, going live, withdrawing, and drafting the
PCC decision about a plan.

    statement of intent ─start (s22A agreement signed and witnessed by both parties)→ on-boarding started
    on-boarding started ─go live→ live
    statement of intent, on-boarding started ─withdraw (a reason)→ withdrawn

A statement of intent is not legally binding, so it needs no agreement; the Section 22A agreement must be signed
before on-boarding formally begins. Each step locks the plan, checks the user's permission and the data, and keeps
its date on the plan; django-simple-history records the stage change with the user and, for a withdrawal, the reason.
Refusals raise :class:`core.refusals.Refused` with a message a user can act on.

Writes for Section 22A agreements, each locking the agreement:

    no agreement ─create (title, services, parties)→ agreement being signed
    agreement being signed ─record or correct a signature block→ agreement being signed, or signed once the chief
        officer's and the policing body's blocks are both signed and witnessed
    agreement being signed ─attach the signed document (PDF)→ agreement being signed
    signed agreement ─record publication under s23E→ signed agreement

A block signed and witnessed stands as it was, and a signed agreement stands as signed, its document included: only
its publication is recorded later (PostgreSQL triggers refuse anything else, and these services say so first). So the
signed document is attached before the last block is completed.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.financial_year import FinancialYear
from core.refusals import Reason, Refused
from forces.choices import Execution, Publication, SignatoryCapacity, Stage
from forces.models import SIGNED_BY, AgreementSignatory, CollaborationAgreement, Force, OnboardingPlan, Service

CHANGE_PERMISSION = "forces.change_onboardingplan"
ADD_PERMISSION = "forces.add_onboardingplan"
DRAFT_PERMISSION = "decisions.add_decision"
AGREEMENT_VIEW_PERMISSION = "forces.view_collaborationagreement"
AGREEMENT_ADD_PERMISSION = "forces.add_collaborationagreement"
AGREEMENT_CHANGE_PERMISSION = "forces.change_collaborationagreement"
SIGNATORY_ADD_PERMISSION = "forces.add_agreementsignatory"
SIGNATORY_CHANGE_PERMISSION = "forces.change_agreementsignatory"

# The two signature blocks a s22A agreement needs before on-boarding starts, as the refusal names them.
REQUIRED_BLOCKS = (
    (SignatoryCapacity.CHIEF_OFFICER, gettext_lazy("the chief officer")),
    (SignatoryCapacity.POLICING_BODY, gettext_lazy("the policing body")),
)


def _require_permission(by, permission: str) -> None:
    if not by.has_perm(permission):
        raise Refused(_("You do not have permission to change on-boarding plans."), code="permission")


def lock_plan(plan: OnboardingPlan) -> OnboardingPlan:
    # Lock only the plan: PostgreSQL cannot lock the nullable side of the agreement's outer join.
    return (
        OnboardingPlan.objects.select_for_update(of=("self",))
        .select_related("force", "service", "agreement")
        .get(pk=plan.pk)
    )


def _require_stage(plan: OnboardingPlan, allowed: tuple[Stage, ...], doing: str) -> None:
    if plan.stage not in allowed:
        raise Refused(
            _("%(force)s cannot %(doing)s %(service)s: the plan is at “%(stage)s”.")
            % {"force": plan.force, "doing": doing, "service": plan.service, "stage": plan.get_stage_display()},
            code="state",
        )


def uk_date(day: dt.date) -> str:
    return date_format(day, "d/m/Y")


def _save(plan: OnboardingPlan, *, by, reason: str, fields: list[str]) -> None:
    plan._history_user = by
    plan._change_reason = reason
    plan.full_clean(exclude=["decisions"])
    plan.save(update_fields=fields)


@dataclass(frozen=True)
class AgreementGap:
    """One thing keeping an agreement from allowing on-boarding to start: there is no agreement (``capacity`` None),
    a required block is not there (``signatory`` None), or a block is not yet signed and witnessed (``missing``)."""

    message: str
    capacity: str | None = None
    signatory: AgreementSignatory | None = None
    missing: tuple[str, ...] = ()


def agreement_gap_list(agreement: CollaborationAgreement | None) -> list[AgreementGap]:
    """What keeps ``agreement`` from allowing on-boarding to start, one gap per party; empty when nothing does."""
    if agreement is None:
        return [AgreementGap(_("there is no Section 22A collaboration agreement yet"))]
    blocks: dict[str, AgreementSignatory] = {
        signatory.capacity: signatory
        for signatory in agreement.signatories.filter(capacity__in=[capacity for capacity, _name in REQUIRED_BLOCKS])
    }
    gaps = []
    for capacity, party in REQUIRED_BLOCKS:
        block = blocks.get(capacity)
        if block is None:
            gaps.append(
                AgreementGap(
                    _("the Section 22A agreement has no signature block for %(party)s") % {"party": party},
                    capacity=capacity,
                )
            )
        elif block.missing:
            missing = tuple(str(gap) for gap in block.missing)
            gaps.append(
                AgreementGap(
                    _("the Section 22A agreement is not signed by %(party)s (missing: %(missing)s)")
                    % {"party": party, "missing": ", ".join(missing)},
                    capacity=capacity,
                    signatory=block,
                    missing=missing,
                )
            )
    return gaps


def agreement_gaps(agreement: CollaborationAgreement | None) -> list[str]:
    """What keeps ``agreement`` from allowing on-boarding to start, one phrase per party; empty when nothing does."""
    return [gap.message for gap in agreement_gap_list(agreement)]


class AgreementIncomplete(Refused):
    """On-boarding of ``plan`` refused for want of a signed agreement: ``agreement`` (None when there is none) and its
    ``gaps`` travel with the refusal, so a page can point to where each one is put right."""

    def __init__(
        self, message: str, *, plan: OnboardingPlan, agreement: CollaborationAgreement | None, gaps: list[AgreementGap]
    ):
        super().__init__(message, code="agreement")
        self.plan = plan
        self.agreement = agreement
        self.gaps = gaps


def _agreement_for(plan: OnboardingPlan, agreement: CollaborationAgreement | None) -> CollaborationAgreement | None:
    """The agreement given, else the plan's own, else the one agreement of the force that covers the service."""
    if agreement is not None:
        if not agreement.forces.filter(pk=plan.force_id).exists():
            raise Refused(
                _("%(force)s is not a party to “%(agreement)s”.") % {"force": plan.force, "agreement": agreement},
                code="agreement",
            )
        if agreement.services.exists() and not agreement.services.filter(pk=plan.service_id).exists():
            raise Refused(
                _("“%(agreement)s” does not cover %(service)s.") % {"agreement": agreement, "service": plan.service},
                code="agreement",
            )
        return agreement
    if plan.agreement is not None:
        return plan.agreement
    covering = list(CollaborationAgreement.objects.filter(forces=plan.force, services=plan.service)[:2])
    return covering[0] if len(covering) == 1 else None


@transaction.atomic
def plan_record_intent(
    *,
    force: Force,
    service: Service,
    by,
    intent_signed_on: dt.date,
    target_financial_year: FinancialYear | None = None,
    complexity_notes: str = "",
) -> OnboardingPlan:
    """Record that ``force`` signed a statement of intent to join ``service``: a new plan at statement of intent.

    Raises Refused without ``forces.add_onboardingplan`` (``permission``) or when the force already has a plan
    for the service (``exists``). No agreement is needed: a statement of intent is not legally binding.
    """
    if not by.has_perm(ADD_PERMISSION):
        raise Refused(_("You do not have permission to record on-boarding plans."), code="permission")
    # Lock the force so that two requests cannot both pass the check below.
    force = Force.objects.select_for_update().get(pk=force.pk)
    existing = OnboardingPlan.objects.filter(force=force, service=service).first()
    if existing is not None:
        raise Refused(
            _("%(force)s already has a plan for %(service)s (%(stage)s).")
            % {"force": force, "service": service, "stage": existing.get_stage_display().lower()},
            code="exists",
        )
    plan = OnboardingPlan(
        force=force,
        service=service,
        stage=Stage.STATEMENT_OF_INTENT,
        intent_signed_on=intent_signed_on,
        target_financial_year=target_financial_year,
        complexity_notes=complexity_notes,
    )
    plan._history_user = by
    plan._change_reason = _("Statement of intent recorded")
    plan.full_clean(exclude=["decisions"])
    plan.save()
    return plan


@transaction.atomic
def plan_start_onboarding(
    *,
    plan: OnboardingPlan,
    by,
    started_on: dt.date,
    agreement: CollaborationAgreement | None = None,
) -> OnboardingPlan:
    """statement of intent → on-boarding started, on ``started_on``, resting on a signed s22A agreement.

    The agreement is ``agreement`` if given (the force must be a party and it must cover the service), else the
    plan's own, else the force's one agreement covering the service. It must have a signature block for the chief
    officer and one for the policing body, each signed (name, date, execution) and witnessed (name, address,
    occupation), both signed on or before ``started_on``.

    Raises Refused: ``permission``, ``state``, ``agreement`` (naming exactly what is missing: an
    :class:`AgreementIncomplete` with the agreement and its gaps, or the agreement given is not the force's or does not
    cover the service), ``date``.
    """
    _require_permission(by, CHANGE_PERMISSION)
    plan = lock_plan(plan)
    _require_stage(plan, (Stage.STATEMENT_OF_INTENT,), _("start on-boarding to"))
    agreement = _agreement_for(plan, agreement)
    gaps = agreement_gap_list(agreement)
    if gaps:
        raise AgreementIncomplete(
            _("%(force)s cannot start on-boarding to %(service)s: %(gaps)s.")
            % {"force": plan.force, "service": plan.service, "gaps": "; ".join(gap.message for gap in gaps)},
            plan=plan,
            agreement=agreement,
            gaps=gaps,
        )
    if plan.intent_signed_on and started_on < plan.intent_signed_on:
        raise Refused(
            _("On-boarding cannot start before the statement of intent (signed on %(date)s).")
            % {"date": uk_date(plan.intent_signed_on)},
            code="date",
        )
    last_signed = max(agreement.signatories.exclude(signed_on=None).values_list("signed_on", flat=True))
    if started_on < last_signed:
        raise Refused(
            _("On-boarding cannot start before the Section 22A agreement is signed (last signature %(date)s).")
            % {"date": uk_date(last_signed)},
            code="date",
        )
    plan.stage = Stage.ONBOARDING_STARTED
    plan.onboarding_started_on = started_on
    plan.agreement = agreement
    _save(plan, by=by, reason=_("On-boarding started"), fields=["stage", "onboarding_started_on", "agreement"])
    return plan


@transaction.atomic
def plan_go_live(*, plan: OnboardingPlan, by, live_on: dt.date) -> OnboardingPlan:
    """on-boarding started → live, on ``live_on``.

    Raises Refused: ``permission``, ``state``, ``date`` (before on-boarding started).
    """
    _require_permission(by, CHANGE_PERMISSION)
    plan = lock_plan(plan)
    _require_stage(plan, (Stage.ONBOARDING_STARTED,), _("go live on"))
    if live_on < plan.onboarding_started_on:
        raise Refused(
            _("%(force)s cannot go live before on-boarding started (%(date)s).")
            % {"force": plan.force, "date": uk_date(plan.onboarding_started_on)},
            code="date",
        )
    plan.stage = Stage.LIVE
    plan.live_on = live_on
    _save(plan, by=by, reason=_("Went live"), fields=["stage", "live_on"])
    return plan


@transaction.atomic
def plan_withdraw(*, plan: OnboardingPlan, by, withdrawn_on: dt.date, reason: str) -> OnboardingPlan:
    """statement of intent or on-boarding started → withdrawn, on ``withdrawn_on``, with a reason kept in the
    plan's history.

    Raises Refused: ``permission``, ``state`` (live or already withdrawn), ``incomplete`` (no reason), ``date``.
    """
    _require_permission(by, CHANGE_PERMISSION)
    plan = lock_plan(plan)
    _require_stage(plan, (Stage.STATEMENT_OF_INTENT, Stage.ONBOARDING_STARTED), _("withdraw from"))
    reason = " ".join(reason.split())
    if not reason:
        raise Refused(_("Give a reason: it is kept in the plan's history."), code="incomplete", field="reason")
    earliest = plan.onboarding_started_on or plan.intent_signed_on
    if earliest and withdrawn_on < earliest:
        raise Refused(
            _("A plan cannot be withdrawn before its last stage began (%(date)s).") % {"date": uk_date(earliest)},
            code="date",
        )
    plan.stage = Stage.WITHDRAWN
    plan.withdrawn_on = withdrawn_on
    _save(plan, by=by, reason=_("Withdrawn: %(reason)s") % {"reason": reason}, fields=["stage", "withdrawn_on"])
    return plan


# --- Section 22A agreements ---------------------------------------------------------------------------------------

SIGNATORY_FIELDS = (
    "capacity",
    "party",
    "signed_by_name",
    "signed_on",
    "execution",
    "witness_name",
    "witness_address",
    "witness_occupation",
    "witness_signed",
)
# The ways an agreement is published under s23E (recording one is recording that it has been published).
PUBLISHED = (Publication.IN_FULL, Publication.TITLE_AND_OBJECTIVE)


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def _address(text: str | None) -> str:
    """An address as lines, each line's spaces collapsed and empty lines dropped."""
    return "\n".join(line for line in (_one_line(line) for line in (text or "").splitlines()) if line)


def _require_agreement_permission(by, permission: str) -> None:
    if not by.has_perm(permission):
        raise Refused(_("You do not have permission to record Section 22A agreements."), code="permission")


def _lock_agreement(agreement: CollaborationAgreement) -> CollaborationAgreement:
    return CollaborationAgreement.objects.select_for_update().get(pk=agreement.pk)


def _refuse_invalid(row: Model, *, fields: Iterable[str]) -> None:
    try:
        row.full_clean()
    except ValidationError as error:
        raise Refused.from_validation_error(error, fields=fields) from None


def _refuse_reasons(reasons: dict[str, Reason]) -> None:
    """Raise every reason at once (one a field, the first found), so that each input says what is wrong with it."""
    if reasons:
        raise Refused(reasons=list(reasons.values()))


def _save_agreement_row(row: Model, *, stored_file=None, then=None, **save_kwargs) -> None:
    """Save ``row`` (and do ``then``). A file stored on the way is removed again if anything fails; should PostgreSQL
    refuse the write after all (a signed record changed meanwhile by another route), the user is told so."""
    try:
        with transaction.atomic():
            row.save(**save_kwargs)
            if then is not None:
                then()
    except BaseException as error:
        if stored_file is not None and stored_file.name and stored_file._committed:
            stored_file.storage.delete(stored_file.name)
        if isinstance(error, IntegrityError):
            raise Refused(
                _("The agreement changed while you were working on it: open it again to see where it stands."),
                code="state",
            ) from error
        raise


def _block_name(capacity: str) -> str:
    return str(dict(REQUIRED_BLOCKS).get(capacity, gettext_lazy("another party")))


def require_signature_blocks_open(
    agreement: CollaborationAgreement, signatory: AgreementSignatory | None = None
) -> None:
    """Refuse (``frozen``) when ``agreement`` is signed, so no block can be added or changed, or when ``signatory`` is
    signed and witnessed, so it stands as it was."""
    if agreement.is_signed:
        raise Refused(
            _(
                "“%(agreement)s” is signed for the chief officer and the policing body, each witnessed: its signature "
                "blocks stand as signed and cannot be added to or changed."
            )
            % {"agreement": agreement},
            code="frozen",
        )
    if signatory is not None and not signatory.missing:
        raise Refused(
            _("The signature block for %(party)s is signed and witnessed: it stands as signed and cannot be corrected.")
            % {"party": signatory.party},
            code="frozen",
        )


def _block_problems(agreement: CollaborationAgreement, block: AgreementSignatory) -> dict[str, Reason]:
    reasons: dict[str, Reason] = {}

    def refuse(field: str, message: str, code: str = "required") -> None:
        reasons.setdefault(field, Reason(message, code, field))

    if not block.party:
        refuse("party", _("Enter who the block is signed for and on behalf of, as the agreement prints it."))
    twin = agreement.signatories.filter(capacity=block.capacity).exclude(pk=block.pk)
    if block.capacity in SIGNED_BY and twin.exists():
        refuse(
            "capacity",
            _("This agreement already has a signature block for %(party)s: correct that one instead.")
            % {"party": _block_name(block.capacity)},
            "exists",
        )
    if block.signed_on:
        if block.signed_on > timezone.localdate():
            refuse("signed_on", _("The date signed cannot be in the future."), "date")
        if not block.signed_by_name:
            refuse("signed_by_name", _("Enter the name of the person who signed: the block has a date signed."))
        if not block.execution:
            refuse("execution", _("Select how the block was executed: wet ink or electronic."))
        if block.execution == Execution.WET_INK:
            # A wet-ink signature is witnessed on the page itself: its witness is there to copy.
            for field, message in (
                ("witness_name", _("Enter the witness's name: a signature in wet ink is witnessed on the page.")),
                ("witness_address", _("Enter the witness's address: a signature in wet ink is witnessed on the page.")),
                (
                    "witness_occupation",
                    _("Enter the witness's occupation: a signature in wet ink is witnessed on the page."),
                ),
            ):
                if not getattr(block, field):
                    refuse(field, message)
    if block.witness_signed and not block.witness_name:
        refuse("witness_name", _("Enter the witness's name, or untick that the witness's signature is present."))
    if block.witness_name and block.witness_name.casefold() == block.signed_by_name.casefold():
        refuse("witness_name", _("The witness must be someone other than the person who signed."), "invalid")
    return reasons


def _completes_agreement(agreement: CollaborationAgreement, block: AgreementSignatory) -> bool:
    """Whether saving ``block`` leaves the chief officer's and the policing body's blocks both signed and witnessed."""
    blocks = {
        other.capacity: other for other in agreement.signatories.exclude(pk=block.pk) if other.capacity in SIGNED_BY
    }
    if block.capacity in SIGNED_BY:
        blocks[block.capacity] = block
    return all(capacity in blocks and not blocks[capacity].missing for capacity in SIGNED_BY)


@transaction.atomic
def agreement_create(
    *,
    force: Force,
    by,
    title: str,
    services: Iterable[Service],
    other_forces: Iterable[Force] = (),
    objective: str = "",
    document: UploadedFile | None = None,
) -> CollaborationAgreement:
    """no agreement → a Section 22A agreement of ``force`` (and ``other_forces``) covering ``services``, with no
    signature blocks yet, and its signed document if one is given.

    Raises Refused (nothing saved, no file kept): ``permission`` without ``forces.add_collaborationagreement``;
    ``required`` for no title or no service; ``exists`` when a party already has an agreement covering one of the
    services (on-boarding would then have no one agreement to rest on); a document that is not an acceptable PDF.
    """
    _require_agreement_permission(by, AGREEMENT_ADD_PERMISSION)
    services = list(services)
    party_ids = {force.pk, *(other.pk for other in other_forces)}
    # Locked, so that two agreements for the same force and service cannot both pass the check below.
    parties = list(Force.objects.select_for_update().filter(pk__in=party_ids).order_by("name"))
    reasons: dict[str, Reason] = {}
    title = _one_line(title)
    if not title:
        reasons["title"] = Reason(_("Enter the agreement's title."), "required", "title")
    if not services:
        reasons["services"] = Reason(_("Select the services the agreement covers."), "required", "services")
    for party in parties:
        for clash in CollaborationAgreement.objects.filter(forces=party, services__in=services).distinct():
            covered = clash.services.filter(pk__in=[service.pk for service in services]).order_by("name")
            field = "services" if party.pk == force.pk else "other_forces"
            reasons.setdefault(
                field,
                Reason(
                    _(
                        "%(force)s already has a Section 22A agreement covering %(services)s (“%(agreement)s”): "
                        "on-boarding would not know which agreement to rest on."
                    )
                    % {"force": party, "services": ", ".join(str(s) for s in covered), "agreement": clash},
                    "exists",
                    field,
                ),
            )
    _refuse_reasons(reasons)
    agreement = CollaborationAgreement(title=title, objective=(objective or "").strip())
    if document is not None:
        agreement.document = document
    _refuse_invalid(agreement, fields=("title", "objective", "document"))
    agreement._history_user = by
    agreement._change_reason = _("Agreement recorded")

    def add_parties_and_services() -> None:
        agreement.forces.set(parties)
        agreement.services.set(services)

    _save_agreement_row(
        agreement, stored_file=agreement.document if document is not None else None, then=add_parties_and_services
    )
    return agreement


@transaction.atomic
def signatory_record(
    *,
    agreement: CollaborationAgreement,
    by,
    capacity: str,
    party: str,
    signed_by_name: str = "",
    signed_on: dt.date | None = None,
    execution: str = "",
    witness_name: str = "",
    witness_address: str = "",
    witness_occupation: str = "",
    witness_signed: bool = False,
    signatory: AgreementSignatory | None = None,
) -> AgreementSignatory:
    """Record a signature block of ``agreement`` (or correct ``signatory``, one of its blocks): the party, who signed,
    when and how (wet ink or electronic), and their witness. A block may be recorded before it is signed; it counts as
    signed once it has the signatory's name, the date and the execution, and a witness with name, address and
    occupation. When this makes the chief officer's and the policing body's blocks both complete, the agreement is
    signed.

    Raises Refused (nothing saved): ``permission`` (``forces.add_agreementsignatory`` to add,
    ``forces.change_agreementsignatory`` to correct); ``frozen`` when the agreement is signed or the block is signed and
    witnessed; one reason a field for bad input: no party, a second block for the chief officer or the policing body,
    a date signed in the future, a date without the name or the execution, a wet-ink signature without its witness's
    name, address and occupation, a witness's signature without the witness's name, a witness who is the signatory;
    ``incomplete`` when the block would complete the agreement before its signed document is attached (a signed
    agreement stands as signed, its document with it).
    """
    _require_agreement_permission(by, SIGNATORY_ADD_PERMISSION if signatory is None else SIGNATORY_CHANGE_PERMISSION)
    agreement = _lock_agreement(agreement)
    if signatory is not None:
        signatory = agreement.signatories.filter(pk=signatory.pk).first()
        if signatory is None:
            raise Refused(_("That signature block is not one of this agreement's."), code="invalid")
    require_signature_blocks_open(agreement, signatory)
    block = signatory if signatory is not None else AgreementSignatory(agreement=agreement)
    block.capacity = capacity
    block.party = _one_line(party)
    block.signed_by_name = _one_line(signed_by_name)
    block.signed_on = signed_on
    block.execution = execution or ""
    block.witness_name = _one_line(witness_name)
    block.witness_address = _address(witness_address)
    block.witness_occupation = _one_line(witness_occupation)
    block.witness_signed = bool(witness_signed)
    _refuse_reasons(_block_problems(agreement, block))
    _refuse_invalid(block, fields=SIGNATORY_FIELDS)
    if not agreement.document and _completes_agreement(agreement, block):
        raise Refused(
            _(
                "Upload the signed agreement (PDF) before completing the last signature block: once the chief officer "
                "and the policing body have both signed, each witnessed, the agreement stands as signed and its "
                "document can no longer be attached."
            ),
            code="incomplete",
        )
    block._history_user = by
    block._change_reason = _("Signature block recorded") if signatory is None else _("Signature block corrected")
    _save_agreement_row(block)
    return block


@transaction.atomic
def agreement_attach_document(
    *, agreement: CollaborationAgreement, by, document: UploadedFile | None
) -> CollaborationAgreement:
    """Attach (or replace) the signed agreement's PDF while the agreement is still being signed.

    Raises Refused (nothing saved, no file kept): ``permission`` without ``forces.change_collaborationagreement``;
    ``frozen`` once the agreement is signed; ``required`` with no file; a file that is not an acceptable PDF (the
    checks of every upload).
    """
    _require_agreement_permission(by, AGREEMENT_CHANGE_PERMISSION)
    agreement = _lock_agreement(agreement)
    if agreement.is_signed:
        raise Refused(
            _(
                "“%(agreement)s” is signed for the chief officer and the policing body: it stands as signed, its "
                "document with it, and only its publication can still be recorded."
            )
            % {"agreement": agreement},
            code="frozen",
        )
    if document is None:
        raise Refused(_("Choose the signed agreement (PDF) to upload."), code="required", field="document")
    agreement.document = document
    _refuse_invalid(agreement, fields=("document",))
    agreement._history_user = by
    agreement._change_reason = _("Signed agreement attached")
    _save_agreement_row(agreement, stored_file=agreement.document, update_fields=["document"])
    return agreement


@transaction.atomic
def agreement_record_publication(
    *, agreement: CollaborationAgreement, by, publication: str, published_on: dt.date | None
) -> CollaborationAgreement:
    """Record (or correct) how and when a signed agreement was published under section 23E: not yet published →
    published in full, or by its title and objective.

    Raises Refused (nothing saved): ``permission`` without ``forces.change_collaborationagreement``; ``state`` before
    the agreement is signed; one reason a field for no way of publishing, no date, a date in the future or before
    the last signature.
    """
    _require_agreement_permission(by, AGREEMENT_CHANGE_PERMISSION)
    agreement = _lock_agreement(agreement)
    if not agreement.is_signed:
        raise Refused(
            _(
                "Publication under section 23E is recorded once the agreement is signed for the chief officer and the "
                "policing body, each witnessed."
            ),
            code="state",
        )
    reasons: dict[str, Reason] = {}
    if publication not in PUBLISHED:
        reasons["publication"] = Reason(_("Select how the agreement was published."), "required", "publication")
    if published_on is None:
        reasons["published_on"] = Reason(_("Enter the date the agreement was published."), "required", "published_on")
    else:
        last_signed = max(agreement.signatories.exclude(signed_on=None).values_list("signed_on", flat=True))
        if published_on > timezone.localdate():
            reasons["published_on"] = Reason(_("The date published cannot be in the future."), "date", "published_on")
        elif published_on < last_signed:
            reasons["published_on"] = Reason(
                _("The agreement cannot have been published before it was signed (last signature %(date)s).")
                % {"date": uk_date(last_signed)},
                "date",
                "published_on",
            )
    _refuse_reasons(reasons)
    agreement.publication = publication
    agreement.published_on = published_on
    _refuse_invalid(agreement, fields=("publication", "published_on"))
    agreement._history_user = by
    agreement._change_reason = _("Publication recorded")
    _save_agreement_row(agreement, update_fields=["publication", "published_on"])
    return agreement
