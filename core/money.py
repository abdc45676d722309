"""Money: pounds and pence as ``Decimal``, never float.

One parser (:func:`parse_amount`) for every way an amount comes in, one quantizer, and the two
ways the forms write money: ``£1,870,000.00`` in tables and ``£1.87m`` in prose.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

PENNY = Decimal("0.01")
MAX_DIGITS = 14
DECIMAL_PLACES = 2


def quantize(amount: Decimal) -> Decimal:
    """Round to whole pence (SQLite's ``Sum`` returns odd scales such as ``…640``)."""
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def parse_amount(value: object) -> Decimal:
    """Read an amount of money typed by a person or held in a file.

    Accepts ``1870000``, ``1870000.00``, ``1,870,000.00``, ``£1,870,000.00`` and a leading minus.
    Refuses floats (they cannot hold pence exactly), exponent notation such as ``1.87e6``,
    more than two decimal places and anything that is not a number, each with its own message.
    """
    if isinstance(value, (bool, float)):
        raise ValidationError(
            _("Amounts must be given as exact pounds and pence, not as a floating-point number."),
            code="float",
        )
    if isinstance(value, Decimal):
        text = format(value, "f")
        if not value.is_finite():
            raise ValidationError(_("Enter an amount in pounds and pence."), code="invalid")
    elif isinstance(value, int):
        return quantize(Decimal(value))
    else:
        text = str(value).strip().replace(",", "").replace("£", "").replace(" ", "")
    if not text:
        raise ValidationError(_("Enter an amount in pounds and pence."), code="required")
    if "e" in text.lower():
        raise ValidationError(
            _("Write the amount in full (for example 1870000.00), not in exponent notation."),
            code="exponent",
        )
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValidationError(
            _("Enter an amount in pounds and pence, for example 1,870,000.00."), code="invalid"
        ) from None
    if not amount.is_finite():
        raise ValidationError(_("Enter an amount in pounds and pence."), code="invalid")
    if -amount.as_tuple().exponent > DECIMAL_PLACES:
        raise ValidationError(
            _("Amounts are in pounds and pence: use at most 2 decimal places."),
            code="decimal_places",
        )
    amount = quantize(amount)
    if len(amount.as_tuple().digits) > MAX_DIGITS:
        raise ValidationError(_("That amount is too large."), code="max_digits")
    return amount


def format_gbp(amount: Decimal | None) -> str:
    """``£1,870,000.00``; negatives as ``−£50,000.00``."""
    if amount is None:
        return ""
    amount = quantize(Decimal(amount))
    sign = "−" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


def format_gbp_short(amount: Decimal | None) -> str:
    """The prose style of the forms: ``£1.87m``, ``£20.698m``, ``£102K``, ``£950``."""
    if amount is None:
        return ""
    amount = quantize(Decimal(amount))
    sign = "−" if amount < 0 else ""
    size = abs(amount)
    if size >= 1_000_000:
        return f"{sign}£{_trim(size / 1_000_000)}m"
    if size >= 1_000:
        return f"{sign}£{_trim(size / 1_000)}K"
    return f"{sign}£{_trim(size)}"


def _trim(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


class MoneyField(models.DecimalField):
    """A GBP amount: ``Decimal`` with 2 places, up to £999,999,999,999.99."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", MAX_DIGITS)
        kwargs.setdefault("decimal_places", DECIMAL_PLACES)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        # Keep migrations free of the defaults so a change of default is one edit here.
        if kwargs.get("max_digits") == MAX_DIGITS:
            del kwargs["max_digits"]
        if kwargs.get("decimal_places") == DECIMAL_PLACES:
            del kwargs["decimal_places"]
        return name, path, args, kwargs

    def to_python(self, value):
        if value is None or isinstance(value, Decimal):
            return value if value is None else quantize(value) if value.is_finite() else value
        return parse_amount(value)

    def formfield(self, **kwargs):
        from core.forms import MoneyFormField

        return super().formfield(**{"form_class": MoneyFormField, **kwargs})
