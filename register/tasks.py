"""Background work of the register: putting Part 1 of a decision on the public register when it falls due.

A decision not deferred is published as soon as it is sealed; a deferred one on its deferral date (a task queued to
run that day). Every worker's periodic catch-up also publishes whatever is due (`publish_due` does the same by hand),
so nothing waits on a task lost or a worker down. With ``PUBLISH_REQUIRES_GOVERNANCE`` on, nothing is published
automatically: governance publishes from the due list.
"""

import datetime as dt
import logging
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from core.background import enqueue_after_commit

logger = logging.getLogger(__name__)


def automatic() -> bool:
    return not getattr(settings, "PUBLISH_REQUIRES_GOVERNANCE", False)


@task()
def publish_decision(*, decision_id: int) -> str:
    """Publish one decision if its Part 1 is due today (idempotent: a published or not-yet-due one is left)."""
    from decisions.models import Decision
    from register.publication import decision_publish_due

    if not automatic():
        return "governance publishes"
    decision = Decision.objects.filter(pk=decision_id).first()
    if decision is None:
        return "gone"
    published = decision_publish_due(decision=decision, today=timezone.localdate())
    return "published" if published else "not due"


def publish_when_sealed(decision) -> None:
    """Once a decision is sealed: publish it now if it is due, or queue its publication for its deferral date."""
    if not automatic():
        return
    if decision.part_1_deferred and decision.deferral_until and decision.deferral_until > timezone.localdate():
        # Just after midnight, London time, on the day the deferral ends.
        zone = ZoneInfo(settings.TIME_ZONE)
        run_after = dt.datetime.combine(decision.deferral_until, dt.time(0, 5), tzinfo=zone)
        enqueue_after_commit(publish_decision, run_after=run_after, decision_id=decision.pk)
    else:
        enqueue_after_commit(publish_decision, decision_id=decision.pk)


def publish_what_is_due(now) -> int:
    """The periodic catch-up: publish every decision due today or before (each once, whichever worker gets it).

    One whose PDFs are still being sealed (or whose sealing keeps failing) waits for them, but not past the last day
    it may be published by: the duty to publish comes before the PDF, which follows when it is sealed.
    """
    from decisions.hooks import record_states_for
    from register.publication import decision_publish_due, due_for_publication, publication_deadline

    if not automatic():
        return 0
    today = timezone.localdate(now)
    due = list(due_for_publication(today=today).order_by("pk")[:500])
    unsealed = record_states_for([decision.pk for decision in due])
    published = 0
    for decision in due:
        deadline = publication_deadline(decision, decision.decided_on)
        if decision.pk in unsealed and deadline and today < deadline:
            continue
        if decision_publish_due(decision=decision, today=today) is not None:
            published += 1
    return published
