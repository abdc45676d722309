"""Writes to decisions: creating, every workflow transition, signing, and drafting from a grant variation.

Each transition is one function: it locks the decision's row, checks state and permission (the table in
:mod:`decisions.workflow`), checks the data and separation of duties, makes the change, and writes a
:class:`DecisionEvent`. Refusals raise :class:`core.refusals.Refused` with a message a user can act on.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.refusals import Reason, Refused
from core.working_days import working_day_deadline
from decisions import hooks
from decisions.authority import reference_allocate, reference_note_used, require_office
from decisions.choices import (
    EDITABLE_STATUSES,
    FROZEN_STATUSES,
    REQUIRED_SECTIONS,
    DecisionMaker,
    DecisionStatus,
    DeclarationKind,
    DeferralUnit,
    FormType,
    SectionKind,
    SignOffKind,
    SignOffMethod,
)
from decisions.content import decision_content_hash
from decisions.models import Decision, DecisionEvent, DecisionRevision, OfficerDeclaration, RevisionReason, SignOff
from decisions.models.decision import decided_fields
from decisions.models.events import EventAction
from decisions.revisions import revision_store
from decisions.statements import DECLARATIONS, RECOMMENDATION_INTRO, SIGN_OFF_ORDER, SIGN_OFF_STATEMENTS
from decisions.throttle import signing_password_check
from decisions.workflow import require

# --- Reading the state of a form ------------------------------------------------------------------------------


def ensure_editable(decision: Decision) -> None:
    """Raise Refused (code ``frozen``) unless the decision's content may be changed now."""
    if decision.status in EDITABLE_STATUSES:
        return
    if decision.status in FROZEN_STATUSES:
        message = _(
            "%(reference)s has been approved and is a signed record: it can no longer change. "
            "To amend it, draft a new decision that refers to it."
        )
    elif decision.status in (DecisionStatus.SUBMITTED, DecisionStatus.CLEARED):
        message = _("%(reference)s is waiting for signatures: it must be returned for changes before it is edited.")
    else:
        message = _("%(reference)s is %(status)s: it can no longer change.")
    raise Refused(
        message % {"reference": decision.reference, "status": decision.get_status_display().lower()}, code="frozen"
    )


# Who may be named as a form's drafting officer: those who may submit what they draft.
DRAFTING_PERMISSION = "decisions.submit_decision"
UNNAMED_DRAFTING_OFFICER = "The drafting officer (not yet named)"


def drafting_officer_name(officer) -> str:
    if officer is None:
        return UNNAMED_DRAFTING_OFFICER
    return officer.get_full_name() or officer.get_username()


@dataclass(frozen=True)
class Gap:
    """One thing a decision lacks before submission: as a phrase ("an executive summary"), as what to do about it
    ("Write the executive summary") and the drafting task where that is done."""

    phrase: str
    action: str
    task: str


def submission_gaps(decision: Decision) -> list[Gap]:
    """What a decision still lacks before it can be submitted, in the order of the form."""
    gaps = []
    if not decision.title.strip():
        gaps.append(Gap(_("a title"), _("Enter the decision’s title"), "summary"))
    if not decision.executive_summary.strip():
        gaps.append(Gap(_("an executive summary"), _("Write the executive summary"), "summary"))
    if not decision.recommendations.exists():
        gaps.append(Gap(_("at least one recommendation"), _("Add at least one recommendation"), "recommendations"))
    sections_with_text = set(
        decision.sections.filter(paragraphs__isnull=False).values_list("kind", flat=True).distinct()
    )
    for kind in REQUIRED_SECTIONS[FormType(decision.form_type)]:
        if kind not in sections_with_text:
            label = SectionKind(kind).label
            gaps.append(
                Gap(
                    _("the section “%(section)s”") % {"section": label},
                    _("Write at least one paragraph of “%(section)s”") % {"section": label},
                    f"section-{kind}",
                )
            )
    expected = [kind for kind, _label, _statement in DECLARATIONS[FormType(decision.form_type)]]
    ticked = set(decision.declarations.filter(confirmed=True).values_list("kind", flat=True))
    labels = dict(decision.declarations.values_list("kind", "label"))
    for kind in expected:
        if kind not in ticked:
            label = (labels.get(kind) or kind).rstrip(":")
            gaps.append(
                Gap(
                    _("a tick for the declaration “%(label)s”") % {"label": label},
                    _("Tick the declaration “%(label)s”") % {"label": label},
                    "declarations",
                )
            )
    if decision.drafted_by_id is None and DeclarationKind.DRAFTING_OFFICER in expected:
        gaps.append(Gap(_("the drafting officer named"), _("Name the drafting officer"), "declarations"))
    return gaps


def missing_for_submission(decision: Decision) -> list[str]:
    """What a decision still lacks before it can be submitted, each as a phrase."""
    return [gap.phrase for gap in submission_gaps(decision)]


def signing_statement(decision: Decision, kind: SignOffKind) -> str:
    """The exact words the signer confirms, as printed on this decision's form."""
    statement = SIGN_OFF_STATEMENTS[kind]
    if "{area}" in statement:
        name = decision.policing_body.name
        area = name.split(" for ", 1)[1] if " for " in name else name
        statement = statement.format(area=area)
    return statement


def sign_off_kinds(decision: Decision) -> tuple[SignOffKind, SignOffKind]:
    """(consulted officer, decision-maker) for the decision's form."""
    first, final = SIGN_OFF_ORDER[FormType(decision.form_type)]
    return first, final


def active_sign_offs(decision: Decision):
    return decision.sign_offs.filter(voided_at__isnull=True)


# --- Creating -------------------------------------------------------------------------------------------------


@transaction.atomic
def decision_create(
    *,
    by,
    policing_body,
    title: str,
    form_type: FormType = FormType.MOPAC_PCD,
    reference: str | None = None,
    client_address: str | None = None,
) -> Decision:
    """Create a draft with the form's standard declarations (unticked), started by ``by``.

    The reference is the next of the policing body's own series, unless one is given (a historic decision keeps its
    number, and the series moves past it). Raises Refused: ``permission`` without ``decisions.add_decision``,
    ``series`` when the body has no reference series, ``invalid`` (on its field) for a reference already used.
    """
    if not by.has_perm("decisions.add_decision"):
        raise Refused(_("You do not have permission to draft decisions."), code="permission")
    form_type = FormType(form_type)
    reference = " ".join((reference or "").split())
    if reference:
        reference_note_used(policing_body, reference)
    decision = Decision(
        reference=reference or reference_allocate(policing_body),
        form_type=form_type,
        decision_maker=DecisionMaker.DMPC if form_type == FormType.MOPAC_PCD else DecisionMaker.PCC,
        policing_body=policing_body,
        title=title,
        recommendation_intro=RECOMMENDATION_INTRO[form_type],
        # The drafting officer is whoever the form names: the starter only when they are one (a finance officer who
        # starts a draft from a variation is not named by default).
        drafted_by=by if by.has_perm(DRAFTING_PERMISSION) else None,
        started_by=by,
    )
    try:
        decision.full_clean()
    except ValidationError as error:
        raise Refused.from_validation_error(error) from None
    decision.save()
    for position, (kind, label, statement) in enumerate(DECLARATIONS[form_type], start=1):
        OfficerDeclaration.objects.create(
            decision=decision,
            kind=kind,
            position=position,
            label=label,
            statement=statement.format(drafting_officer=drafting_officer_name(decision.drafted_by)),
        )
    _record(decision, EventAction.CREATED, "", by=by, client_address=client_address)
    return decision


# --- Transitions ----------------------------------------------------------------------------------------------


def _lock(decision: Decision) -> Decision:
    return Decision.objects.select_for_update().select_related("policing_body").get(pk=decision.pk)


def _record(
    decision: Decision,
    action: EventAction,
    from_status: str,
    *,
    by,
    note: str = "",
    client_address: str | None = None,
    content_hash: str = "",
) -> DecisionEvent:
    event = DecisionEvent.objects.create(
        decision=decision,
        action=action,
        from_status=from_status,
        to_status=decision.status,
        actor=by,
        client_address=client_address,
        note=note,
        content_hash=content_hash,
    )
    # Those who are told of it (by e-mail) are told once the step has committed.
    hooks.event_recorded.call(event)
    return event


def _move(decision: Decision, to: DecisionStatus, **fields) -> str:
    from_status = decision.status
    decision.status = to
    for name, value in fields.items():
        setattr(decision, name, value)
    decision.save(update_fields=["status", *fields])
    return from_status


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise Refused(_("Give a reason: it is recorded with the decision."), code="incomplete", field="reason")
    return reason


def _submitter(decision: Decision):
    event = decision.events.filter(action=EventAction.SUBMITTED).order_by("-at", "-pk").first()
    return event.actor if event else None


@transaction.atomic
def decision_submit(*, decision: Decision, by, client_address: str | None = None) -> Decision:
    """draft or returned → submitted. Raises Refused when incomplete, in the wrong state, or not allowed."""
    decision = _lock(decision)
    require(decision, action="submit", by=by)
    gaps = submission_gaps(decision)
    if gaps:
        # The first reason says it all; one more per gap, on the drafting task that fills it.
        summary = _("%(reference)s cannot be submitted yet. It needs %(missing)s.") % {
            "reference": decision.reference,
            "missing": "; ".join(gap.phrase for gap in gaps),
        }
        raise Refused(
            reasons=[
                Reason(summary, "incomplete"),
                *(Reason(gap.action, "incomplete", f"task:{gap.task}") for gap in gaps),
            ]
        )
    from_status = _move(decision, DecisionStatus.SUBMITTED)
    revision = revision_store(decision, reason=RevisionReason.SUBMITTED, by=by)
    _record(
        decision,
        EventAction.SUBMITTED,
        from_status,
        by=by,
        client_address=client_address,
        content_hash=revision.sha256,
    )
    return decision


def _check_separation(decision: Decision, *, by, action: str) -> None:
    """The same rules for every step that signs or decides: nobody acts on a decision they drafted or submitted, and
    the consulted officer and the decision-maker are different people."""
    submitter = _submitter(decision)
    authors = {decision.drafted_by_id, decision.started_by_id, submitter.pk if submitter else None} - {None}
    if by.pk in authors:
        raise Refused(
            _("You drafted %(reference)s, so you cannot sign it or decide on it.") % {"reference": decision.reference},
            code="separation",
        )
    if action in ("approve", "reject", "clear") and active_sign_offs(decision).filter(signer=by).exists():
        raise Refused(
            _("You have already signed %(reference)s; the next signature must be someone else's.")
            % {"reference": decision.reference},
            code="separation",
        )


def _sign(
    decision: Decision,
    *,
    kind: SignOffKind,
    by,
    appointment,
    statement_confirmed: bool,
    seen_content_hash: str | None,
    interests: str,
    client_address: str | None,
) -> SignOff:
    """Record ``by``'s signature over the form as it now stands, stored as a revision; checks what they saw."""
    if not statement_confirmed:
        raise Refused(
            _("Tick the statement to confirm it before signing."), code="signature", field="statement_confirmed"
        )
    content_hash = decision_content_hash(decision)
    if seen_content_hash is not None and seen_content_hash != content_hash:
        raise Refused(
            _("%(reference)s changed after you opened it. Read the form again, then sign.")
            % {"reference": decision.reference},
            code="signature",
        )
    earlier = active_sign_offs(decision).exclude(content_hash=content_hash).exclude(content_hash="")
    if earlier.exists():
        raise Refused(
            _("%(reference)s changed after an earlier signature: return it so it can be signed again.")
            % {"reference": decision.reference},
            code="signature",
        )
    revision = revision_store(decision, reason=RevisionReason.SIGNED, by=by)
    now = timezone.now()
    return SignOff.objects.create(
        decision=decision,
        kind=kind,
        signer=by,
        printed_name=by.get_full_name() or by.get_username(),
        printed_role=appointment.printed_role,
        statement=signing_statement(decision, kind),
        interests_declared=(interests or "").strip(),
        signed_on=timezone.localdate(now),
        signed_at=now,
        client_address=client_address,
        content_hash=revision.sha256,
        revision=revision,
        appointment=appointment,
        method=SignOffMethod.IN_BROWSER,
    )


def decision_clear(
    *,
    decision: Decision,
    by,
    password: str,
    statement_confirmed: bool,
    seen_content_hash: str | None = None,
    client_address: str | None = None,
) -> Decision:
    """submitted → cleared: the Chief Executive (or monitoring officer) signs that they were consulted.

    The password is checked first, in a transaction of its own, so a wrong one counts even when the step then
    fails. Raises Refused for a wrong password or a locked account, the wrong state, a signer without the role or
    without the office for the decision's body, the drafter signing, an unticked statement, or content that changed
    since the signer opened it.
    """
    signing_password_check(by=by, password=password)
    return _clear(
        decision=decision,
        by=by,
        statement_confirmed=statement_confirmed,
        seen_content_hash=seen_content_hash,
        client_address=client_address,
    )


@transaction.atomic
def _clear(*, decision, by, statement_confirmed, seen_content_hash, client_address) -> Decision:
    decision = _lock(decision)
    require(decision, action="clear", by=by)
    _check_separation(decision, by=by, action="clear")
    kind, _final = sign_off_kinds(decision)
    sign_off = _sign(
        decision,
        kind=kind,
        by=by,
        appointment=require_office(by, decision, "consulted"),
        statement_confirmed=statement_confirmed,
        seen_content_hash=seen_content_hash,
        interests="",
        client_address=client_address,
    )
    from_status = _move(decision, DecisionStatus.CLEARED)
    _record(
        decision,
        EventAction.CLEARED,
        from_status,
        by=by,
        client_address=client_address,
        content_hash=sign_off.content_hash,
    )
    return decision


def decision_approve(
    *,
    decision: Decision,
    by,
    password: str,
    statement_confirmed: bool,
    interests: str = "",
    seen_content_hash: str | None = None,
    client_address: str | None = None,
) -> Decision:
    """cleared → approved: the decision-maker records any interests and signs; the form is frozen.

    Approval does exactly what the revision the decision-maker signed says: the grant variations in it become
    accepted (so grant totals change now) and the grants it accepts are marked accepted, each as it was signed.
    After commit the apps built on this one seal the form as a signed PDF. Raises Refused as
    :func:`decision_clear` does, and when the signer is the one who signed as the consulted officer.
    """
    signing_password_check(by=by, password=password)
    return _approve(
        decision=decision,
        by=by,
        statement_confirmed=statement_confirmed,
        interests=interests,
        seen_content_hash=seen_content_hash,
        client_address=client_address,
    )


@transaction.atomic
def _approve(*, decision, by, statement_confirmed, interests, seen_content_hash, client_address) -> Decision:
    decision = _lock(decision)
    require(decision, action="approve", by=by)
    _check_separation(decision, by=by, action="approve")
    _first, kind = sign_off_kinds(decision)
    sign_off = _sign(
        decision,
        kind=kind,
        by=by,
        appointment=require_office(by, decision, "deciding"),
        statement_confirmed=statement_confirmed,
        seen_content_hash=seen_content_hash,
        interests=interests,
        client_address=client_address,
    )
    from_status = _move(
        decision,
        DecisionStatus.APPROVED,
        **_resolved_deferral(decision, sign_off.signed_on),
        **decided_fields(sign_off.signed_on),
    )
    _record(
        decision,
        EventAction.APPROVED,
        from_status,
        by=by,
        client_address=client_address,
        content_hash=sign_off.content_hash,
        note=sign_off.interests_declared,
    )
    _settle_grants(decision, revision=sign_off.revision, approved_on=sign_off.signed_on)
    # What follows approval (sealing the signed PDF) is arranged by the apps built on this one, after commit.
    hooks.approved.call(decision)
    return decision


def _resolved_deferral(decision: Decision, approved_on: dt.date) -> dict:
    """A deferral of N days or working days after approval becomes its date, counted from the approval."""
    if not (decision.part_1_deferred and decision.deferral_period and decision.deferral_until is None):
        return {}
    if decision.deferral_period_unit == DeferralUnit.WORKING_DAYS:
        until = working_day_deadline(approved_on, decision.deferral_period)
    else:
        until = approved_on + dt.timedelta(days=decision.deferral_period)
    return {"deferral_until": until}


def _settle_grants(decision: Decision, *, revision: DecisionRevision, approved_on: dt.date) -> None:
    """Accept the variations and grants of ``revision`` (the one the decision-maker signed), each as it was signed.

    The links and the ledger are fixed while a decision is being signed (in the services, the back office and by
    PostgreSQL triggers), so they match; if one does not, nothing is accepted and the approval is refused.
    """
    from grants.choices import GrantStatus, VariationStatus
    from grants.models import Grant, GrantVariation

    content = revision.content
    changed = _("%(reference)s no longer matches what was signed: return it so it can be signed again.") % {
        "reference": decision.reference
    }
    for signed in content["variations"]:
        variation = GrantVariation.objects.select_for_update().filter(pk=signed["id"], decision=decision).first()
        if (
            variation is None
            or variation.status != VariationStatus.PROPOSED
            or f"{variation.amount_change:.2f}" != signed["amount_change"]
            or variation.kind != signed["kind"]
        ):
            raise Refused(changed, code="signature")
        variation.status = VariationStatus.ACCEPTED
        variation.save(update_fields=["status"])
    for signed in content["accepts"]:
        grant = Grant.objects.select_for_update().filter(pk=signed["id"], accepting_decision=decision).first()
        if grant is None or f"{grant.original_award_amount:.2f}" != signed["original_award_amount"]:
            raise Refused(changed, code="signature")
        if grant.status == GrantStatus.OFFERED:
            grant.status = GrantStatus.ACCEPTED
            grant.accepted_on = approved_on
            grant.save(update_fields=["status", "accepted_on"])


def _decline_grants(decision: Decision) -> None:
    """The variations and grants a rejected decision was about are declined."""
    from grants.choices import GrantStatus, VariationStatus

    for variation in decision.variations.select_for_update().filter(status=VariationStatus.PROPOSED):
        variation.status = VariationStatus.DECLINED
        variation.save(update_fields=["status"])
    for grant in decision.grants_accepted.select_for_update().filter(status=GrantStatus.OFFERED):
        grant.status = GrantStatus.DECLINED
        grant.save(update_fields=["status"])


@transaction.atomic
def decision_publish(
    *, decision: Decision, by, today: dt.date | None = None, client_address: str | None = None
) -> Decision:
    """approved → published: Part 1 goes on the public register (Part 2 never does).

    Raises Refused while Part 1 is deferred (before its date), in the wrong state, or when not allowed.
    """
    decision = _lock(decision)
    require(decision, action="publish", by=by)
    today = today or timezone.localdate()
    if decision.part_1_deferred and decision.deferral_until and today < decision.deferral_until:
        raise Refused(
            _("Part 1 of %(reference)s is deferred until %(date)s: it cannot be published before then.")
            % {"reference": decision.reference, "date": decision.deferral_until.strftime("%d/%m/%Y")},
            code="deferred",
        )
    from_status = _move(decision, DecisionStatus.PUBLISHED, published_on=today)
    _record(decision, EventAction.PUBLISHED, from_status, by=by, client_address=client_address)
    return decision


@transaction.atomic
def decision_publish_on_schedule(
    *, decision: Decision, today: dt.date, is_due: Callable[[Decision], bool], note: str
) -> Decision | None:
    """approved → published with no person acting, when ``is_due(decision)`` says Part 1 has fallen due.

    Writes the same ``published`` event as a person publishing does, with no actor and ``note`` saying why. Returns
    None, changing nothing, when the decision is no longer approved or not due (another run, or a person, got there
    first; its deferral has not ended). Raises nothing for those, so that a scheduled run can always carry on.
    """
    decision = _lock(decision)
    if decision.status != DecisionStatus.APPROVED or not is_due(decision):
        return None
    from_status = _move(decision, DecisionStatus.PUBLISHED, published_on=today)
    _record(decision, EventAction.PUBLISHED, from_status, by=None, note=note)
    return decision


@transaction.atomic
def decision_return(*, decision: Decision, by, reason: str, client_address: str | None = None) -> Decision:
    """submitted or cleared → returned, with a reason; signatures already given are voided (kept, marked void)."""
    decision = _lock(decision)
    require(decision, action="return", by=by)
    _check_separation(decision, by=by, action="return")
    reason = _require_reason(reason)
    now = timezone.now()
    for sign_off in active_sign_offs(decision):
        sign_off.voided_at = now
        sign_off.voided_reason = reason
        sign_off.save(update_fields=["voided_at", "voided_reason"])
    from_status = _move(decision, DecisionStatus.RETURNED)
    _record(decision, EventAction.RETURNED, from_status, by=by, note=reason, client_address=client_address)
    return decision


@transaction.atomic
def decision_reject(*, decision: Decision, by, reason: str, client_address: str | None = None) -> Decision:
    """submitted or cleared → rejected by the decision-maker, with a reason; its grant variations are declined."""
    decision = _lock(decision)
    require(decision, action="reject", by=by)
    _check_separation(decision, by=by, action="reject")
    reason = _require_reason(reason)
    from_status = _move(decision, DecisionStatus.REJECTED)
    _record(decision, EventAction.REJECTED, from_status, by=by, note=reason, client_address=client_address)
    _decline_grants(decision)
    return decision


@transaction.atomic
def decision_withdraw(*, decision: Decision, by, reason: str, client_address: str | None = None) -> Decision:
    """draft, returned, submitted or cleared → withdrawn, with a reason. Its variations return to no decision."""
    decision = _lock(decision)
    require(decision, action="withdraw", by=by)
    reason = _require_reason(reason)
    from_status = _move(decision, DecisionStatus.WITHDRAWN)
    _record(decision, EventAction.WITHDRAWN, from_status, by=by, note=reason, client_address=client_address)
    # A withdrawn decision decides nothing: its variations and the grants it would have accepted wait for another.
    for variation in decision.variations.all():
        variation.decision = None
        variation.save(update_fields=["decision"])
    for grant in decision.grants_accepted.filter(status="offered"):
        grant.accepting_decision = None
        grant.save(update_fields=["accepting_decision"])
    return decision


# --- The originating officer's declarations -------------------------------------------------------------------


@transaction.atomic
def declaration_confirm(*, declaration: OfficerDeclaration, by, confirmed: bool) -> OfficerDeclaration:
    """Tick (or untick) a line of the originating officer's declaration: who ticked it and when are recorded from
    the person doing it, never typed. Raises Refused (``frozen``) unless the decision is a draft or returned, and
    (``permission``) without ``decisions.change_officerdeclaration``."""
    if not by.has_perm("decisions.change_officerdeclaration"):
        raise Refused(_("You do not have permission to tick the declarations."), code="permission")
    declaration = OfficerDeclaration.objects.select_for_update().select_related("decision").get(pk=declaration.pk)
    ensure_editable(declaration.decision)
    if confirmed == declaration.confirmed:
        return declaration
    declaration.confirmed = confirmed
    declaration.confirmed_on = timezone.localdate() if confirmed else None
    declaration.confirmed_by = by if confirmed else None
    declaration.save(update_fields=["confirmed", "confirmed_on", "confirmed_by"])
    return declaration


# --- What a decision is about ---------------------------------------------------------------------------------
# Approval acts on these links, so they change only while the decision can (a draft, or returned for changes).


def _linkable(decision: Decision, by) -> Decision:
    if not by.has_perm("decisions.change_decision"):
        raise Refused(_("You do not have permission to change decisions."), code="permission")
    decision = _lock(decision)
    ensure_editable(decision)
    return decision


@transaction.atomic
def decision_link_variation(*, decision: Decision, variation, by) -> None:
    """Put a proposed grant variation before ``decision`` (approval accepts it). Raises Refused (``frozen``) unless
    the decision is a draft or returned, (``state``) for a variation decided or before another live decision."""
    from grants.choices import VariationStatus
    from grants.models import GrantVariation

    decision = _linkable(decision, by)
    variation = GrantVariation.objects.select_for_update(of=("self",)).select_related("decision").get(pk=variation.pk)
    if variation.status != VariationStatus.PROPOSED:
        raise Refused(
            _("This variation is already %(status)s.") % {"status": variation.get_status_display().lower()},
            code="state",
        )
    if variation.decision_id not in (None, decision.pk):
        raise Refused(
            _("This variation is already before %(reference)s.") % {"reference": variation.decision.reference},
            code="state",
        )
    variation.decision = decision
    variation.save(update_fields=["decision"])


@transaction.atomic
def decision_unlink_variation(*, decision: Decision, variation, by) -> None:
    """Take a variation off ``decision``. Raises Refused (``frozen``) unless the decision is a draft or returned."""
    decision = _linkable(decision, by)
    decision.variations.filter(pk=variation.pk).update(decision=None)


@transaction.atomic
def decision_link_grant(*, decision: Decision, grant, by, accepts: bool = False) -> None:
    """Link ``grant`` to ``decision`` (and, with ``accepts``, name the decision as the one that accepts its award).
    Raises Refused (``frozen``) unless the decision is a draft or returned, (``state``) for a grant already decided."""
    from grants.choices import GrantStatus
    from grants.models import Grant

    decision = _linkable(decision, by)
    decision.grants.add(grant)
    if accepts:
        grant = Grant.objects.select_for_update().get(pk=grant.pk)
        if grant.status != GrantStatus.OFFERED:
            raise Refused(
                _("Grant %(grant)s is already %(status)s.")
                % {"grant": grant, "status": grant.get_status_display().lower()},
                code="state",
            )
        grant.accepting_decision = decision
        grant.save(update_fields=["accepting_decision"])


@transaction.atomic
def decision_unlink_grant(*, decision: Decision, grant, by) -> None:
    """Take ``grant`` off ``decision``, and with it the decision's acceptance of the award if it named one. Raises
    Refused (``frozen``) unless the decision is a draft or returned."""
    from grants.choices import GrantStatus
    from grants.models import Grant

    decision = _linkable(decision, by)
    decision.grants.remove(grant)
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    if grant.accepting_decision_id == decision.pk and grant.status == GrantStatus.OFFERED:
        grant.accepting_decision = None
        grant.save(update_fields=["accepting_decision"])


@transaction.atomic
def decision_refer_to(*, decision: Decision, earlier: Decision, by) -> None:
    """``decision`` refers to an earlier one ("PCD 1763 refers"). Raises Refused (``frozen``) unless it is editable."""
    decision = _linkable(decision, by)
    if earlier.pk == decision.pk:
        raise Refused(_("A decision cannot refer to itself."), code="invalid", field="refers_to")
    decision.refers_to.add(earlier)


@transaction.atomic
def decision_unrefer(*, decision: Decision, earlier: Decision, by) -> None:
    """``decision`` no longer refers to ``earlier``. Raises Refused (``frozen``) unless it is editable."""
    decision = _linkable(decision, by)
    decision.refers_to.remove(earlier)


@transaction.atomic
def decision_name_drafting_officer(*, decision: Decision, officer, by) -> Decision:
    """Name the officer the form says drafted it (the Drafting Officer declaration), who must be one who drafts.

    The declaration's words follow the name, and it waits to be ticked again if they changed. Raises Refused:
    ``frozen`` unless the decision is a draft or returned; ``invalid`` (on ``drafted_by``) for someone who is not a
    drafting officer.
    """
    decision = _linkable(decision, by)
    if not (officer.is_active and officer.has_perm(DRAFTING_PERMISSION)):
        raise Refused(
            _("%(name)s is not a drafting officer, so cannot be named as the one who drafted this form.")
            % {"name": drafting_officer_name(officer)},
            code="invalid",
            field="drafted_by",
        )
    decision.drafted_by = officer
    decision.save(update_fields=["drafted_by"])
    template = {kind: statement for kind, _label, statement in DECLARATIONS[FormType(decision.form_type)]}
    if DeclarationKind.DRAFTING_OFFICER in template:
        wording = template[DeclarationKind.DRAFTING_OFFICER].format(drafting_officer=drafting_officer_name(officer))
        declaration = decision.declarations.filter(kind=DeclarationKind.DRAFTING_OFFICER).first()
        if declaration is not None and declaration.statement != wording:
            declaration.statement = wording
            declaration.confirmed, declaration.confirmed_on, declaration.confirmed_by = False, None, None
            declaration.save(update_fields=["statement", "confirmed", "confirmed_on", "confirmed_by"])
    return decision
