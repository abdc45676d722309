"""Money: pounds and pence as ``Decimal``, never float.

One parser (:func:`parse_amount`) for every way an amount comes in, one quantizer, and the two
ways the forms write money: ``£1,870,000.00`` in tables and ``£1.87m`` in prose.
"""

import re
from decimal import ROUND_HALF_UP, Decimal, Inexact, localcontext

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

PENNY = Decimal("0.01")
MAX_DIGITS = 14
DECIMAL_PLACES = 2
# What a MoneyField column holds: 12 digits of pounds and 2 of pence.
MAX_POUNDS_DIGITS = MAX_DIGITS - DECIMAL_PLACES
LARGEST_AMOUNT = Decimal(10**MAX_POUNDS_DIGITS) - PENNY

# The one shape an amount may be written in, matched over ASCII before anything reaches Decimal (which would
# also read "1_000", Unicode digits and exponents, and fail on more digits than its context holds): one optional
# minus (ASCII or U+2212, as the field's hint writes it), an optional pound sign, whole pounds written plainly or
# with a comma between each group of three, and optional pence.
_AMOUNT = re.compile(
    r"(?P<minus>[-\u2212])?£?(?P<pounds>[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)(?:\.(?P<pence>[0-9]*))?",
    re.ASCII,
)
# Near misses, each told apart so that the message says what to change. Each is a sequence of disjoint character
# classes, so that matching takes time in proportion to the text, however long.
_EXPONENT = re.compile(r"[-\u2212]?£?[0-9][0-9,]*(?:\.[0-9]*)?[eE][-+]?[0-9]+", re.ASCII)
_SIGNED = re.compile(r"[-\u2212+£]*[0-9][0-9,]*(?:\.[0-9]*)?[-\u2212+]*", re.ASCII)
_COMMAS = re.compile(r"[-\u2212]?£?,*[0-9][0-9,]*(?:\.[0-9]*)?", re.ASCII)
_SPACED = re.compile(r"[-\u2212]?[£ \u00a0\u202f]*[0-9][0-9, \u00a0\u202f]*(?:\.[0-9 \u00a0\u202f]*)?", re.ASCII)
_DIGIT = re.compile(r"[0-9]", re.ASCII)
_SIGNS = frozenset("-\u2212+")
_SPACES = frozenset(" \u00a0\u202f")


def quantize(amount: Decimal) -> Decimal:
    """Round to whole pence (SQLite's ``Sum`` returns odd scales such as ``…640``)."""
    return amount.quantize(PENNY, rounding=ROUND_HALF_UP)


def _invalid() -> ValidationError:
    return ValidationError(_("Enter an amount in pounds and pence, for example 1,870,000.00."), code="invalid")


def _too_large() -> ValidationError:
    return ValidationError(
        _("That amount is too large: the largest allowed is %(largest)s.") % {"largest": format_gbp(LARGEST_AMOUNT)},
        code="max_digits",
    )


def _too_many_places() -> ValidationError:
    return ValidationError(
        _("Amounts are in pounds and pence: use at most 2 decimal places."),
        code="decimal_places",
    )


def parse_amount(value: object) -> Decimal:
    """Read an amount of money typed by a person or held in a file.

    Accepts ``1870000``, ``1870000.00``, ``1,870,000.00``, ``£1,870,000.00`` and one leading minus (``-`` or ``−``),
    up to £999,999,999,999.99 either way. Refuses floats (they cannot hold pence exactly), exponent notation such as
    ``1.87e6``, commas that do not separate thousands, spaces inside the amount, digits other than 0–9, more than two
    decimal places, amounts too large for the database and anything else that is not an amount, each with its own
    message and code.
    """
    if isinstance(value, (bool, float)):
        raise ValidationError(
            _("Amounts must be given as exact pounds and pence, not as a floating-point number."),
            code="float",
        )
    if isinstance(value, Decimal):
        return _bounded_decimal(value)
    if isinstance(value, int):
        if abs(value) > LARGEST_AMOUNT:
            raise _too_large()
        return quantize(Decimal(value))
    text = str(value).strip()
    if not text:
        raise ValidationError(_("Enter an amount in pounds and pence."), code="required")
    match = _AMOUNT.fullmatch(text)
    if match is None:
        raise _why_not(text)
    pounds = match["pounds"].replace(",", "").lstrip("0")
    if len(match["pence"] or "") > DECIMAL_PLACES:
        raise _too_many_places()
    if len(pounds) > MAX_POUNDS_DIGITS:
        raise _too_large()
    amount = quantize(Decimal(f"{pounds or '0'}.{match['pence'] or '0'}"))
    return -amount if match["minus"] else amount


# The prose style of the forms, read back: ``£1.87m``, ``£20.698m``, ``£250K``, ``-£50K``.
_SHORT_AMOUNT = re.compile(
    r"(?P<minus>[-\u2212])?£?(?P<number>(?:[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)(?:\.[0-9]+)?) ?(?P<unit>[mMkK])",
    re.ASCII,
)
_SHORT_UNITS = {"m": 6, "k": 3}


def parse_short_amount(value: object) -> Decimal | None:
    """Read an amount written the way the forms write it in prose: ``£1.87m`` is £1,870,000.00, ``£250K`` is
    £250,000.00, exactly (``Decimal``, never float). ``None`` when the text is not in that style (read it with
    :func:`parse_amount` then); refuses one that would need fractions of a penny, or is too large.
    """
    if not isinstance(value, str):
        return None
    match = _SHORT_AMOUNT.fullmatch(value.strip())
    if match is None:
        return None
    digits = match["number"].replace(",", "")
    if len(digits) > 4 * MAX_DIGITS:  # far too long to be an amount, whatever its unit
        raise _too_large()
    # Exactly: wide enough for any number that got this far, and an inexact step is an error, never rounded.
    with localcontext() as exact:
        exact.prec = 8 * MAX_DIGITS
        exact.traps[Inexact] = True
        amount = Decimal(digits).scaleb(_SHORT_UNITS[match["unit"].lower()])
        if amount and amount.adjusted() >= MAX_POUNDS_DIGITS:
            raise _too_large()
        try:
            whole_pence = amount == amount.quantize(PENNY)
        except Inexact:
            whole_pence = False
    if not whole_pence:
        raise ValidationError(
            _("That amount goes below a penny: write it in full, for example 1,870,000.00."),
            code="decimal_places",
        )
    amount = quantize(amount)
    return -amount if match["minus"] else amount


def _why_not(text: str) -> ValidationError:
    """The refusal of ``text``, which is not an amount: the first near miss it is, else a general one."""
    if any(character.isdigit() and not character.isascii() for character in text):
        return ValidationError(
            _("Write the amount with the digits 0 to 9, for example 1,870,000.00."), code="non_ascii_digits"
        )
    if not _DIGIT.search(text):
        return ValidationError(_("Enter an amount in pounds and pence."), code="invalid")
    if _EXPONENT.fullmatch(text):
        return ValidationError(
            _("Write the amount in full (for example 1870000.00), not in exponent notation."),
            code="exponent",
        )
    if _SIGNED.fullmatch(text) and not _SIGNS.isdisjoint(text):
        return ValidationError(
            _(
                "Write an increase without a sign (1,870,000.00) and a reduction with one minus sign at the start "
                "(-50,000.00)."
            ),
            code="sign",
        )
    if _COMMAS.fullmatch(text):
        return ValidationError(
            _("Put commas only between groups of three digits (1,870,000.00), or leave them out (1870000.00)."),
            code="grouping",
        )
    if _SPACED.fullmatch(text) and not _SPACES.isdisjoint(text):
        return ValidationError(
            _("Remove the spaces inside the amount: write it like 1,870,000.00 or 1870000.00."), code="spaces"
        )
    return _invalid()


def _bounded_decimal(value: Decimal) -> Decimal:
    # Judged on its own terms: formatting an exponent such as 1E+999999999 in full would take the memory of a
    # billion digits.
    if not value.is_finite():
        raise ValidationError(_("Enter an amount in pounds and pence."), code="invalid")
    if value.as_tuple().exponent < -DECIMAL_PLACES:
        raise _too_many_places()
    if value and value.adjusted() >= MAX_POUNDS_DIGITS:
        raise _too_large()
    return quantize(value)


def format_gbp(amount: Decimal | None) -> str:
    """``£1,870,000.00``; negatives as ``−£50,000.00``."""
    if amount is None:
        return ""
    amount = quantize(Decimal(amount))
    sign = "−" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


_SHORT_PLACES = Decimal("0.001")


def format_gbp_short(amount: Decimal | None) -> str:
    """The prose style of the forms: ``£1.87m``, ``£20.698m``, ``£102K``, ``£950``.

    Millions and thousands keep at most three decimals (``£1,234,567.89`` is ``£1.235m``); what would round up to
    1000K is written ``£1m``.
    """
    if amount is None:
        return ""
    amount = quantize(Decimal(amount))
    sign = "−" if amount < 0 else ""
    size = abs(amount)
    thousands = _short(size / 1_000)
    if size >= 1_000_000 or thousands >= 1_000:
        return f"{sign}£{_trim(_short(size / 1_000_000))}m"
    if size >= 1_000:
        return f"{sign}£{_trim(thousands)}K"
    return f"{sign}£{_trim(size)}"


def _short(number: Decimal) -> Decimal:
    return number.quantize(_SHORT_PLACES, rounding=ROUND_HALF_UP)


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
        if value is None:
            return None
        if isinstance(value, Decimal):
            # A Decimal comes from code (a sum, a service), not from a person: rounded to pence, as before, but
            # never past what the column holds.
            if not value.is_finite():
                return parse_amount(value)
            if value and value.adjusted() >= MAX_POUNDS_DIGITS:
                raise _too_large()
            amount = quantize(value)
            if amount and amount.adjusted() >= MAX_POUNDS_DIGITS:
                raise _too_large()
            return amount
        return parse_amount(value)

    def formfield(self, **kwargs):
        from core.forms import MoneyFormField

        return super().formfield(**{"form_class": MoneyFormField, **kwargs})
