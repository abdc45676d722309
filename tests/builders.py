"""Builders for decision workflow tests: a complete MOPAC draft, and a decision driven to any state by the services."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from decisions.choices import REQUIRED_SECTIONS, DecisionStatus, FormType, SectionKind, SignOffKind
from decisions.models import Decision, Paragraph, Recommendation, Section
from decisions.services import (
    decision_approve,
    decision_clear,
    decision_create,
    decision_name_drafting_officer,
    decision_publish,
    decision_reject,
    decision_return,
    decision_submit,
    decision_withdraw,
)
from grants.choices import OrganisationKind, VariationKind
from grants.models import Grant, GrantVariation, Organisation, Programme

# Every test user signs in with this password.
PASSWORD = "correct-horse-battery-staple-9"
CLIENT_ADDRESS = "203.0.113.7"
MOPAC_NAME = "Mayor's Office for Policing and Crime"


# The office a signing role holds for MOPAC when the tests make someone in that role.
SIGNING_OFFICES = {"Chief Executive": SignOffKind.CHIEF_EXECUTIVE, "Decision-maker (DMPC)": SignOffKind.DMPC}


def appoint(user, office: SignOffKind, body: Organisation | None = None, *, starts_on: dt.date | None = None):
    """``user`` holds ``office`` for ``body`` (MOPAC unless another is given), from a year ago."""
    from decisions.models import Appointment
    from decisions.statements import SIGN_OFF_ROLES

    return Appointment.objects.create(
        person=user,
        office=office,
        policing_body=body or mopac(),
        title=SIGN_OFF_ROLES[office],
        starts_on=starts_on or timezone.localdate() - dt.timedelta(days=365),
    )


def create_user(username: str, *, role: str | None = None, appointed: bool = True, **extra):
    """A staff user signing in with ``PASSWORD``, in ``role``'s group when one is given. A Chief Executive or a DMPC
    also holds that office for MOPAC (unless ``appointed=False``), as they would to sign anything."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user = get_user_model().objects.create_user(
        username=username,
        password=PASSWORD,
        first_name=extra.pop("first_name", username.removeprefix("test-").title()),
        last_name=extra.pop("last_name", "Tester"),
        is_staff=extra.pop("is_staff", True),
        **extra,
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
        if appointed and role in SIGNING_OFFICES:
            appoint(user, SIGNING_OFFICES[role])
    return user


def cast_of(prefix: str) -> "Cast":
    """Four people, one per role that moves a decision along, named ``<prefix>-drafter`` and so on."""
    from core import roles

    return Cast(
        drafter=create_user(f"{prefix}-drafter", role=roles.DRAFTING_OFFICER),
        ceo=create_user(f"{prefix}-ceo", role=roles.CHIEF_EXECUTIVE),
        dmpc=create_user(f"{prefix}-dmpc", role=roles.DECISION_MAKER),
        governance=create_user(f"{prefix}-governance", role=roles.GOVERNANCE),
    )


def mopac() -> Organisation:
    """MOPAC, numbering its decisions PCD 2000 onwards (clear of the demo's PCD 1838)."""
    from decisions.models import ReferenceSeries

    organisation, _created = Organisation.objects.get_or_create(
        name=MOPAC_NAME, defaults={"short_name": "MOPAC", "kind": OrganisationKind.POLICING_BODY}
    )
    ReferenceSeries.objects.get_or_create(policing_body=organisation, defaults={"prefix": "PCD", "next_number": 2000})
    return organisation


def tick_declarations(decision: Decision, *, by) -> None:
    decision.declarations.update(confirmed=True, confirmed_on=timezone.localdate(), confirmed_by=by)


def complete_draft(
    *,
    drafter,
    title: str = "Changes to the National Policing Programme Grant Agreement",
    reference: str | None = None,
) -> Decision:
    """A MOPAC draft with everything submission needs: summary, a recommendation, the six sections, every tick."""
    decision = decision_create(by=drafter, policing_body=mopac(), title=title, reference=reference)
    decision.executive_summary = "This paper seeks approval to accept additional Home Office funding."
    decision.save(update_fields=["executive_summary"])
    Recommendation.objects.create(decision=decision, position=1, text="Approve acceptance of the additional funding.")
    for position, kind in enumerate(REQUIRED_SECTIONS[FormType.MOPAC_PCD], start=1):
        section = Section.objects.create(
            decision=decision, position=position, kind=kind, heading=str(SectionKind(kind).label)
        )
        Paragraph.objects.create(section=section, position=1, text=f"The {SectionKind(kind).label.lower()} in full.")
    tick_declarations(decision, by=drafter)
    return decision


def make_submittable(decision: Decision, *, by) -> Decision:
    """What a drafter adds to a draft started from a variation before submitting it: a paragraph in every required
    section still empty, and every declaration ticked."""
    for kind in REQUIRED_SECTIONS[FormType(decision.form_type)]:
        section = decision.sections.filter(kind=kind).first()
        if section is None:
            position = (decision.sections.order_by("-position").values_list("position", flat=True).first() or 0) + 1
            section = Section.objects.create(
                decision=decision, position=position, kind=kind, heading=str(SectionKind(kind).label)
            )
        if not section.paragraphs.exists():
            Paragraph.objects.create(section=section, position=1, text=f"The {SectionKind(kind).label.lower()}.")
    if decision.drafted_by_id is None:
        decision_name_drafting_officer(decision=decision, officer=by, by=by)
    tick_declarations(decision, by=by)
    decision.refresh_from_db()
    return decision


@dataclass
class Cast:
    """Who does what when a decision is driven through the workflow (each a different person)."""

    drafter: object
    ceo: object
    dmpc: object
    governance: object


# The path the services take from a fresh draft to each state.
PATHS: dict[DecisionStatus, tuple[str, ...]] = {
    DecisionStatus.DRAFT: (),
    DecisionStatus.SUBMITTED: ("submit",),
    DecisionStatus.CLEARED: ("submit", "clear"),
    DecisionStatus.APPROVED: ("submit", "clear", "approve"),
    DecisionStatus.PUBLISHED: ("submit", "clear", "approve", "publish"),
    DecisionStatus.RETURNED: ("submit", "return"),
    DecisionStatus.REJECTED: ("submit", "reject"),
    DecisionStatus.WITHDRAWN: ("withdraw",),
}


def perform(action: str, decision: Decision, *, by, **options) -> Decision:
    """Call the service for ``action`` with what a careful user would give it (right password, statement ticked)."""
    if action == "submit":
        return decision_submit(decision=decision, by=by, **options)
    if action == "clear":
        return decision_clear(
            decision=decision, by=by, **{"password": PASSWORD, "statement_confirmed": True, **options}
        )
    if action == "approve":
        return decision_approve(
            decision=decision, by=by, **{"password": PASSWORD, "statement_confirmed": True, **options}
        )
    if action == "publish":
        return decision_publish(decision=decision, by=by, **options)
    if action == "return":
        return decision_return(decision=decision, by=by, **{"reason": "Please add the legal advice.", **options})
    if action == "reject":
        return decision_reject(decision=decision, by=by, **{"reason": "Not value for money.", **options})
    if action == "withdraw":
        return decision_withdraw(decision=decision, by=by, **{"reason": "No longer needed.", **options})
    raise ValueError(action)


# Who in the cast takes each step of a path.
_ACTOR = {
    "submit": "drafter",
    "clear": "ceo",
    "approve": "dmpc",
    "publish": "governance",
    "return": "ceo",
    "reject": "dmpc",
    "withdraw": "drafter",
}


def drive(decision: Decision, *, to: DecisionStatus, cast: Cast) -> Decision:
    """Move a fresh complete draft to ``to`` through the services."""
    for action in PATHS[DecisionStatus(to)]:
        decision = perform(action, decision, by=getattr(cast, _ACTOR[action]))
    decision.refresh_from_db()
    assert decision.status == to
    return decision


def decision_in(status: DecisionStatus, *, cast: Cast) -> Decision:
    return drive(complete_draft(drafter=cast.drafter), to=status, cast=cast)


def state_message(decision: Decision, *, status: str, action_past: str, allowed: str) -> str:
    return f"{decision.reference} is {status}, so it cannot be {action_past}: only a decision that is {allowed} can."


# --- Grant 685 as in the seed ---------------------------------------------------------------------------------------


def grant_685() -> Grant:
    """Home Office grant 685 for the Digital Public Contact programme, 2024/25, £20.698m as first awarded."""
    home_office, _created = Organisation.objects.get_or_create(
        name="Home Office", defaults={"short_name": "HO", "kind": OrganisationKind.GOVERNMENT_DEPARTMENT}
    )
    mps, _created = Organisation.objects.get_or_create(
        name="Metropolitan Police Service", defaults={"short_name": "MPS", "kind": OrganisationKind.POLICE_FORCE}
    )
    programme = Programme.objects.create(
        name="Digital Public Contact", short_name="DPC", host=mps, contracting_authority=mopac()
    )
    return Grant.objects.create(
        funder_reference="685",
        title="Digital Public Contact National Policing Programme Grant",
        funder=home_office,
        recipient=mopac(),
        host=mps,
        programme=programme,
        financial_year="2024/25",
        original_award_amount=Decimal("20698000.00"),
        awarded_on=dt.date(2024, 11, 1),
    )


def match_funding_variation(grant: Grant) -> GrantVariation:
    return GrantVariation.objects.create(
        grant=grant,
        sequence=1,
        kind=VariationKind.MATCH_FUNDING,
        amount_change=Decimal("1870000.00"),
        letter_reference="685 Digital Public Contact Grant Variation Letter 2024/25",
        letter_date=dt.date(2025, 3, 14),
    )
