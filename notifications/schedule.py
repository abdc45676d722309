"""What is due by the clock, run by every worker's periodic catch-up (``core.background.periodic``): messages to
send (new ones whose task was lost, failed ones whose pause has passed), reminders to signers, governance's notices
about publication and deferrals, and the daily digests.

Each part is safe to run again and on several workers at once: a scheduled message has an *occasion* that the
database holds once (a reminder for one decision, signer and day; a deadline for one decision and person), a digest
one per person a day, and sending claims each message first (:mod:`notifications.sending`).
"""

import datetime as dt

from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from core.background import enqueue_after_commit, is_queued, uses_database_queue
from core.working_days import is_working_day, working_day_deadline
from decisions.choices import DecisionStatus, Part
from decisions.models import Decision, Recommendation, Section
from decisions.models.events import EventAction
from notifications import messages, recipients
from notifications.choices import NotificationKind
from notifications.models import Notification
from notifications.sending import due_to_send
from notifications.services import digests_make, notify

DEFAULT_REMINDER_WORKING_DAYS = 2
DEFAULT_DEFERRAL_WORKING_DAYS = 5
DEFAULT_PUBLICATION_DEADLINE_WORKING_DAYS = 3


def reminder_working_days() -> int:
    return int(getattr(settings, "NOTIFY_REMINDER_WORKING_DAYS", DEFAULT_REMINDER_WORKING_DAYS))


def deferral_working_days() -> int:
    return int(getattr(settings, "NOTIFY_DEFERRAL_WORKING_DAYS", DEFAULT_DEFERRAL_WORKING_DAYS))


def publication_deadline_working_days() -> int:
    return int(getattr(settings, "PUBLICATION_DEADLINE_WORKING_DAYS", DEFAULT_PUBLICATION_DEADLINE_WORKING_DAYS))


def governance_publishes() -> bool:
    """Whether governance publishes Part 1 by hand (``PUBLISH_REQUIRES_GOVERNANCE``); otherwise the register publishes
    it by itself once sealed, or on its deferral date, and a notice that it is due would ask for nothing."""
    return bool(getattr(settings, "PUBLISH_REQUIRES_GOVERNANCE", False))


def working_days_before(day: dt.date, working_days: int) -> dt.date:
    """The working day ``working_days`` working days before ``day`` (``day`` itself for zero or fewer)."""
    counted = 0
    while counted < working_days:
        day -= dt.timedelta(days=1)
        if is_working_day(day):
            counted += 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end``."""
    return sum(1 for offset in range(1, (end - start).days + 1) if is_working_day(start + dt.timedelta(days=offset)))


# --- Sending what is due ----------------------------------------------------------------------------------------------


def send_due(now: dt.datetime) -> int:
    """Queue every message due to be sent whose task is not already waiting; returns how many were queued."""
    from notifications.tasks import send_notification

    check_queue = uses_database_queue()
    queued = 0
    for notification_id in (
        Notification.objects.filter(due_to_send(now))
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:500]
    ):
        if check_queue and is_queued(send_notification, notification_id=notification_id):
            continue
        enqueue_after_commit(send_notification, notification_id=notification_id)
        queued += 1
    return queued


# --- Reminders to signers ---------------------------------------------------------------------------------------------


def remind_signers(now: dt.datetime) -> list[Notification]:
    """On each working day from ``NOTIFY_REMINDER_WORKING_DAYS`` working days after a decision began to wait for a
    signature (its submission, or its clearing), each signer it waits for is reminded, once that day."""
    today = timezone.localdate(now)
    if not is_working_day(today):
        return []
    made = []
    waiting = Decision.objects.filter(status__in=(DecisionStatus.SUBMITTED, DecisionStatus.CLEARED))
    for decision in waiting.select_related("policing_body").order_by("pk"):
        action = EventAction.SUBMITTED if decision.status == DecisionStatus.SUBMITTED else EventAction.CLEARED
        began = decision.events.filter(action=action).order_by("-at", "-pk").first()
        if began is None:
            continue
        since = timezone.localdate(began.at)
        if today < working_day_deadline(since, reminder_working_days()):
            continue
        made += notify(
            kind=NotificationKind.SIGNATURE_REMINDER,
            recipients=recipients.signers_waited_for(decision),
            decision=decision,
            context={
                **messages.about(decision),
                "since": messages.uk_date(since),
                "working_days": working_days_between(since, today),
                "cleared": decision.status == DecisionStatus.CLEARED,
            },
            link=messages.site_link("decisions:sign", decision.pk),
            occasion=lambda user, decision=decision: f"reminder:{decision.pk}:{user.pk}:{today.isoformat()}",
            now=now,
        )
    return made


# --- Governance: publication and deferrals ---------------------------------------------------------------------------


def _has_part_1() -> Q:
    """Something in Part 1 to publish (a wholly confidential form has no publication date to meet)."""
    return (
        ~Q(executive_summary="")
        | Exists(Recommendation.objects.filter(decision=OuterRef("pk")))
        | Exists(Section.objects.filter(decision=OuterRef("pk"), part=Part.PART_1))
    )


def tell_governance(now: dt.datetime) -> list[Notification]:
    """For each approved decision with a Part 1, to governance: once, ``NOTIFY_DEFERRAL_WORKING_DAYS`` working days
    before a deferral ends; once, when Part 1 falls due (on the decision date, or on the day its deferral ends) if
    governance publishes by hand; and once, when it passes its deadline (``PUBLICATION_DEADLINE_WORKING_DAYS``
    working days later) still unpublished."""
    today = timezone.localdate(now)
    made = []
    approved = Decision.objects.filter(status=DecisionStatus.APPROVED).filter(_has_part_1())
    for decision in approved.select_related("policing_body").order_by("pk"):
        due_on = decision.deferral_until if decision.part_1_deferred else decision.decision_date
        if due_on is None:
            continue
        deadline = working_day_deadline(due_on, publication_deadline_working_days())
        dates = {
            "due_on": messages.uk_date(due_on),
            "deadline": messages.uk_date(deadline),
            "deferred": decision.part_1_deferred,
        }
        if today > deadline:
            kind = NotificationKind.PUBLICATION_OVERDUE
        elif today >= due_on:
            if not governance_publishes():
                continue  # the register publishes it by itself; governance hears only if it falls overdue
            kind = NotificationKind.PUBLICATION_DUE
        elif decision.part_1_deferred and today >= working_days_before(due_on, deferral_working_days()):
            kind = NotificationKind.DEFERRAL_ENDING
        else:
            continue
        # Each notice once per decision, person and date it is about (a deferral moved later is told again).
        about_date = deadline if kind == NotificationKind.PUBLICATION_OVERDUE else due_on
        made += notify(
            kind=kind,
            recipients=recipients.governance_for(decision),
            decision=decision,
            context={**messages.about(decision), **dates},
            link=messages.site_link("decisions:detail", decision.pk),
            occasion=lambda user, decision=decision, kind=kind, on=about_date: (
                f"{kind}:{decision.pk}:{user.pk}:{on.isoformat()}"
            ),
            now=now,
        )
    return made


# --- Daily digests ----------------------------------------------------------------------------------------------------


def make_digests(now: dt.datetime) -> list[Notification]:
    return digests_make(now=now)


PERIODIC = (send_due, remind_signers, tell_governance, make_digests)
