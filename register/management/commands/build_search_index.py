"""``manage.py build_search_index``: write the search entry of every signed decision again (PostgreSQL).

The entries are derived from the decisions, so this is always safe: after restoring a backup, after a bulk load, or
to catch any decision whose entry was not written (one signed or published by ``QuerySet.update``).
"""

from django.core.management.base import BaseCommand

from register.search import full_text, index_decisions


class Command(BaseCommand):
    help = "Write the full-text search entries of every signed decision (Part 1 only) again."

    def handle(self, *args, **options):
        if not full_text():
            if options["verbosity"]:
                self.stdout.write("This database searches the decisions themselves: there is no index to build.")
            return
        written = index_decisions()
        if options["verbosity"]:
            self.stdout.write(f"Search entries written: {written}.")
