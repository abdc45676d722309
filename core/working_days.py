"""Working days in England and Wales: Monday to Friday, bank holidays (from the ``holidays`` package) not counting.

Publication deadlines ("within 3 working days of approval") and deferrals ("10 working days after approval") are
counted with them.
"""

import datetime as dt
from functools import cache

import holidays


@cache
def _bank_holidays(year: int) -> frozenset[dt.date]:
    # Substitute days ("observed") are included, so a Christmas on a Saturday moves the holiday to the Monday.
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday, and not a bank holiday in England and Wales."""
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def working_day_deadline(start: dt.date, working_days: int) -> dt.date:
    """The ``working_days``-th working day after ``start`` ("within 3 working days of approval": approved on a
    Thursday before Easter 2025, due on the Thursday after, Good Friday and Easter Monday not counting).

    Zero (or fewer) working days leaves the deadline on ``start``.
    """
    if working_days <= 0:
        return start
    day, counted = start, 0
    while True:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            counted += 1
            if counted == working_days:
                return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """How many working days there are after ``start``, up to and including ``end``: how long something that
    arrived on ``start`` has waited by ``end`` (arrived on a Friday, waiting on the Monday: 1); 0 when ``end`` is
    not after ``start``."""
    if end <= start:
        return 0
    return sum(1 for offset in range(1, (end - start).days + 1) if is_working_day(start + dt.timedelta(days=offset)))
