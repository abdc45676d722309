"""Reads for the forces pages: counts by stage, forces live over time, each force's stage, the plans table's rows,
and a force's plans with their stage history."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from decisions.models import Decision
from forces.choices import ForceKind, SignatoryCapacity, Stage
from forces.models import AgreementSignatory, CollaborationAgreement, Force, OnboardingPlan, Service

DEFAULT_SERVICE_CODE = "soh"

# The dates that mark each stage, in the order a plan goes through them.
STAGE_DATES = (
    (Stage.STATEMENT_OF_INTENT, "intent_signed_on"),
    (Stage.ONBOARDING_STARTED, "onboarding_started_on"),
    (Stage.LIVE, "live_on"),
    (Stage.WITHDRAWN, "withdrawn_on"),
)


def chosen_service(code: str | None) -> Service | None:
    """The service named by ``code``, else SOH, else the first service."""
    services = Service.objects.all()
    return (
        (services.filter(code=code).first() if code else None)
        or services.filter(code=DEFAULT_SERVICE_CODE).first()
        or services.first()
    )


def stage_counts(service: Service) -> list[tuple[Stage, int]]:
    """How many territorial forces' plans for ``service`` are at each stage, every stage listed (one query)."""
    counted = dict(
        OnboardingPlan.objects.filter(service=service, force__kind=ForceKind.TERRITORIAL)
        .order_by()
        .values_list("stage")
        .annotate(count=Count("pk"))
    )
    return [(stage, counted.get(stage.value, 0)) for stage in Stage]


def forces_at_stage(service: Service, stage: Stage) -> list[Force]:
    return list(Force.objects.filter(plans__service=service, plans__stage=stage).order_by("name"))


@dataclass(frozen=True)
class LiveStep:
    """On ``day``, ``added`` forces went live, making ``total`` live."""

    day: dt.date
    added: int
    total: int
    forces: tuple[str, ...] = field(default=())


def live_over_time(service: Service) -> list[LiveStep]:
    """The cumulative count of territorial forces live on ``service``, one step per go-live date.

    Plans withdrawn after going live cannot happen (live is final), so the count only rises.
    """
    rows = (
        OnboardingPlan.objects.filter(
            service=service, stage=Stage.LIVE, live_on__isnull=False, force__kind=ForceKind.TERRITORIAL
        )
        .order_by("live_on", "force__name")
        .values_list("live_on", "force__name")
    )
    steps: list[LiveStep] = []
    for day, force_name in rows:
        if steps and steps[-1].day == day:
            last = steps[-1]
            steps[-1] = LiveStep(day, last.added + 1, last.total + 1, (*last.forces, force_name))
        else:
            total = steps[-1].total + 1 if steps else 1
            steps.append(LiveStep(day, 1, total, (force_name,)))
    return steps


def force_stages(service: Service) -> list[tuple[Force, Stage | None]]:
    """Every territorial force with the stage of its plan for ``service`` (None without a plan), by name."""
    stages = dict(OnboardingPlan.objects.filter(service=service).values_list("force_id", "stage"))
    return [
        (force, Stage(stages[force.pk]) if force.pk in stages else None)
        for force in Force.objects.filter(kind=ForceKind.TERRITORIAL).order_by("name")
    ]


def _complete_block(capacity: SignatoryCapacity) -> Exists:
    return Exists(
        AgreementSignatory.objects.filter(agreement=OuterRef("agreement"), capacity=capacity, signed_on__isnull=False)
        .exclude(signed_by_name="")
        .exclude(execution="")
        .exclude(witness_name="")
        .exclude(witness_address="")
        .exclude(witness_occupation="")
    )


def plans_for_table() -> QuerySet[OnboardingPlan]:
    """Every plan, ready for ``OnboardingPlanTable``: force, service and agreement joined, ``agreement_signed``
    annotated (both blocks signed and witnessed) and decisions prefetched, so the query count does not grow with rows.
    """
    return (
        OnboardingPlan.objects.select_related("force", "service", "agreement")
        .annotate(
            agreement_signed=Q(agreement__isnull=False)
            & _complete_block(SignatoryCapacity.CHIEF_OFFICER)
            & _complete_block(SignatoryCapacity.POLICING_BODY)
        )
        .prefetch_related(Prefetch("decisions", queryset=Decision.objects.only("pk", "reference", "title")))
    )


# --- A force's page -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StageDate:
    stage: Stage
    day: dt.date


@dataclass(frozen=True)
class HistoryEntry:
    """A recorded change of a plan's stage: when it was recorded, to which stage, by whom, and why."""

    recorded_at: dt.datetime
    stage: Stage
    by: str
    reason: str
    created: bool


@dataclass
class PlanHistory:
    plan: OnboardingPlan
    stage_dates: list[StageDate]
    changes: list[HistoryEntry]


def stage_dates(plan: OnboardingPlan) -> list[StageDate]:
    """The dates of each stage the plan has reached, from its own date fields, in order."""
    return [StageDate(stage, getattr(plan, name)) for stage, name in STAGE_DATES if getattr(plan, name)]


def stage_changes(records) -> list[HistoryEntry]:
    """From a plan's simple-history records (any order), the ones where the stage changed, oldest first."""
    entries: list[HistoryEntry] = []
    previous_stage = None
    for record in sorted(records, key=lambda record: (record.history_date, record.history_id)):
        if record.stage == previous_stage:
            continue
        user = record.history_user
        entries.append(
            HistoryEntry(
                recorded_at=record.history_date,
                stage=Stage(record.stage),
                by=(user.get_full_name() or user.get_username()) if user else "",
                reason=record.history_change_reason or "",
                created=record.history_type == "+",
            )
        )
        previous_stage = record.stage
    return entries


def force_plans(force: Force) -> list[PlanHistory]:
    """The force's plans with their stage dates and recorded stage changes; a fixed number of queries."""
    history_model = OnboardingPlan.history.model
    plans = list(
        force.plans.select_related("service", "agreement")
        .prefetch_related(Prefetch("decisions", queryset=Decision.objects.order_by("reference")))
        .order_by("service__name")
    )
    records: dict[int, list] = {plan.pk: [] for plan in plans}
    for record in history_model.objects.filter(id__in=records).select_related("history_user"):
        records[record.id].append(record)
    return [PlanHistory(plan, stage_dates(plan), stage_changes(records[plan.pk])) for plan in plans]


def force_agreements(force: Force) -> QuerySet[CollaborationAgreement]:
    return force.agreements.prefetch_related("signatories", "services", "forces").order_by("title")


def force_decisions(force: Force) -> list[Decision]:
    """Decisions linked to any of the force's plans, newest reference last."""
    return list(Decision.objects.filter(onboarding_plans__force=force).distinct().order_by("reference"))


# --- On-boarding progress -----------------------------------------------------------------------------------------


PLANNED_STAGES = (Stage.STATEMENT_OF_INTENT, Stage.ONBOARDING_STARTED)


@dataclass(frozen=True)
class ForceToCome:
    """A territorial force not yet live on a service: its plan's stage (None without a plan) and target year."""

    force: Force
    stage: Stage | None
    target_financial_year: object = None


@dataclass(frozen=True)
class OnboardingProgress:
    """How many territorial forces are live on a service, of how many, and which forces are still to come."""

    live: int
    total: int
    to_come: list[ForceToCome]

    @property
    def percent(self) -> int:
        return round(100 * self.live / self.total) if self.total else 0

    @property
    def planned(self) -> list[ForceToCome]:
        """The forces still to come that have a plan (intent signed, or on-boarding), nearest target year first."""
        return [entry for entry in self.to_come if entry.stage in PLANNED_STAGES]

    @property
    def without_plan(self) -> list[ForceToCome]:
        """The forces with no plan, or whose plan was withdrawn."""
        return [entry for entry in self.to_come if entry.stage not in PLANNED_STAGES]


def onboarding_progress(service: Service) -> OnboardingProgress:
    """Live against all territorial forces, and every force not live with its plan's stage and target year, those
    with the nearest target year first (two queries)."""
    plans = {
        plan.force_id: plan
        for plan in OnboardingPlan.objects.filter(service=service, force__kind=ForceKind.TERRITORIAL).only(
            "force_id", "stage", "target_financial_year"
        )
    }
    forces = list(Force.objects.filter(kind=ForceKind.TERRITORIAL).order_by("name"))
    live = sum(1 for plan in plans.values() if plan.stage == Stage.LIVE)
    to_come = [
        ForceToCome(
            force,
            Stage(plans[force.pk].stage) if force.pk in plans else None,
            plans[force.pk].target_financial_year if force.pk in plans else None,
        )
        for force in forces
        if force.pk not in plans or plans[force.pk].stage != Stage.LIVE
    ]
    to_come.sort(key=lambda entry: (entry.target_financial_year is None, str(entry.target_financial_year or "")))
    return OnboardingProgress(live=live, total=len(forces), to_come=to_come)
