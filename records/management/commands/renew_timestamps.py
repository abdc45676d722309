"""``manage.py renew_timestamps``: add a new document time-stamp to every sealed PDF whose last time-stamp's
certificate expires within ``--within-days`` (365), storing each as a new version (PAdES B-LTA).

Safe to run from a scheduler, as often as wanted and from several machines at once: each document is locked while
it is renewed, one renewed meanwhile is left alone, and a document not yet due is never touched. Exits non-zero if
any document could not be renewed.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from records.renewal import NotExtended, documents_due_for_renewal, sealed_document_renew
from records.signing import SigningNotConfigured


class Command(BaseCommand):
    help = "Renew the document time-stamps of sealed PDFs before their certificates expire."

    def add_arguments(self, parser):
        parser.add_argument(
            "--within-days",
            type=int,
            default=365,
            help="Renew time-stamps whose certificate expires within this many days (default 365).",
        )

    def handle(self, *args, within_days: int, **options):
        within = dt.timedelta(days=within_days)
        renewed = failed = 0
        for document in documents_due_for_renewal(within=within).select_related("decision"):
            try:
                version = sealed_document_renew(document=document, within=within)
            except SigningNotConfigured as error:
                raise CommandError(str(error)) from error
            except NotExtended as error:
                failed += 1
                self.stderr.write(str(error))
                continue
            except Exception as error:  # one document's failure does not stop the others
                failed += 1
                self.stderr.write(f"Could not renew {document}: {error}")
                continue
            if version is not None:
                renewed += 1
                if options["verbosity"]:
                    self.stdout.write(
                        f"Renewed {document}: version {version.number}, time-stamped "
                        f"{version.timestamp_at:%d/%m/%Y %H:%M:%S %Z}, valid until "
                        f"{version.archive_timestamp_expires_at:%d/%m/%Y}."
                    )
        if options["verbosity"]:
            self.stdout.write(f"{renewed} document(s) renewed.")
        if failed:
            raise CommandError(f"{failed} document(s) could not be renewed.")
