from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.money import format_gbp, format_gbp_short, parse_amount


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1870000", Decimal("1870000.00")),
        ("1,870,000.00", Decimal("1870000.00")),
        ("£1,870,000.00", Decimal("1870000.00")),
        (" -50000.5 ", Decimal("-50000.50")),
        (Decimal("20698000"), Decimal("20698000.00")),
        (102000, Decimal("102000.00")),
    ],
)
def test_amounts_are_read_as_exact_pounds_and_pence(typed, expected):
    amount = parse_amount(typed)
    assert amount == expected
    assert amount.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1870000.001", "Amounts are in pounds and pence: use at most 2 decimal places."),
        ("1.87e6", "Write the amount in full (for example 1870000.00), not in exponent notation."),
        ("1.87m", "Enter an amount in pounds and pence, for example 1,870,000.00."),
        ("", "Enter an amount in pounds and pence."),
        ("NaN", "Enter an amount in pounds and pence."),
        (1870000.0, "Amounts must be given as exact pounds and pence, not as a floating-point number."),
    ],
)
def test_bad_amounts_are_refused_with_a_message(typed, message):
    with pytest.raises(ValidationError) as refused:
        parse_amount(typed)
    assert refused.value.messages == [message]


def test_amounts_are_written_as_the_forms_write_them():
    assert format_gbp(Decimal("22568000")) == "£22,568,000.00"
    assert format_gbp(Decimal("-50000")) == "−£50,000.00"
    assert format_gbp_short(Decimal("1870000.00")) == "£1.87m"
    assert format_gbp_short(Decimal("20698000.00")) == "£20.698m"
    assert format_gbp_short(Decimal("22568000.00")) == "£22.568m"
    assert format_gbp_short(Decimal("102000.00")) == "£102K"
    assert format_gbp_short(Decimal("950.00")) == "£950"
