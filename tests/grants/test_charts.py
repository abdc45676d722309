"""The funding waterfall's data: the award, then each accepted variation as a step from the total before it to the
total after it, ending at the grant's total; and a scale of round amounts that covers every bar."""

from decimal import Decimal

import pytest

from grants.charts import scale_ticks, waterfall_bars
from grants.choices import VariationKind, VariationStatus
from grants.models import GrantVariation
from grants.selectors import grant_ledger, ledger_total
from tests.builders import grant_685, match_funding_variation
from tests.factories import GrantVariationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger():
    """Grant 685: £20.698m, +£1.87m accepted, −£68,000 accepted, and +£500,000 still awaiting a decision."""
    grant = grant_685()
    GrantVariation.objects.filter(pk=match_funding_variation(grant).pk).update(status=VariationStatus.ACCEPTED)
    GrantVariationFactory(
        grant=grant, kind=VariationKind.REDUCTION, amount_change=Decimal("-68000.00"), sequence=2,
        status=VariationStatus.ACCEPTED,
    )  # fmt: skip
    GrantVariationFactory(
        grant=grant, kind=VariationKind.ADDITIONAL_FUNDING, amount_change=Decimal("500000.00"), sequence=3,
        status=VariationStatus.PROPOSED,
    )  # fmt: skip
    return grant_ledger(grant)


def test_the_steps_sum_to_the_grant_total_and_each_starts_where_the_last_ended(ledger):
    *steps, total = waterfall_bars(ledger)
    assert [(step.start, step.end) for step in steps] == [
        (Decimal("0"), Decimal("20698000.00")),
        (Decimal("20698000.00"), Decimal("22568000.00")),
        (Decimal("22568000.00"), Decimal("22500000.00")),
    ]
    assert sum(step.end - step.start for step in steps) == ledger_total(ledger) == Decimal("22500000.00")
    assert (total.start, total.end, total.label, total.amount_text) == (
        Decimal(0), Decimal("22500000.00"), "Current total", "£22,500,000.00",
    )  # fmt: skip
    # The variation awaiting a decision is not a step.
    assert [step.amount_text for step in steps] == ["£20,698,000.00", "+£1,870,000.00", "−£68,000.00"]


def test_the_reduction_is_a_step_down_with_its_own_pattern(ledger):
    award, increase, reduction, _total = waterfall_bars(ledger)
    assert reduction.end < reduction.start
    assert len({award.pattern, increase.pattern, reduction.pattern}) == 3


@pytest.mark.parametrize(
    ("top", "ticks"),
    [
        (Decimal("22568000"), [0, 10_000_000, 20_000_000, 30_000_000]),
        (Decimal("180000"), [0, 50_000, 100_000, 150_000, 200_000]),
        (Decimal("1"), [0, 1]),
        (Decimal("0"), [0]),
    ],
)
def test_the_scale_runs_in_round_steps_from_nothing_past_the_largest_bar(top, ticks):
    assert scale_ticks(top) == [Decimal(tick) for tick in ticks]
