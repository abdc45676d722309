"""Loading the forces' side of the demo: s22A agreements, on-boarding plans and SOH cost shares.

The forces and services themselves come from the forces app's data migration; they are looked up here.
"""

from collections import defaultdict

from django.core.management.base import CommandError

from decisions.models import Decision
from demo import lancashire, mopac, onboarding, people
from demo.onboarding import PlanText
from demo.rows import Tally, upsert
from forces.choices import ForceKind, Publication, SignatoryCapacity, Stage
from forces.models import (
    AgreementSignatory,
    CollaborationAgreement,
    CostShareScenario,
    Force,
    OnboardingPlan,
    Service,
)
from grants.models import Programme

STARTED_STAGES = (Stage.ONBOARDING_STARTED, Stage.LIVE)


def reference_data() -> tuple[dict[str, Force], dict[str, Service]]:
    """The forces and services of the forces app's data migration, which load_demo does not create."""
    forces = {force.slug: force for force in Force.objects.filter(kind=ForceKind.TERRITORIAL)}
    services = {service.code: service for service in Service.objects.filter(code__in=mopac.DPC_SERVICE_CODES)}
    named = {plan.force for plan in onboarding.NAMED_PLANS}
    missing = sorted(named - forces.keys()) + sorted(set(mopac.DPC_SERVICE_CODES) - services.keys())
    if missing:
        raise CommandError(
            f"The forces reference data is missing ({', '.join(missing)}). Run `manage.py migrate` first."
        )
    return forces, services


def link_services_to_programme(services: dict[str, Service], programme: Programme) -> None:
    for service in services.values():
        if service.programme_id is None:
            service.programme = programme
            service.save(update_fields=["programme"])


def demo_plans(forces: dict[str, Force]) -> list[PlanText]:
    """Every plan of the demo: those the seeds tell of, and SOH go-lives for the other forces."""
    with_a_story = {plan.force for plan in onboarding.NAMED_PLANS if plan.service == onboarding.SOH}
    others = sorted(slug for slug in forces if slug not in with_a_story)
    generated = [onboarding.soh_live_plan(slug, slot, len(others)) for slot, slug in enumerate(others)]
    return [*onboarding.NAMED_PLANS, *generated]


def load_lancashire_agreement(tally: Tally, force: Force, services: dict[str, Service]) -> CollaborationAgreement:
    data = lancashire.AGREEMENT
    values = {key: value for key, value in data.items() if key != "title"}
    agreement = upsert(tally, CollaborationAgreement, {"title": data["title"]}, values)
    agreement.forces.add(force)
    agreement.services.add(*(services[code] for code in onboarding.AGREEMENT_BASE_SERVICES))
    for capacity, party, name, signed_on, (witness, address, occupation) in lancashire.SIGNATORIES:
        values = {
            "party": party,
            "signed_by_name": name,
            "signed_on": signed_on,
            "execution": lancashire.SIGNATORY_EXECUTION,
            "witness_name": witness,
            "witness_address": address,
            "witness_occupation": occupation,
            "witness_signed": True,
        }
        upsert(tally, AgreementSignatory, {"agreement": agreement, "capacity": capacity}, values)
    return agreement


def chief_officer_party(force: Force) -> str:
    title = force.chief_officer_title
    party = title if " of " in title.lower() else f"{title} of {force.name}"
    return f"THE {party}".upper()


def load_force_agreement(
    tally: Tally, force: Force, plans: list[PlanText], services: dict[str, Service], index: int
) -> CollaborationAgreement:
    """A signed agreement for a force the seeds do not show, covering the services it has started on."""
    start = min(plan.onboarding_started_on for plan in plans)
    values = {
        "objective": onboarding.AGREEMENT_OBJECTIVE.format(force=force.name),
        "publication": Publication.TITLE_AND_OBJECTIVE,
        "published_on": start - onboarding.PUBLISHED_BEFORE_START,
    }
    agreement = upsert(
        tally, CollaborationAgreement, {"title": onboarding.AGREEMENT_TITLE.format(force=force.name)}, values
    )
    agreement.forces.add(force)
    codes = {*onboarding.AGREEMENT_BASE_SERVICES, *(plan.service for plan in plans)}
    agreement.services.add(*(services[code] for code in sorted(codes)))
    blocks = (
        (
            SignatoryCapacity.CHIEF_OFFICER,
            chief_officer_party(force),
            start - onboarding.CHIEF_OFFICER_SIGNS_BEFORE_START,
            f"{force.name} headquarters",
            onboarding.CHIEF_OFFICER_WITNESS_OCCUPATION,
        ),
        (
            SignatoryCapacity.POLICING_BODY,
            f"THE {force.policing_body_name}".upper(),
            start - onboarding.POLICING_BODY_SIGNS_BEFORE_START,
            f"the office of the {force.policing_body_name}",
            onboarding.POLICING_BODY_WITNESS_OCCUPATION,
        ),
    )
    for offset, (capacity, party, signed_on, organisation, occupation) in enumerate(blocks):
        values = {
            "party": party,
            "signed_by_name": people.fictitious_name(index * 4 + offset),
            "signed_on": signed_on,
            "execution": lancashire.SIGNATORY_EXECUTION,
            "witness_name": people.fictitious_name(index * 4 + offset + 2),
            "witness_address": onboarding.WITNESS_ADDRESS.format(organisation=organisation),
            "witness_occupation": occupation,
            "witness_signed": True,
        }
        upsert(tally, AgreementSignatory, {"agreement": agreement, "capacity": capacity}, values)
    return agreement


def load_agreements(
    tally: Tally, forces: dict[str, Force], services: dict[str, Service], plans: list[PlanText]
) -> dict[str, CollaborationAgreement]:
    """One signed agreement per force that has started on any service, keyed by force slug."""
    started: dict[str, list[PlanText]] = defaultdict(list)
    for plan in plans:
        if plan.stage in STARTED_STAGES:
            started[plan.force].append(plan)
    agreements = {}
    for index, slug in enumerate(sorted(started)):
        if slug == onboarding.LANCASHIRE:
            agreements[slug] = load_lancashire_agreement(tally, forces[slug], services)
        else:
            agreements[slug] = load_force_agreement(tally, forces[slug], started[slug], services, index)
    return agreements


def load_plan(
    tally: Tally,
    plan: PlanText,
    forces: dict[str, Force],
    services: dict[str, Service],
    agreements: dict[str, CollaborationAgreement],
    decisions: dict[str, Decision],
) -> OnboardingPlan:
    values = {
        "stage": plan.stage,
        "intent_signed_on": plan.intent_signed_on,
        "onboarding_started_on": plan.onboarding_started_on,
        "live_on": plan.live_on,
        "target_financial_year": plan.target_financial_year,
        "complexity_notes": plan.complexity_notes,
        "agreement": agreements.get(plan.force) if plan.stage in STARTED_STAGES else None,
    }
    lookup = {"force": forces[plan.force], "service": services[plan.service]}
    onboarding_plan = upsert(tally, OnboardingPlan, lookup, values)
    # Only the links not made yet: adding one again would still touch the link table, which a signed decision's
    # links may not.
    linked = set(onboarding_plan.decisions.values_list("pk", flat=True))
    onboarding_plan.decisions.add(*(decisions[key] for key in plan.decisions if decisions[key].pk not in linked))
    return onboarding_plan


def load_cost_scenarios(tally: Tally, service: Service, source: Decision) -> None:
    for forces_on_board, amount, label in lancashire.COST_SCENARIOS:
        values = {
            "per_force_annual_amount": amount,
            "label": label,
            "financial_year": lancashire.COST_SCENARIO_YEAR,
            "source_decision": source,
        }
        upsert(tally, CostShareScenario, {"service": service, "forces_on_board": forces_on_board}, values)


def load_forces(
    tally: Tally, forces: dict[str, Force], services: dict[str, Service], decisions: dict[str, Decision]
) -> None:
    """Agreements first, then the plans that rest on them, then the SOH cost shares of the Lancashire form."""
    plans = demo_plans(forces)
    agreements = load_agreements(tally, forces, services, plans)
    for plan in plans:
        load_plan(tally, plan, forces, services, agreements, decisions)
    load_cost_scenarios(tally, services[onboarding.SOH], decisions["lancashire"])
