"""Writes for on-boarding plans: recording intent, starting on-boarding, going live, withdrawing, and drafting the
PCC decision about a plan.

    statement of intent ─start (s22A agreement signed and witnessed by both parties)→ on-boarding started
    on-boarding started ─go live→ live
    statement of intent, on-boarding started ─withdraw (a reason)→ withdrawn

A statement of intent is not legally binding, so it needs no agreement; the Section 22A agreement must be signed
before on-boarding formally begins. Each step locks the plan, checks the user's permission and the data, and keeps
its date on the plan; django-simple-history records the stage change with the user and, for a withdrawal, the reason.
Refusals raise :class:`core.refusals.Refused` with a message a user can act on.
"""

import datetime as dt

from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.financial_year import FinancialYear
from core.refusals import Refused
from forces.choices import SignatoryCapacity, Stage
from forces.models import AgreementSignatory, CollaborationAgreement, Force, OnboardingPlan, Service

CHANGE_PERMISSION = "forces.change_onboardingplan"
ADD_PERMISSION = "forces.add_onboardingplan"
DRAFT_PERMISSION = "decisions.add_decision"

# The two signature blocks a s22A agreement needs before on-boarding starts, as the refusal names them.
REQUIRED_BLOCKS = (
    (SignatoryCapacity.CHIEF_OFFICER, gettext_lazy("the chief officer")),
    (SignatoryCapacity.POLICING_BODY, gettext_lazy("the policing body")),
)


def _require_permission(by, permission: str) -> None:
    if not by.has_perm(permission):
        raise Refused(_("You do not have permission to change on-boarding plans."), code="permission")


def _lock(plan: OnboardingPlan) -> OnboardingPlan:
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


def _uk(day: dt.date) -> str:
    return date_format(day, "d/m/Y")


def _save(plan: OnboardingPlan, *, by, reason: str, fields: list[str]) -> None:
    plan._history_user = by
    plan._change_reason = reason
    plan.full_clean(exclude=["decisions"])
    plan.save(update_fields=fields)


def agreement_gaps(agreement: CollaborationAgreement | None) -> list[str]:
    """What keeps ``agreement`` from allowing on-boarding to start, one phrase per party; empty when nothing does."""
    if agreement is None:
        return [_("there is no Section 22A collaboration agreement yet")]
    blocks: dict[str, AgreementSignatory] = {
        signatory.capacity: signatory
        for signatory in agreement.signatories.filter(capacity__in=[capacity for capacity, _name in REQUIRED_BLOCKS])
    }
    gaps = []
    for capacity, party in REQUIRED_BLOCKS:
        block = blocks.get(capacity)
        if block is None:
            gaps.append(_("the Section 22A agreement has no signature block for %(party)s") % {"party": party})
        elif block.missing:
            gaps.append(
                _("the Section 22A agreement is not signed by %(party)s (missing: %(missing)s)")
                % {"party": party, "missing": ", ".join(str(gap) for gap in block.missing)}
            )
    return gaps


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

    Raises Refused: ``permission``, ``state``, ``agreement`` (naming exactly what is missing), ``date``.
    """
    _require_permission(by, CHANGE_PERMISSION)
    plan = _lock(plan)
    _require_stage(plan, (Stage.STATEMENT_OF_INTENT,), _("start on-boarding to"))
    agreement = _agreement_for(plan, agreement)
    gaps = agreement_gaps(agreement)
    if gaps:
        raise Refused(
            _("%(force)s cannot start on-boarding to %(service)s: %(gaps)s.")
            % {"force": plan.force, "service": plan.service, "gaps": "; ".join(gaps)},
            code="agreement",
        )
    if plan.intent_signed_on and started_on < plan.intent_signed_on:
        raise Refused(
            _("On-boarding cannot start before the statement of intent (signed on %(date)s).")
            % {"date": _uk(plan.intent_signed_on)},
            code="date",
        )
    last_signed = max(agreement.signatories.exclude(signed_on=None).values_list("signed_on", flat=True))
    if started_on < last_signed:
        raise Refused(
            _("On-boarding cannot start before the Section 22A agreement is signed (last signature %(date)s).")
            % {"date": _uk(last_signed)},
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
    plan = _lock(plan)
    _require_stage(plan, (Stage.ONBOARDING_STARTED,), _("go live on"))
    if live_on < plan.onboarding_started_on:
        raise Refused(
            _("%(force)s cannot go live before on-boarding started (%(date)s).")
            % {"force": plan.force, "date": _uk(plan.onboarding_started_on)},
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
    plan = _lock(plan)
    _require_stage(plan, (Stage.STATEMENT_OF_INTENT, Stage.ONBOARDING_STARTED), _("withdraw from"))
    reason = " ".join(reason.split())
    if not reason:
        raise Refused(_("Give a reason: it is kept in the plan's history."), code="incomplete", field="reason")
    earliest = plan.onboarding_started_on or plan.intent_signed_on
    if earliest and withdrawn_on < earliest:
        raise Refused(
            _("A plan cannot be withdrawn before its last stage began (%(date)s).") % {"date": _uk(earliest)},
            code="date",
        )
    plan.stage = Stage.WITHDRAWN
    plan.withdrawn_on = withdrawn_on
    _save(plan, by=by, reason=_("Withdrawn: %(reason)s") % {"reason": reason}, fields=["stage", "withdrawn_on"])
    return plan


# --- Drafting the PCC decision about a plan -----------------------------------------------------------------------


def force_initials(force: Force) -> str:
    """``WYP`` for West Yorkshire Police, ``ASC`` for Avon and Somerset Constabulary: a default reference prefix."""
    words = [word for word in force.name.replace("-", " ").split() if word.lower() not in {"and", "of", "the"}]
    return "".join(word[0] for word in words if word[0].isalpha()).upper() or "PCC"


def plan_background(plan: OnboardingPlan) -> str:
    """The paragraph of the decision's background that the plan itself supplies."""
    force, service = plan.force, plan.service
    parts = [
        _("%(force)s signed a statement of intent to on-board to the %(service)s service on %(date)s.")
        % {"force": force, "service": service.name, "date": _uk(plan.intent_signed_on)}
        if plan.intent_signed_on
        else _("%(force)s intends to on-board to the %(service)s service.") % {"force": force, "service": service.name}
    ]
    if plan.stage == Stage.STATEMENT_OF_INTENT:
        parts.append(
            _(
                "As the statement of intent is not legally binding, there is no requirement to sign the Section 22A "
                "collaboration agreement until %(force)s formally begins the on-boarding process."
            )
            % {"force": force}
        )
    if plan.onboarding_started_on:
        parts.append(_("On-boarding began on %(date)s.") % {"date": _uk(plan.onboarding_started_on)})
    if plan.live_on:
        parts.append(_("The force went live on %(date)s.") % {"date": _uk(plan.live_on)})
    if plan.withdrawn_on:
        parts.append(_("The plan was withdrawn on %(date)s.") % {"date": _uk(plan.withdrawn_on)})
    if plan.target_financial_year:
        parts.append(_("The target financial year is %(year)s.") % {"year": plan.target_financial_year})
    if plan.complexity_notes:
        parts.append(plan.complexity_notes)
    return " ".join(str(part) for part in parts)


@transaction.atomic
def plan_draft_pcc_decision(*, plan: OnboardingPlan, by, client_address: str | None = None):
    """Create a draft PCC decision about ``plan`` (title, a Part 1 background paragraph drawn from the plan, and the
    PCC form's officer declarations) for the force's policing body, and link the plan to it.

    Raises Refused (``permission``) without ``decisions.add_decision``.
    """
    from decisions.choices import FormType, ParagraphStyle, Part, SectionKind
    from decisions.models import Paragraph, ReferenceSeries, Section
    from decisions.services import decision_create
    from grants.choices import OrganisationKind
    from grants.models import Organisation

    plan = _lock(plan)
    force = plan.force
    # Organisation names are unique whatever their case.
    policing_body = Organisation.objects.filter(name__iexact=force.policing_body_name).first()
    if policing_body is None:
        policing_body = Organisation.objects.create(name=force.policing_body_name, kind=OrganisationKind.POLICING_BODY)
    if not ReferenceSeries.objects.filter(policing_body=policing_body).exists():
        # The body's own series, numbered per year from the force's initials (WYP 2026/01), until an administrator
        # sets it as the body numbers its decisions.
        ReferenceSeries.objects.create(policing_body=policing_body, prefix=force_initials(force), per_year=True)
    title = _("%(force)s on-boarding to %(service)s – Section 22A collaboration agreement") % {
        "force": force,
        "service": plan.service.name,
    }
    decision = decision_create(
        by=by,
        policing_body=policing_body,
        title=title,
        form_type=FormType.PCC_DECISION,
        client_address=client_address,
    )
    section = Section.objects.create(
        decision=decision,
        part=Part.PART_1,
        position=1,
        kind=SectionKind.BACKGROUND_AND_ADVICE,
        heading=_("Background and Advice"),
        paragraph_style=ParagraphStyle.NUMBERED,
    )
    Paragraph.objects.create(section=section, position=1, text=plan_background(plan))
    plan.decisions.add(decision)
    return decision
