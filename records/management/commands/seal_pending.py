"""``manage.py seal_pending``: seal every approved decision that has no sealed PDF yet (or whose sealing failed).

Sealing normally happens right after approval; this catches up after a failure (no certificate, a crash) and
after importing historic signed decisions. Safe to run repeatedly, e.g. from cron.
"""

from django.core.management.base import BaseCommand

from decisions.choices import FROZEN_STATUSES
from decisions.models import Decision
from records.models import SealStatus
from records.sealing import decision_seal


class Command(BaseCommand):
    help = "Seal approved decisions that are not sealed yet."

    def handle(self, *args, **options):
        pending = Decision.objects.filter(status__in=FROZEN_STATUSES).exclude(seal__status=SealStatus.SEALED)
        failures = 0
        for decision in pending.order_by("pk"):
            seal = decision_seal(decision_id=decision.pk)
            if seal.status == SealStatus.SEALED:
                if options["verbosity"]:
                    self.stdout.write(f"Sealed {decision.reference}.")
            else:
                failures += 1
                self.stderr.write(f"Could not seal {decision.reference}: {seal.error}")
        if failures:
            self.stderr.write(
                f"{failures} decision(s) could not be sealed; they are listed as failed in the back office."
            )
