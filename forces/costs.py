"""The cost to each force per year of a national service, for any number of forces on board.

A service states its cost share for two numbers of forces (the Lancashire form: £102K each if all 43 forces
on-board, £180K if only 20 do). Two points fit exactly one curve of the shape

    cost per force = fixed part + pool ÷ forces on board

that is, a part every force pays whatever the numbers, plus an equal share of a pool split among the forces on board.
The fit is worked in exact fractions from the Decimal amounts (never floats), so it passes through both stated points
to the penny; estimates are rounded to the penny only when shown.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from core.money import format_gbp
from core.refusals import Refused
from forces.choices import ForceKind, Stage
from forces.models import TERRITORIAL_FORCE_COUNT, CostShareScenario, OnboardingPlan, Service

PENNY = Decimal("0.01")

# The forces counted as on board for the estimate: those that have signed the s22A agreement and started, and those
# live. Both are committed to the cost share; a statement of intent is not legally binding, so it does not count.
ON_BOARD_STAGES = (Stage.ONBOARDING_STARTED, Stage.LIVE)


def _pennies(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(PENNY, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class CostShareModel:
    """cost(n) = fixed + pool / n, through two stated scenarios (forces on board, cost per force per year)."""

    fixed: Fraction
    pool: Fraction
    scenarios: tuple[tuple[int, Decimal], tuple[int, Decimal]]

    @classmethod
    def fit(cls, first: tuple[int, Decimal], second: tuple[int, Decimal]) -> "CostShareModel":
        """The one curve through both points.

        From c₁ = F + P/n₁ and c₂ = F + P/n₂: P = (c₁ − c₂)·n₁·n₂ / (n₂ − n₁) and F = c₁ − P/n₁.
        """
        (n1, c1), (n2, c2) = first, second
        if n1 == n2:
            raise Refused(_("Two scenarios for different numbers of forces are needed to estimate a cost."))
        pool = (Fraction(c1) - Fraction(c2)) * n1 * n2 / (n2 - n1)
        fixed = Fraction(c1) - pool / n1
        return cls(fixed=fixed, pool=pool, scenarios=(first, second))

    def per_force(self, forces_on_board: int) -> Decimal:
        """The cost to each force per year with ``forces_on_board`` forces, to the penny; 1 to 43 forces only."""
        if isinstance(forces_on_board, bool) or not isinstance(forces_on_board, int):
            raise Refused(_("The number of forces on board must be a whole number."))
        if not 1 <= forces_on_board <= TERRITORIAL_FORCE_COUNT:
            raise Refused(
                _("A cost share can be estimated for 1 to %(most)s forces on board, not %(count)s.")
                % {"most": TERRITORIAL_FORCE_COUNT, "count": forces_on_board}
            )
        return _pennies(self.fixed + self.pool / forces_on_board)

    @property
    def fixed_amount(self) -> Decimal:
        return _pennies(self.fixed)

    @property
    def pool_amount(self) -> Decimal:
        return _pennies(self.pool)

    def method(self) -> str:
        """The method in words, with the fitted figures."""
        (n1, c1), (n2, c2) = self.scenarios
        return _(
            "The cost to each force per year is a fixed part of %(fixed)s, which every force pays, plus an equal "
            "share of a pool of %(pool)s split among the forces on board: cost = %(fixed)s + %(pool)s ÷ forces on "
            "board. These are the only two figures that give the stated %(c1)s each with %(n1)s forces and %(c2)s "
            "each with %(n2)s forces; every other number of forces is read off the same curve."
        ) % {
            "fixed": format_gbp(self.fixed_amount),
            "pool": format_gbp(self.pool_amount),
            "c1": format_gbp(c1),
            "n1": n1,
            "c2": format_gbp(c2),
            "n2": n2,
        }


def cost_model_for(service: Service) -> CostShareModel:
    """The curve through the service's best and worst stated scenarios (most and fewest forces on board).

    Raises CostShareError when the service has fewer than two scenarios.
    """
    scenarios = list(
        CostShareScenario.objects.filter(service=service)
        .order_by("-forces_on_board")
        .values_list("forces_on_board", "per_force_annual_amount")
    )
    if len(scenarios) < 2:
        raise Refused(
            _("%(service)s has %(count)s cost-share scenario(s); two are needed to estimate a cost.")
            % {"service": service, "count": len(scenarios)}
        )
    return CostShareModel.fit(scenarios[0], scenarios[-1])


def forces_on_board(service: Service) -> int:
    """How many territorial forces count as on board for the cost share: started on-boarding or live."""
    return (
        OnboardingPlan.objects.filter(service=service, stage__in=ON_BOARD_STAGES, force__kind=ForceKind.TERRITORIAL)
        .values("force")
        .distinct()
        .count()
    )


@dataclass(frozen=True)
class CostShareEstimate:
    """What the dashboard shows: the estimate for the forces on board, or why there is none."""

    model: CostShareModel | None
    forces_on_board: int
    per_force_amount: Decimal | None
    problem: str = ""


def cost_share_estimate(service: Service) -> CostShareEstimate:
    """The estimated cost per force per year for ``service`` at the number of forces now on board."""
    count = forces_on_board(service)
    try:
        model = cost_model_for(service)
    except Refused as error:
        return CostShareEstimate(model=None, forces_on_board=count, per_force_amount=None, problem=error.message)
    try:
        amount = model.per_force(count)
    except Refused as error:
        return CostShareEstimate(model=model, forces_on_board=count, per_force_amount=None, problem=error.message)
    return CostShareEstimate(model=model, forces_on_board=count, per_force_amount=amount)
