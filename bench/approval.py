"""Benchmark: the DMPC's "Sign and approve" request, against a trivial POST of the same page.

    .venv/bin/python bench/approval.py [--decisions 8]

Approves N decisions through the signing page (Django's test client, in this process) with the database queue as
in production — the request commits the approval and queues sealing, and renders no PDF — and, for each, first
posts the same page without a password (the form comes back with its error: the trivial POST). Reports both
medians and their ratio, then runs one worker batch and checks every decision was sealed.

The password hasher is the tests' fast one, so that the figures show the work of the request and not the cost of
checking a password (the production hasher takes 0.4–1.5 s here, by design, once per signature).

Runs on its own SQLite database and signing certificate in a temporary folder; touches nothing else.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_environment(folder: Path) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": f"sqlite:///{folder / 'bench.sqlite3'}",
            "SIGNING_KEY_FILE": str(folder / "key.pem"),
            "SIGNING_CERT_FILE": str(folder / "cert.pem"),
            "SEALED_ROOT": str(folder / "sealed"),
            "MEDIA_ROOT": str(folder / "media"),
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "PUBLISH_REQUIRES_GOVERNANCE": "false",
            "LOG_LEVEL": "WARNING",
        }
    )
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    call_command("make_signing_certificate", verbosity=0)


def waiting_decisions(count: int) -> tuple[list, object]:
    """``count`` decisions cleared by the Chief Executive, waiting for the DMPC."""
    from tests.builders import cast_of, complete_draft, perform

    cast = cast_of("bench")
    decisions = []
    for number in range(count):
        decision = complete_draft(drafter=cast.drafter, title=f"Benchmark decision {number}")
        perform("submit", decision, by=cast.drafter)
        perform("clear", decision, by=cast.ceo)
        decisions.append(decision)
    return decisions, cast.dmpc


def bench(count: int) -> dict:
    from django.test import Client
    from django.urls import reverse

    from decisions.content import decision_content_hash
    from tests.builders import PASSWORD

    decisions, dmpc = waiting_decisions(count)
    client = Client()
    client.force_login(dmpc)
    approve, trivial = [], []
    for decision in decisions:
        url = reverse("decisions:sign", args=[decision.pk])
        form = {"statement_confirmed": "on", "content_hash": decision_content_hash(decision), "interests": "None."}
        started = time.perf_counter()
        response = client.post(url, form)  # no password: the form comes back with its error
        trivial.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
        started = time.perf_counter()
        response = client.post(url, {**form, "password": PASSWORD})
        approve.append(time.perf_counter() - started)
        assert response.status_code == 302, response.content[:500]
    return {"approve": approve, "trivial": trivial, "decisions": decisions}


def drain_queue() -> float:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--decisions", type=int, default=8)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-approval-") as folder:
        setup_environment(Path(folder))
        result = bench(args.decisions)
        approve, trivial = statistics.median(result["approve"]), statistics.median(result["trivial"])
        print(f"Approval request (commits, queues sealing): median {approve * 1000:.0f} ms over {args.decisions}")
        print(f"Trivial POST of the signing page:           median {trivial * 1000:.0f} ms")
        print(f"Ratio: {approve / trivial:.2f}")
        seconds = drain_queue()
        from records.models import DecisionSeal, SealStatus

        sealed = DecisionSeal.objects.filter(decision__in=result["decisions"], status=SealStatus.SEALED).count()
        print(f"Then one worker sealed {sealed} of {args.decisions} decisions in {seconds:.1f} s")


if __name__ == "__main__":
    main()
