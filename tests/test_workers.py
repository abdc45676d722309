"""Real worker processes on PostgreSQL: approval only queues; workers seal each decision exactly once and put its
Part 1 on the register without anyone running publish_due; a worker killed while sealing leaves no trace, and another
finishes the job."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

from decisions.choices import DecisionStatus
from decisions.models import Decision
from records.models import DecisionSeal, SealedDocument, SealStatus
from tests.builders import cast_of, complete_draft, perform

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[1]
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def queue(settings):
    """The database queue and automatic publication, as in production."""
    settings.TASKS = DATABASE_QUEUE
    settings.PUBLISH_REQUIRES_GOVERNANCE = False


def _database_url() -> str:
    params = connection.settings_dict
    password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
    host, port = params["HOST"] or "127.0.0.1", params["PORT"] or 5432
    return f"postgres://{params['USER']}{password}@{host}:{port}/{params['NAME']}"


def start_worker(name: str, *, pause: float = 0) -> subprocess.Popen:
    """A worker process of the project's own command, on the test database."""
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "PUBLISH_REQUIRES_GOVERNANCE": "false",
        "WORKER_HOUSEKEEPING_SECONDS": "1",
        "SIGNING_KEY_FILE": str(django_settings.SIGNING_KEY_FILE),
        "SIGNING_CERT_FILE": str(django_settings.SIGNING_CERT_FILE),
        "SEALED_ROOT": str(django_settings.SEALED_ROOT),
        "MEDIA_ROOT": str(django_settings.MEDIA_ROOT),
        "SEALING_PAUSE_SECONDS_FOR_TESTS": str(pause),
        "LOG_LEVEL": "WARNING",
    }
    return subprocess.Popen(  # noqa: S603 - the project's own command, arguments fixed here
        [sys.executable, "manage.py", "run_worker", "--interval", "0.2", "--worker-id", name],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def stop(*workers: subprocess.Popen) -> None:
    for worker in workers:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
    for worker in workers:
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()


def wait_for(condition, *, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(0.25)
    raise AssertionError(f"not within {seconds} s: {what}")


def approved_decisions(count: int) -> list[Decision]:
    cast = cast_of("workers")
    decisions = []
    for number in range(count):
        decision = complete_draft(drafter=cast.drafter, title=f"Grant decision {number}")
        for action, by in (("submit", cast.drafter), ("clear", cast.ceo), ("approve", cast.dmpc)):
            perform(action, decision, by=by)
        decisions.append(decision)
    return decisions


def sealed_files() -> set[str]:
    root = Path(django_settings.SEALED_ROOT)
    return {str(path.relative_to(root)) for path in root.rglob("*.pdf")}


def test_two_workers_seal_each_decision_once_and_publish_it_within_a_minute(queue):
    before = sealed_files()
    workers = [start_worker("worker-a"), start_worker("worker-b")]
    try:
        started = time.monotonic()
        decisions = approved_decisions(4)
        # The approval only queued the work: nothing was rendered in the request.
        assert all(Decision.objects.get(pk=d.pk).status == DecisionStatus.APPROVED for d in decisions)

        wait_for(
            lambda: (
                Decision.objects.filter(pk__in=[d.pk for d in decisions], status=DecisionStatus.PUBLISHED).count()
                == len(decisions)
            ),
            seconds=60,
            what="every decision published",
        )
        elapsed = time.monotonic() - started
    finally:
        stop(*workers)

    assert elapsed < 60
    for decision in decisions:
        assert DecisionSeal.objects.get(decision=decision).status == SealStatus.SEALED
        assert SealedDocument.objects.filter(decision=decision).count() == 1  # Part 1 only: no Part 2
        assert decision.events.filter(action="published").count() == 1
    assert sealed_files() - before == set(SealedDocument.objects.values_list("file", flat=True))


def test_a_worker_killed_while_sealing_leaves_no_file_and_another_seals_it_once(queue):
    (decision,) = approved_decisions(1)
    before = sealed_files()
    slow = start_worker("slow", pause=60)
    try:
        # The slow worker has written the signed PDF and not committed: the file is there, its row is not.
        wait_for(lambda: sealed_files() - before, seconds=60, what="the slow worker writing the PDF")
        assert not SealedDocument.objects.filter(decision=decision).exists()
        os.killpg(slow.pid, signal.SIGKILL)
        slow.wait()
    finally:
        stop(slow)

    other = start_worker("other")
    try:
        wait_for(
            lambda: Decision.objects.get(pk=decision.pk).status == DecisionStatus.PUBLISHED,
            seconds=60,
            what="the other worker sealing and publishing it",
        )
    finally:
        stop(other)

    seal = DecisionSeal.objects.get(decision=decision)
    assert seal.status == SealStatus.SEALED
    assert SealedDocument.objects.filter(decision=decision).count() == 1
    assert sealed_files() - before == set(
        SealedDocument.objects.filter(decision=decision).values_list("file", flat=True)
    )
