"""The cost share per force: the curve fixed + pool ÷ n through the two stated scenarios of the Lancashire form."""

from decimal import Decimal

import pytest

from forces.costs import CostShareModel, Refused, cost_model_for, cost_share_estimate

pytestmark = pytest.mark.django_db

BEST = (43, Decimal("102000.00"))
WORST = (20, Decimal("180000.00"))


@pytest.fixture
def model() -> CostShareModel:
    return CostShareModel.fit(BEST, WORST)


def test_the_curve_passes_through_both_stated_scenarios_to_the_penny(model):
    assert model.per_force(43) == Decimal("102000.00")
    assert model.per_force(20) == Decimal("180000.00")


def test_the_fitted_fixed_part_and_pool(model):
    # 102,000 = F + P/43 and 180,000 = F + P/20 give P = 67,080,000/23 and F = 786,000/23.
    assert model.pool_amount == Decimal("2916521.74")
    assert model.fixed_amount == Decimal("34173.91")


def test_a_number_in_between_reads_off_the_same_curve(model):
    assert model.per_force(30) == Decimal("131391.30")
    assert model.per_force(41) == Decimal("105308.59")


def test_fewer_forces_cost_each_force_more(model):
    amounts = [model.per_force(count) for count in range(1, 44)]
    assert amounts == sorted(amounts, reverse=True)


@pytest.mark.parametrize("count", [0, 44, -1])
def test_a_number_of_forces_outside_1_to_43_is_refused(model, count):
    with pytest.raises(Refused) as refused:
        model.per_force(count)
    assert refused.value.message == f"A cost share can be estimated for 1 to 43 forces on board, not {count}."


def test_the_method_is_stated_with_the_fitted_figures(model):
    method = model.method()
    assert "fixed part of £34,173.91" in method
    assert "pool of £2,916,521.74" in method
    assert "£102,000.00 each with 43 forces" in method
    assert "£180,000.00 each with 20 forces" in method


def test_the_soh_estimate_counts_the_forces_live_or_on_boarding(soh):
    model = cost_model_for(soh)
    assert model.per_force(43) == Decimal("102000.00")
    estimate = cost_share_estimate(soh)
    # 41 live and 2 on-boarding, each with a signed s22A agreement.
    assert estimate.forces_on_board == 43
    assert estimate.per_force_amount == Decimal("102000.00")


def test_a_service_without_two_scenarios_has_no_estimate(demo):
    from forces.models import Service

    estimate = cost_share_estimate(Service.objects.get(code="mypolice-portal"))
    assert estimate.per_force_amount is None
    assert estimate.problem == "MyPolice Portal has 0 cost-share scenario(s); two are needed to estimate a cost."
