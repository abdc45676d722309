"""Decisions about on-boarding plans: drafting the PCC decision about a plan, and linking a plan to a draft (approval
then acts on the plans its signers signed)."""

from django.db import transaction
from django.utils.translation import gettext as _

from core.refusals import Refused
from forces.choices import Stage
from forces.models import Force, OnboardingPlan
from forces.services import lock_plan, uk_date


def force_initials(force: Force) -> str:
    """``WYP`` for West Yorkshire Police, ``ASC`` for Avon and Somerset Constabulary: a default reference prefix."""
    words = [word for word in force.name.replace("-", " ").split() if word.lower() not in {"and", "of", "the"}]
    return "".join(word[0] for word in words if word[0].isalpha()).upper() or "PCC"


def plan_background(plan: OnboardingPlan) -> str:
    """The paragraph of the decision's background that the plan itself supplies."""
    force, service = plan.force, plan.service
    parts = [
        _("%(force)s signed a statement of intent to on-board to the %(service)s service on %(date)s.")
        % {"force": force, "service": service.name, "date": uk_date(plan.intent_signed_on)}
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
        parts.append(_("On-boarding began on %(date)s.") % {"date": uk_date(plan.onboarding_started_on)})
    if plan.live_on:
        parts.append(_("The force went live on %(date)s.") % {"date": uk_date(plan.live_on)})
    if plan.withdrawn_on:
        parts.append(_("The plan was withdrawn on %(date)s.") % {"date": uk_date(plan.withdrawn_on)})
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

    plan = lock_plan(plan)
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


def plans_to_link(decision):
    """The plans a draft can be about: those of the forces its policing body oversees, not yet linked to it."""
    return (
        OnboardingPlan.objects.filter(force__policing_body_name__iexact=decision.policing_body.name)
        .exclude(decisions=decision)
        .select_related("force", "service")
        .order_by("force__name", "service__name")
    )


def _linkable(decision, by):
    from decisions.models import Decision
    from decisions.services import ensure_editable

    if not by.has_perm("decisions.change_decision"):
        raise Refused(_("You do not have permission to change decisions."), code="permission")
    decision = Decision.objects.select_for_update().select_related("policing_body").get(pk=decision.pk)
    ensure_editable(decision)
    return decision


@transaction.atomic
def plan_link_decision(*, plan: OnboardingPlan, decision, by) -> None:
    """``decision`` is about ``plan`` (its revision then carries the plan). Raises Refused: ``frozen`` unless the
    decision is a draft or returned, ``invalid`` for a plan of a force the decision's body does not oversee."""
    decision = _linkable(decision, by)
    plan = lock_plan(plan)
    if plan.force.policing_body_name.casefold() != decision.policing_body.name.casefold():
        raise Refused(
            _("%(force)s is not overseen by %(body)s, so this decision cannot be about its plan.")
            % {"force": plan.force, "body": decision.policing_body},
            code="invalid",
            field="plan",
        )
    plan.decisions.add(decision)


@transaction.atomic
def plan_unlink_decision(*, plan: OnboardingPlan, decision, by) -> None:
    """``decision`` is no longer about ``plan``. Raises Refused (``frozen``) unless the decision is editable."""
    decision = _linkable(decision, by)
    plan.decisions.remove(decision)
