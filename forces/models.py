"""Police forces, the national services they on-board to, their plans, s22A agreements and cost shares."""

import pgtrigger
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.financial_year import FinancialYearField
from core.money import MoneyField, format_gbp_short
from core.text import BoundedTextField
from core.triggers import history_append_only
from core.validators import validate_pdf_upload
from forces.choices import (
    Country,
    Execution,
    ForceKind,
    PolicingBodyKind,
    Publication,
    SignatoryCapacity,
    Stage,
)

TERRITORIAL_FORCE_COUNT = 43
# The blocks a Section 22A agreement needs signed and witnessed: the chief officer's and the policing body's.
SIGNED_BY = (SignatoryCapacity.CHIEF_OFFICER, SignatoryCapacity.POLICING_BODY)

# A signature block is complete when it is signed (name, date, execution) and witnessed (name, address, occupation).
_BLOCK_COMPLETE = (
    "{row}.signed_on IS NOT NULL AND {row}.signed_by_name <> '' AND {row}.execution <> ''"
    " AND {row}.witness_name <> '' AND {row}.witness_address <> '' AND {row}.witness_occupation <> ''"
)
# An agreement is signed when the chief officer's and the policing body's blocks are both complete.
_AGREEMENT_SIGNED = (
    "(SELECT COUNT(*) FROM forces_agreementsignatory s WHERE s.agreement_id = {agreement}"  # noqa: S608 - constants
    " AND s.capacity IN ('chief_officer', 'policing_body') AND " + _BLOCK_COMPLETE.format(row="s") + ") = 2"
)
AGREEMENT_SIGNED_SQL = f"""
    IF {_AGREEMENT_SIGNED.format(agreement="OLD.id")} THEN
        IF TG_OP = 'DELETE' OR (to_jsonb(NEW) - ARRAY['publication', 'published_on'])
            IS DISTINCT FROM (to_jsonb(OLD) - ARRAY['publication', 'published_on']) THEN
            RAISE EXCEPTION 'This Section 22A agreement is signed: only its publication can be recorded.'
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
"""
SIGNATORY_SIGNED_SQL = f"""
    IF (TG_OP <> 'INSERT' AND ({_BLOCK_COMPLETE.format(row="OLD")}
            OR {_AGREEMENT_SIGNED.format(agreement="OLD.agreement_id")}))
        OR (TG_OP = 'INSERT' AND {_AGREEMENT_SIGNED.format(agreement="NEW.agreement_id")}) THEN
        RAISE EXCEPTION 'This signature block of a signed Section 22A agreement cannot change.'
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
    RETURN NEW;
"""


class Force(models.Model):
    """One row is a police force (the 43 territorial forces of England and Wales) or a national policing body."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("short name for addresses"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ForceKind.choices, default=ForceKind.TERRITORIAL)
    country = models.CharField(_("country"), max_length=10, choices=Country.choices)
    policing_body_kind = models.CharField(_("policing body type"), max_length=20, choices=PolicingBodyKind.choices)
    policing_body_name = models.CharField(
        _("policing body"), max_length=200, help_text=_("e.g. Police and Crime Commissioner for Lancashire")
    )
    chief_officer_title = models.CharField(
        _("chief officer title"), max_length=120, default="Chief Constable", help_text=_("e.g. Chief Constable")
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    """One row is a national service or capability forces join, e.g. Single Online Home (SOH)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    description = models.TextField(_("description"), blank=True)
    programme = models.ForeignKey(
        "grants.Programme",
        on_delete=models.PROTECT,
        related_name="services",
        null=True,
        blank=True,
        verbose_name=_("programme"),
    )
    is_mandated = models.BooleanField(_("mandated for every force"), default=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name


class CollaborationAgreement(models.Model):
    """One row is a collaboration agreement under section 22A of the Police Act 1996."""

    title = models.CharField(_("title"), max_length=300)
    objective = BoundedTextField(_("objective"), blank=True, max_length=5_000)
    forces = models.ManyToManyField(Force, related_name="agreements", verbose_name=_("forces party to it"))
    services = models.ManyToManyField(Service, related_name="agreements", blank=True, verbose_name=_("services"))
    document = models.FileField(
        _("signed agreement (PDF)"), upload_to="agreements/%Y/", blank=True, validators=[validate_pdf_upload]
    )
    publication = models.CharField(
        _("publication (s23E)"), max_length=30, choices=Publication.choices, default=Publication.NOT_PUBLISHED
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(publication=Publication.NOT_PUBLISHED, published_on__isnull=True)
                | (~Q(publication=Publication.NOT_PUBLISHED) & Q(published_on__isnull=False)),
                name="agreement_publication_dated",
                violation_error_message=_("Give the publication date if, and only if, the agreement is published."),
            )
        ]
        # Signed by both parties, the agreement stands as signed (its publication under s23E is recorded later).
        triggers = [
            pgtrigger.Trigger(
                name="agreement_fixed_once_signed",
                when=pgtrigger.Before,
                operation=pgtrigger.Update | pgtrigger.Delete,
                func=AGREEMENT_SIGNED_SQL,
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_signed(self) -> bool:
        """Both required blocks (the chief officer's and the policing body's) signed and witnessed: the agreement
        then stands as signed (PostgreSQL refuses changes but to its publication)."""
        blocks = [block for block in self.signatories.all() if block.capacity in SIGNED_BY]
        return sorted(block.capacity for block in blocks if not block.missing) == sorted(SIGNED_BY)


class AgreementSignatory(models.Model):
    """One row is a signature block of an agreement: the party, who signed, and their witness."""

    agreement = models.ForeignKey(CollaborationAgreement, on_delete=models.CASCADE, related_name="signatories")
    capacity = models.CharField(_("capacity"), max_length=20, choices=SignatoryCapacity.choices)
    party = models.CharField(
        _("signed for and on behalf of"),
        max_length=300,
        help_text=_("e.g. THE CHIEF CONSTABLE OF LANCASHIRE CONSTABULARY"),
    )
    signed_by_name = models.CharField(_("signed by"), max_length=200, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    execution = models.CharField(_("execution"), max_length=20, choices=Execution.choices, blank=True)
    witness_name = models.CharField(_("witness name"), max_length=200, blank=True)
    witness_address = BoundedTextField(_("witness address"), blank=True, max_length=500)
    witness_occupation = models.CharField(_("witness occupation"), max_length=200, blank=True)
    witness_signed = models.BooleanField(_("witness signature present"), default=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["agreement", "capacity"]
        verbose_name_plural = _("agreement signatories")
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "capacity"],
                condition=~Q(capacity=SignatoryCapacity.OTHER),
                name="agreement_one_signatory_per_capacity",
                violation_error_message=_("This agreement already has a signatory in that capacity."),
            ),
            models.CheckConstraint(
                condition=Q(signed_on__isnull=True) | (~Q(signed_by_name="") & ~Q(execution="")),
                name="signatory_signed_needs_name_and_execution",
                violation_error_message=_("A signed block needs the signatory's name and how it was executed."),
            ),
        ]
        # A block signed and witnessed stands as it was; once both parties have signed, nothing is added or removed.
        triggers = [
            pgtrigger.Trigger(
                name="signatory_fixed_once_signed",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
                func=SIGNATORY_SIGNED_SQL,
            )
        ]

    def __str__(self) -> str:
        return f"{self.party} – {self.signed_by_name or _('unsigned')}"

    @property
    def missing(self) -> list[str]:
        """What this block still lacks before it counts as signed and witnessed."""
        gaps = []
        if not self.signed_by_name:
            gaps.append(_("the signatory's name"))
        if not self.signed_on:
            gaps.append(_("the date signed"))
        if not self.execution:
            gaps.append(_("how it was executed (wet ink or electronic)"))
        if not self.witness_name:
            gaps.append(_("the witness's name"))
        if not self.witness_address:
            gaps.append(_("the witness's address"))
        if not self.witness_occupation:
            gaps.append(_("the witness's occupation"))
        return gaps


class OnboardingPlan(models.Model):
    """One row is a force's plan to join one national service, from statement of intent to live."""

    force = models.ForeignKey(Force, on_delete=models.PROTECT, related_name="plans", verbose_name=_("force"))
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="plans", verbose_name=_("service"))
    stage = models.CharField(_("stage"), max_length=30, choices=Stage.choices, default=Stage.STATEMENT_OF_INTENT)
    intent_signed_on = models.DateField(_("statement of intent signed"), null=True, blank=True)
    onboarding_started_on = models.DateField(_("on-boarding started"), null=True, blank=True)
    live_on = models.DateField(_("went live"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn"), null=True, blank=True)
    target_financial_year = FinancialYearField(_("target financial year"), null=True, blank=True)
    complexity_notes = BoundedTextField(_("complexity notes"), blank=True, max_length=5_000)
    agreement = models.ForeignKey(
        CollaborationAgreement,
        on_delete=models.PROTECT,
        related_name="plans",
        null=True,
        blank=True,
        verbose_name=_("s22A agreement"),
    )
    decisions = models.ManyToManyField(
        "decisions.Decision", related_name="onboarding_plans", blank=True, verbose_name=_("decisions")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["force", "service"]
        constraints = [
            models.UniqueConstraint(
                fields=["force", "service"],
                name="plan_one_per_force_and_service",
                violation_error_message=_("This force already has a plan for that service."),
            ),
            models.CheckConstraint(
                condition=~Q(stage=Stage.ONBOARDING_STARTED) | Q(onboarding_started_on__isnull=False),
                name="plan_started_is_dated",
                violation_error_message=_("Give the date on-boarding started."),
            ),
            models.CheckConstraint(
                condition=~Q(stage=Stage.LIVE) | Q(live_on__isnull=False),
                name="plan_live_is_dated",
                violation_error_message=_("Give the date the force went live."),
            ),
            models.CheckConstraint(
                condition=~Q(stage=Stage.WITHDRAWN) | Q(withdrawn_on__isnull=False),
                name="plan_withdrawn_is_dated",
                violation_error_message=_("Give the date the plan was withdrawn."),
            ),
            models.CheckConstraint(
                condition=Q(onboarding_started_on__isnull=True)
                | Q(intent_signed_on__isnull=True)
                | Q(onboarding_started_on__gte=F("intent_signed_on")),
                name="plan_started_after_intent",
                violation_error_message=_("On-boarding cannot start before the statement of intent."),
            ),
            models.CheckConstraint(
                condition=Q(live_on__isnull=True)
                | Q(onboarding_started_on__isnull=True)
                | Q(live_on__gte=F("onboarding_started_on")),
                name="plan_live_after_started",
                violation_error_message=_("A force cannot go live before on-boarding started."),
            ),
        ]
        indexes = [models.Index(fields=["stage"])]

    def __str__(self) -> str:
        return f"{self.force} – {self.service} ({self.get_stage_display()})"


class CostShareScenario(models.Model):
    """One row is a stated cost to each force per year, given how many forces are on board (seed: £102K at 43)."""

    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="cost_scenarios", verbose_name=_("service")
    )
    forces_on_board = models.PositiveSmallIntegerField(_("forces on board"))
    per_force_annual_amount = MoneyField(_("cost per force per year"))
    label = models.CharField(_("label"), max_length=100, blank=True, help_text=_("e.g. Best case"))
    financial_year = FinancialYearField(_("from financial year"), null=True, blank=True)
    source_decision = models.ForeignKey(
        "decisions.Decision",
        on_delete=models.PROTECT,
        related_name="cost_scenarios",
        null=True,
        blank=True,
        verbose_name=_("stated in decision"),
    )

    class Meta:
        ordering = ["service", "-forces_on_board"]
        constraints = [
            models.CheckConstraint(
                condition=Q(forces_on_board__gte=1, forces_on_board__lte=TERRITORIAL_FORCE_COUNT),
                name="scenario_forces_between_1_and_43",
                violation_error_message=_("A scenario covers between 1 and 43 forces."),
            ),
            models.CheckConstraint(
                condition=Q(per_force_annual_amount__gt=0),
                name="scenario_cost_positive",
                violation_error_message=_("The cost per force must be more than zero."),
            ),
            models.UniqueConstraint(
                fields=["service", "forces_on_board"],
                name="scenario_unique_per_count",
                violation_error_message=_("That service already has a scenario for that number of forces."),
            ),
        ]

    def __str__(self) -> str:
        amount = format_gbp_short(self.per_force_annual_amount)
        return f"{self.service}: {amount} per force with {self.forces_on_board} on board"


history_append_only(CollaborationAgreement, AgreementSignatory, OnboardingPlan)
