"""``manage.py run_worker``: a background worker — the database backend's worker (``db_worker``) taking queued
tasks, with the periodic catch-up (:func:`core.background.housekeeping`) beside it every
``WORKER_HOUSEKEEPING_SECONDS``.

Run as many as wanted, on as many machines: each takes one task at a time with ``SELECT … FOR UPDATE SKIP LOCKED``,
and the catch-up is safe to run on all of them at once. Stopped with SIGTERM or Ctrl+C, a worker finishes its task
first; killed outright, what it was doing is done again by another (every task is idempotent).
"""

import logging
import threading

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connections

from core.background import housekeeping, housekeeping_seconds

logger = logging.getLogger("core.background")


class Housekeeper(threading.Thread):
    """Runs the periodic catch-up at once, then every ``every`` seconds, until stopped."""

    def __init__(self, every: float) -> None:
        super().__init__(name="housekeeping", daemon=True)
        self.every = every
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.is_set():
            close_old_connections()
            try:
                housekeeping()
            except Exception:  # never stops the worker; the next round tries again
                logger.exception("Periodic catch-up failed")
            finally:
                connections.close_all()
            self.stopped.wait(self.every)


class Command(BaseCommand):
    help = "Run a background worker: queued tasks, and every few seconds the catch-up of whatever is due or stuck."

    def add_arguments(self, parser):
        parser.add_argument("--queue-name", default="default", help="Queues to take tasks from (comma-separated).")
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between looks at an empty queue.")
        parser.add_argument("--worker-id", default=None, help="A name unique among the workers (default: random).")
        parser.add_argument(
            "--housekeeping-seconds",
            type=float,
            default=None,
            help="Seconds between rounds of the catch-up (default: WORKER_HOUSEKEEPING_SECONDS).",
        )
        parser.add_argument("--no-housekeeping", action="store_true", help="Take tasks only.")

    def handle(self, *args, **options):
        housekeeper = None
        if not options["no_housekeeping"]:
            housekeeper = Housekeeper(options["housekeeping_seconds"] or housekeeping_seconds())
            housekeeper.start()
        worker_options = {
            "queue_name": options["queue_name"],
            "interval": options["interval"],
            "reload": False,
            "startup_delay": False,
            "verbosity": options["verbosity"],
        }
        if options["worker_id"]:
            worker_options["worker_id"] = options["worker_id"]
        try:
            call_command("db_worker", **worker_options)
        finally:
            if housekeeper is not None:
                housekeeper.stopped.set()
