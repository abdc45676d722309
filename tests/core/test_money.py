from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from core.money import LARGEST_AMOUNT, MoneyField, format_gbp, format_gbp_short, parse_amount, parse_short_amount

TOO_LARGE = "That amount is too large: the largest allowed is £999,999,999,999.99."
GENERAL = "Enter an amount in pounds and pence, for example 1,870,000.00."
SIGN = "Write an increase without a sign (1,870,000.00) and a reduction with one minus sign at the start (-50,000.00)."
GROUPING = "Put commas only between groups of three digits (1,870,000.00), or leave them out (1870000.00)."
SPACES = "Remove the spaces inside the amount: write it like 1,870,000.00 or 1870000.00."
DIGITS = "Write the amount with the digits 0 to 9, for example 1,870,000.00."
EXPONENT = "Write the amount in full (for example 1870000.00), not in exponent notation."
PLACES = "Amounts are in pounds and pence: use at most 2 decimal places."


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1870000", Decimal("1870000.00")),
        ("1870000.00", Decimal("1870000.00")),
        ("1,870,000.00", Decimal("1870000.00")),
        ("£1,870,000.00", Decimal("1870000.00")),
        ("870,000", Decimal("870000.00")),
        (" -50000.5 ", Decimal("-50000.50")),
        ("-£50,000.00", Decimal("-50000.00")),
        # The minus sign the field's hint is written with.
        ("−£50,000.00", Decimal("-50000.00")),
        ("−50000", Decimal("-50000.00")),
        ("0", Decimal("0.00")),
        ("\t£999,999,999,999.99\n", Decimal("999999999999.99")),
        ("-999999999999.99", Decimal("-999999999999.99")),
        ("000000000000001.00", Decimal("1.00")),
        (Decimal("20698000"), Decimal("20698000.00")),
        (Decimal("1.5"), Decimal("1.50")),
        (102000, Decimal("102000.00")),
    ],
)
def test_amounts_are_read_as_exact_pounds_and_pence(typed, expected):
    amount = parse_amount(typed)
    assert amount == expected
    assert amount.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("typed", "message", "code"),
    [
        ("1870000.001", PLACES, "decimal_places"),
        ("1,870,000.005", PLACES, "decimal_places"),
        ("1.87e6", EXPONENT, "exponent"),
        ("-2.0698E+7", EXPONENT, "exponent"),
        ("1.87m", GENERAL, "invalid"),
        ("1_000", GENERAL, "invalid"),
        ("0x10", GENERAL, "invalid"),
        (".50", GENERAL, "invalid"),
        ("1.2.3", GENERAL, "invalid"),
        ("££5", GENERAL, "invalid"),
        ("", "Enter an amount in pounds and pence.", "required"),
        ("   ", "Enter an amount in pounds and pence.", "required"),
        ("NaN", "Enter an amount in pounds and pence.", "invalid"),
        ("Infinity", "Enter an amount in pounds and pence.", "invalid"),
        ("£", "Enter an amount in pounds and pence.", "invalid"),
        (1870000.0, "Amounts must be given as exact pounds and pence, not as a floating-point number.", "float"),
        (True, "Amounts must be given as exact pounds and pence, not as a floating-point number.", "float"),
        # Digits other than 0-9, which Decimal would read.
        ("١٨٧٠٠٠٠", DIGITS, "non_ascii_digits"),
        ("１８７００００", DIGITS, "non_ascii_digits"),
        ("£1,87٠,000", DIGITS, "non_ascii_digits"),
        # Commas only between thousands.
        ("1,87,0000", GROUPING, "grouping"),
        ("18,70,000", GROUPING, "grouping"),
        ("1870,000", GROUPING, "grouping"),
        (",100", GROUPING, "grouping"),
        ("1,000,", GROUPING, "grouping"),
        # One minus, at the start.
        ("--50000", SIGN, "sign"),
        ("−-50000", SIGN, "sign"),
        ("£-50000", SIGN, "sign"),
        ("50000-", SIGN, "sign"),
        ("+1,870,000.00", SIGN, "sign"),
        # No spaces inside.
        ("1 870 000", SPACES, "spaces"),
        ("1\u00a0870\u00a0000", SPACES, "spaces"),
        ("£ 50", SPACES, "spaces"),
        ("- 50", SPACES, "spaces"),
        # What the column holds: 12 digits of pounds.
        ("1,000,000,000,000", TOO_LARGE, "max_digits"),
        ("-1000000000000.00", TOO_LARGE, "max_digits"),
        ("1" * 27, TOO_LARGE, "max_digits"),
        pytest.param("9" * 40 + ".99", TOO_LARGE, "max_digits", id="40 digits of pounds"),
        (10**12, TOO_LARGE, "max_digits"),
        pytest.param(10**5000, TOO_LARGE, "max_digits", id="an int of 5001 digits"),
        (Decimal("1E+30"), TOO_LARGE, "max_digits"),
        (Decimal("1E+999999999"), TOO_LARGE, "max_digits"),
        (Decimal("1E-999999999"), PLACES, "decimal_places"),
        (Decimal("NaN"), "Enter an amount in pounds and pence.", "invalid"),
    ],
)
def test_bad_amounts_are_refused_with_a_message(typed, message, code):
    with pytest.raises(ValidationError) as refused:
        parse_amount(typed)
    assert refused.value.messages == [message]
    assert refused.value.code == code


def test_the_largest_amount_is_what_the_column_holds():
    field = MoneyField()
    assert str(LARGEST_AMOUNT) == "999999999999.99"
    assert len(LARGEST_AMOUNT.as_tuple().digits) == field.max_digits
    assert parse_amount(format_gbp(LARGEST_AMOUNT)) == LARGEST_AMOUNT


@pytest.mark.parametrize(
    "text",
    ["-" * 100_000 + "1x", "1" * 1_000_000 + "x", "1," * 300_000 + "x", "£" * 100_000],
    ids=["minus signs", "digits", "commas", "pound signs"],
)
def test_a_very_long_text_is_refused_without_a_crash(text):
    with pytest.raises(ValidationError):
        parse_amount(text)


def test_the_model_field_rounds_a_decimal_to_pence_but_refuses_one_too_large_for_the_column():
    field = MoneyField()
    assert field.to_python(Decimal("1.005")) == Decimal("1.01")
    assert field.to_python("1,870,000") == Decimal("1870000.00")
    assert field.to_python(None) is None
    for value in (Decimal("999999999999.995"), Decimal("1E+30"), "1" * 27):
        with pytest.raises(ValidationError) as refused:
            field.to_python(value)
        assert refused.value.messages == [TOO_LARGE]


def test_amounts_are_written_as_the_forms_write_them():
    assert format_gbp(Decimal("22568000")) == "£22,568,000.00"
    assert format_gbp(Decimal("-50000")) == "−£50,000.00"
    assert format_gbp(None) == ""
    assert format_gbp_short(Decimal("1870000.00")) == "£1.87m"
    assert format_gbp_short(Decimal("20698000.00")) == "£20.698m"
    assert format_gbp_short(Decimal("22568000.00")) == "£22.568m"
    assert format_gbp_short(Decimal("102000.00")) == "£102K"
    assert format_gbp_short(Decimal("950.00")) == "£950"
    assert format_gbp_short(None) == ""


@pytest.mark.parametrize(
    ("amount", "written"),
    [
        ("1230000.00", "£1.23m"),
        ("1234567.89", "£1.235m"),
        ("1234567.00", "£1.235m"),
        ("1234499.99", "£1.234m"),
        ("20698000.00", "£20.698m"),
        ("-1234567.89", "−£1.235m"),
        ("12345.678", "£12.346K"),
        ("1234.56", "£1.235K"),
        ("999499.99", "£999.5K"),
        # What would round to 1000K is a million.
        ("999999.99", "£1m"),
        ("950.50", "£950.5"),
        ("0", "£0"),
    ],
)
def test_short_amounts_keep_at_most_three_decimals(amount, written):
    assert format_gbp_short(Decimal(amount)) == written


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1" + "0" * 21 + "m", "That amount is too large"),
        ("9" * 30 + "k", "That amount is too large"),
        ("1" * 200 + "m", "That amount is too large"),
        ("1." + "0" * 27 + "1m", "That amount goes below a penny"),
        ("£0.000001k", "That amount goes below a penny"),
    ],
)
def test_a_short_amount_too_large_or_too_fine_is_refused_with_its_reason_never_rounded(text, message):
    with pytest.raises(ValidationError) as refused:
        parse_short_amount(text)
    assert message in refused.value.messages[0]
