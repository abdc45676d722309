"""``manage.py publish_due``: put on the public register every approved decision whose Part 1 has fallen due.

Due means: on or after the decision date, or, when publication of Part 1 is deferred, on or after the deferral date.
Safe to run from cron as often as wanted: a decision is published once, and a run that finds nothing due does nothing.
``--date`` runs as if on another day (for tests and for catching up).
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from register.publication import publish_due


def _date(value: str | dt.date) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date must be a date written YYYY-MM-DD, not {value!r}.") from None


class Command(BaseCommand):
    help = "Publish Part 1 of every approved decision that is due (on its decision date or its deferral date)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Publish as of this day (YYYY-MM-DD) instead of today.")

    def handle(self, *args, date: str | dt.date | None = None, **options):
        today = _date(date) if date else timezone.localdate()
        published = publish_due(today=today)
        if options["verbosity"]:
            for decision in published:
                self.stdout.write(f"Published {decision.reference} on {today:%d/%m/%Y}.")
            if not published:
                self.stdout.write(f"Nothing due for publication on {today:%d/%m/%Y}.")
