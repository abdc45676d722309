"""UK financial years (1 April to 31 March), written ``2024/25``."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

_PATTERN = re.compile(r"^(\d{4})/(\d{2})$")
FIRST_YEAR = 1990
LAST_YEAR = 2099


@dataclass(frozen=True, order=True)
class FinancialYear:
    """One financial year, named by the calendar year it starts in: ``FinancialYear(2024)`` is 2024/25."""

    start_year: int

    def __post_init__(self):
        if not FIRST_YEAR <= self.start_year <= LAST_YEAR:
            raise ValidationError(
                _("Financial years run from %(first)s to %(last)s."),
                code="out_of_range",
                params={"first": f"{FIRST_YEAR}/{(FIRST_YEAR + 1) % 100:02d}", "last": f"{LAST_YEAR}/00"},
            )

    @classmethod
    def parse(cls, value: object) -> FinancialYear:
        """Read ``2024/25``; refuse ``2024/26``, ``24-25`` and the like with a message that says why."""
        if isinstance(value, FinancialYear):
            return value
        text = str(value).strip()
        match = _PATTERN.match(text)
        if not match:
            raise ValidationError(
                _("“%(value)s” is not a financial year: write it like 2024/25."),
                code="invalid",
                params={"value": text},
            )
        start, end = int(match[1]), int(match[2])
        if (start + 1) % 100 != end:
            raise ValidationError(
                _("“%(value)s” is not a financial year: %(start)s is followed by %(expected)s."),
                code="not_consecutive",
                params={"value": text, "start": start, "expected": f"{start}/{(start + 1) % 100:02d}"},
            )
        return cls(start)

    @classmethod
    def containing(cls, day: dt.date) -> FinancialYear:
        return cls(day.year if day.month >= 4 else day.year - 1)

    @property
    def starts_on(self) -> dt.date:
        return dt.date(self.start_year, 4, 1)

    @property
    def ends_on(self) -> dt.date:
        return dt.date(self.start_year + 1, 3, 31)

    def next(self) -> FinancialYear:
        return FinancialYear(self.start_year + 1)

    def __str__(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"


def validate_financial_year(value: object) -> None:
    FinancialYear.parse(value)


class FinancialYearField(models.CharField):
    """Stores ``2024/25`` as text (sorts correctly, reads plainly in exports); gives back a FinancialYear."""

    description = _("UK financial year")

    def __init__(self, *args, **kwargs):
        kwargs["max_length"] = 7
        super().__init__(*args, **kwargs)
        self.validators.append(validate_financial_year)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        del kwargs["max_length"]
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return None
        return FinancialYear.parse(value)

    def to_python(self, value):
        if value is None or value == "":
            return None
        return FinancialYear.parse(value)

    def get_prep_value(self, value):
        if value is None or value == "":
            return value
        return str(FinancialYear.parse(value))

    def run_validators(self, value):
        # The length and format validators read text, not the value type.
        super().run_validators(None if value is None else str(value))

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return "" if value is None else str(value)

    def formfield(self, **kwargs):
        from core.forms import FinancialYearFormField

        return super().formfield(**{"form_class": FinancialYearFormField, **kwargs})
