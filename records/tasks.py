"""Background work of the records app: sealing an approved decision, and catching up on seals left undone."""

import logging

from django_tasks import task

from core.background import enqueue_after_commit, is_queued, uses_database_queue

logger = logging.getLogger(__name__)


@task()
def seal_decision(*, decision_id: int) -> str:
    """Seal one approved decision (idempotent: a sealed one is left as it is; one being sealed elsewhere is skipped).

    A failure is recorded on the seal with the time of the next attempt, which the periodic catch-up queues.
    """
    from records.sealing import decision_seal

    seal = decision_seal(decision_id=decision_id)
    return seal.status if seal is not None else "busy"


def queue_seals_left_undone(now) -> int:
    """Queue sealing for approved decisions never sealed, or failed and due again (a task lost with a killed worker
    is made good here). A decision whose task already waits is not queued twice."""
    from records.sealing import seals_to_retry

    queued = 0
    for decision_id in seals_to_retry(now).values_list("pk", flat=True)[:200]:
        if uses_database_queue() and is_queued(seal_decision, decision_id=decision_id):
            continue
        enqueue_after_commit(seal_decision, decision_id=decision_id)
        queued += 1
    return queued
