"""Work done after the request, on Django's tasks framework (the ``django-tasks`` backport of Django 6's
``django.tasks``, with its database backend: tasks wait in the database until a worker takes one, ``SKIP LOCKED``).

The records themselves say what is still to do (a seal still pending, a decision due for publication, a message not
yet sent), so a task is only a prompt to do it: every task is idempotent, and every worker runs the
:data:`periodic` hook every ``WORKER_HOUSEKEEPING_SECONDS`` so that each app queues again whatever is due or was
left undone — a task lost with a killed worker, a retry whose back-off has passed, a deferral that has ended.
"""

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from core.hooks import Hook

logger = logging.getLogger(__name__)

periodic = Hook(
    "periodic",
    "Called with (now) by every worker every WORKER_HOUSEKEEPING_SECONDS; each queues what is due or left undone "
    "(and must be safe to run at the same time on several workers).",
)

# A running task not finished after this long is taken to be lost with its worker (sealing takes seconds).
ABANDONED_AFTER = dt.timedelta(minutes=15)


def enqueue_after_commit(task, *args, run_after: dt.datetime | None = None, **kwargs) -> None:
    """Queue ``task`` once the current transaction commits (at once outside one).

    Queuing never fails the step that caused it: an error is logged, and the periodic catch-up queues the work again.
    """

    def enqueue() -> None:
        try:
            (task.using(run_after=run_after) if run_after else task).enqueue(*args, **kwargs)
        except Exception:
            logger.exception("Could not queue %s %s", task.name, kwargs or args)

    transaction.on_commit(enqueue, robust=True)


def retry_delay(attempts: int) -> dt.timedelta:
    """How long to wait after the ``attempts``-th failure: 30 s, 1 min, 2 min … doubling, at most an hour."""
    return min(dt.timedelta(seconds=30) * 2 ** max(attempts - 1, 0), dt.timedelta(hours=1))


def housekeeping_seconds() -> float:
    return float(getattr(settings, "WORKER_HOUSEKEEPING_SECONDS", 30))


def is_queued(task, **kwargs) -> bool:
    """Whether ``task`` with these keyword arguments already waits in the database for a worker."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    filters = {f"args_kwargs__kwargs__{name}": value for name, value in kwargs.items()}
    return DBTaskResult.objects.filter(task_path=task.module_path, status=TaskResultStatus.READY, **filters).exists()


def uses_database_queue() -> bool:
    backend = settings.TASKS.get("default", {}).get("BACKEND", "")
    return backend.startswith("django_tasks_db.")


def mark_abandoned(now: dt.datetime) -> int:
    """Running tasks older than :data:`ABANDONED_AFTER` were lost with their worker: mark them failed, so that the
    back office shows it (the work itself is queued again by the periodic catch-up)."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    stale = DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING, started_at__lt=now - ABANDONED_AFTER)
    count = 0
    for result in stale:
        result.set_failed(TimeoutError(f"Abandoned: still running {ABANDONED_AFTER} after it started."))
        count += 1
    return count


def housekeeping(now: dt.datetime | None = None) -> None:
    """One pass of the periodic catch-up: each app's part runs on its own, and a failure in one is logged."""
    now = now or timezone.now()
    if uses_database_queue():
        try:
            mark_abandoned(now)
        except Exception:
            logger.exception("Could not mark abandoned tasks")
    for implementation in periodic.implementations:
        try:
            implementation(now)
        except Exception:
            logger.exception("Periodic work %s failed", getattr(implementation, "__qualname__", implementation))
