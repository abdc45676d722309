import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from core.financial_year import FinancialYear
from core.forms import FinancialYearFormField


def test_a_financial_year_reads_and_writes_as_2024_25():
    year = FinancialYear.parse("2024/25")
    assert year == FinancialYear(2024)
    assert str(year) == "2024/25"
    assert year.starts_on == dt.date(2024, 4, 1)
    assert year.ends_on == dt.date(2025, 3, 31)
    assert str(FinancialYear(1999)) == "1999/00"


@pytest.mark.parametrize(
    ("day", "expected"),
    [(dt.date(2025, 3, 31), "2024/25"), (dt.date(2025, 4, 1), "2025/26"), (dt.date(2025, 4, 8), "2025/26")],
)
def test_the_year_containing_a_day_turns_on_1_april(day, expected):
    assert str(FinancialYear.containing(day)) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("2024/26", "“2024/26” is not a financial year: 2024 is followed by 2024/25."),
        ("24-25", "“24-25” is not a financial year: write it like 2024/25."),
        ("2024-25", "“2024-25” is not a financial year: write it like 2024/25."),
        ("2024", "“2024” is not a financial year: write it like 2024/25."),
    ],
)
def test_bad_financial_years_are_refused_with_a_message(typed, message):
    with pytest.raises(ValidationError) as refused:
        FinancialYear.parse(typed)
    assert refused.value.messages == [message]
    with pytest.raises(ValidationError) as refused_in_form:
        FinancialYearFormField().clean(typed)
    assert refused_in_form.value.messages == [message]
