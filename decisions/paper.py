"""Decisions signed on paper, entered afterwards as the records they are.

Offices that decided on paper before this service (PCD 1763, accepting grant 685 in December 2024) need those
decisions on record, so that a grant can be recorded as accepted by one and a later decision can refer to it. Such a
decision is entered once, already approved: its real sign-off dates and the names and roles as printed, each sign-off
marked "recorded from the signed paper form" with who entered it, a revision of what was entered and an event saying
so. Nothing is signed in the service and nothing is accepted on its behalf but what the record says.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.refusals import Reason, Refused
from decisions.authority import reference_note_used
from decisions.choices import DecisionMaker, DecisionStatus, FormType, SignOffMethod
from decisions.models import Decision, DecisionEvent, Recommendation, RevisionReason, SignOff
from decisions.models.decision import decided_fields
from decisions.models.events import EventAction
from decisions.revisions import revision_store
from decisions.services import sign_off_kinds, signing_statement
from decisions.statements import RECOMMENDATION_INTRO, SIGN_OFF_ROLES

PERMISSION = "decisions.add_decision"
RECORDED_NOTE = "Recorded from the signed paper form"


@transaction.atomic
def decision_record_from_paper(
    *,
    by,
    policing_body,
    reference: str,
    title: str,
    form_type: FormType = FormType.MOPAC_PCD,
    executive_summary: str = "",
    recommendations: tuple[str, ...] = (),
    consulted_name: str,
    consulted_on: dt.date,
    decision_maker_name: str,
    decided_on: dt.date,
    published_on: dt.date | None = None,
    client_address: str | None = None,
) -> Decision:
    """A decision signed on paper, entered as approved (or published, when it was): no draft, no signing here.

    Raises Refused: ``permission`` without ``decisions.add_decision``; ``invalid`` (on its field) for a reference
    already used, dates in the future or out of order, or a missing name.
    """
    if not by.has_perm(PERMISSION):
        raise Refused(_("You do not have permission to record decisions."), code="permission")
    reference = " ".join(reference.split())
    today = timezone.localdate()
    problems = []
    if not reference:
        problems.append(("reference", _("Enter the reference printed on the paper form, e.g. PCD 1763.")))
    elif Decision.objects.filter(reference__iexact=reference).exists():
        problems.append(("reference", _("A decision with this reference already exists.")))
    if not title.strip():
        problems.append(("title", _("Enter the title printed on the paper form.")))
    for field, name in (("consulted_name", consulted_name), ("decision_maker_name", decision_maker_name)):
        if not name.strip():
            problems.append((field, _("Enter the name as it is printed under the signature.")))
    if decided_on > today or consulted_on > today:
        problems.append(("decided_on", _("A paper form already signed cannot be dated in the future.")))
    if consulted_on > decided_on:
        problems.append(("consulted_on", _("The consulted officer signs on or before the decision-maker.")))
    if published_on and published_on < decided_on:
        problems.append(("published_on", _("A decision cannot be published before it was taken.")))
    if problems:
        raise Refused(reasons=[Reason(message, "invalid", field) for field, message in problems])

    form_type = FormType(form_type)
    reference_note_used(policing_body, reference, on=decided_on)
    decision = Decision.objects.create(
        reference=reference,
        form_type=form_type,
        decision_maker=DecisionMaker.DMPC if form_type == FormType.MOPAC_PCD else DecisionMaker.PCC,
        policing_body=policing_body,
        title=title.strip(),
        executive_summary=executive_summary.strip(),
        recommendation_intro=RECOMMENDATION_INTRO[form_type],
        drafted_by=None,
    )
    for position, text in enumerate((text for text in recommendations if text.strip()), start=1):
        Recommendation.objects.create(decision=decision, position=position, text=text.strip())
    revision = revision_store(decision, reason=RevisionReason.RECORDED, by=by)
    consulted_kind, deciding_kind = sign_off_kinds(decision)
    for kind, name, on in (
        (consulted_kind, consulted_name, consulted_on),
        (deciding_kind, decision_maker_name, decided_on),
    ):
        SignOff.objects.create(
            decision=decision,
            kind=kind,
            signer=None,
            printed_name=" ".join(name.split()),
            printed_role=SIGN_OFF_ROLES[kind],
            statement=signing_statement(decision, kind),
            signed_on=on,
            method=SignOffMethod.PAPER_RECORD,
            content_hash=revision.sha256,
            revision=revision,
            recorded_by=by,
        )
    decision.status = DecisionStatus.PUBLISHED if published_on else DecisionStatus.APPROVED
    decision.published_on = published_on
    stored = decided_fields(decided_on)
    for name, value in stored.items():
        setattr(decision, name, value)
    decision.save(update_fields=["status", "published_on", *stored])
    DecisionEvent.objects.create(
        decision=decision,
        action=EventAction.RECORDED,
        from_status="",
        to_status=decision.status,
        actor=by,
        client_address=client_address,
        note=RECORDED_NOTE,
        content_hash=revision.sha256,
    )
    return decision


@transaction.atomic
def grant_record_acceptance(*, grant, decision: Decision, by):
    """Record that an approved decision (one signed in this service, or recorded from paper) accepted ``grant``:
    offered → accepted, on the decision's date. A grant is never left "offered" while naming an approved decision.

    Raises Refused: ``permission`` without ``grants.change_grant``; ``state`` when the grant is not offered or the
    decision is not approved.
    """
    from grants.choices import GrantStatus
    from grants.models import Grant

    if not by.has_perm("grants.change_grant"):
        raise Refused(_("You do not have permission to change grants."), code="permission")
    grant = Grant.objects.select_for_update().get(pk=grant.pk)
    if grant.status != GrantStatus.OFFERED:
        raise Refused(
            _("Grant %(grant)s is already %(status)s.")
            % {"grant": grant, "status": grant.get_status_display().lower()},
            code="state",
        )
    if decision.status not in (DecisionStatus.APPROVED, DecisionStatus.PUBLISHED):
        raise Refused(
            _(
                "%(reference)s is not approved, so it cannot have accepted a grant: link the grant to it as a draft "
                "and the grant is accepted when the decision is approved."
            )
            % {"reference": decision.reference},
            code="state",
            field="accepting_decision",
        )
    grant.accepting_decision = decision
    grant.status = GrantStatus.ACCEPTED
    grant.accepted_on = decision.decision_date
    grant._history_user = by
    grant.save(update_fields=["accepting_decision", "status", "accepted_on"])
    return grant


def _awarded_after(grant, decided_on: dt.date | None, *, field: str) -> list[Reason]:
    """A grant is accepted on or after it was awarded (the database holds the same rule)."""
    if grant.awarded_on and decided_on and decided_on < grant.awarded_on:
        return [
            Reason(
                _("Grant %(reference)s was awarded on %(awarded)s: the decision that accepted it is dated after that.")
                % {"reference": grant.funder_reference, "awarded": grant.awarded_on.strftime("%d/%m/%Y")},
                "date",
                field,
            )
        ]
    return []


@transaction.atomic
def grant_record_accepting_decision(
    *, grant, by, decision: Decision | None = None, paper: dict | None = None, client_address: str | None = None
):
    """Record that ``decision`` accepted an offered grant, or the decision entered from ``paper`` (the arguments of
    :func:`decision_record_from_paper`), recorded first in the same
    transaction: nothing is kept when the acceptance is refused).

    Raises Refused: ``state`` when another decision is already named to accept the grant; ``date`` (on its field)
    for a decision dated before the award or published on a date still to come; and whatever
    ``decision_record_from_paper`` and ``grant_record_acceptance`` refuse.
    """
    from grants.choices import GrantStatus
    from grants.models import Grant

    # Lock only the grant: PostgreSQL cannot lock the nullable side of the accepting decision's outer join.
    grant = (
        Grant.objects.select_for_update(of=("self",)).select_related("accepting_decision", "recipient").get(pk=grant.pk)
    )
    if grant.status == GrantStatus.OFFERED and grant.accepting_decision_id is not None:
        raise Refused(
            _(
                "%(reference)s is already named as the decision that accepts this grant: it is accepted when that "
                "decision is approved. Take the grant off %(reference)s before recording another decision."
            )
            % {"reference": grant.accepting_decision.reference},
            code="state",
        )
    if paper is not None:
        problems = _awarded_after(grant, paper["decided_on"], field="decided_on")
        if paper.get("published_on") and paper["published_on"] > timezone.localdate():
            problems.append(
                Reason(_("A decision cannot be recorded as published on a date still to come."), "date", "published_on")
            )
        try:
            decision = decision_record_from_paper(
                by=by, policing_body=grant.recipient, client_address=client_address, **paper
            )
        except Refused as refused:
            raise Refused(reasons=[*refused.reasons, *problems]) from None
        if problems:
            raise Refused(reasons=problems)
    else:
        problems = _awarded_after(grant, decision.decision_date, field="accepting_decision")
        if problems:
            raise Refused(reasons=problems)
    return grant_record_acceptance(grant=grant, decision=decision, by=by)
