"""When Part 1 of a decision goes on the public register, by when it must, and publishing it when it falls due.

Part 1 falls due on the decision date (the decision-maker's sign-off) or, when its publication is deferred, on the
deferral date. It must then be published within ``PUBLICATION_DEADLINE_WORKING_DAYS`` working days (3 unless the
setting says otherwise) after it, weekends and England-and-Wales bank holidays not counting. Approved on Thursday
17 April 2025, with Good Friday and Easter Monday off, a decision is due that day and its deadline is Thursday
24 April.

A decision with nothing in Part 1 (no summary, recommendation or Part 1 section: a wholly confidential Part II form)
is never published automatically; governance decides what, if anything, goes on the register for it.
"""

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from core.working_days import is_working_day, working_day_deadline  # noqa: F401 - the register's working days
from decisions import hooks
from decisions.choices import DecisionStatus, Part
from decisions.models import Decision, Recommendation, Section
from decisions.services import decision_publish_on_schedule

DEFAULT_DEADLINE_WORKING_DAYS = 3
AUTOMATIC_NOTE = "Published automatically on its due date"

# --- Working days ---------------------------------------------------------------------------------------------------


def deadline_working_days() -> int:
    return int(getattr(settings, "PUBLICATION_DEADLINE_WORKING_DAYS", DEFAULT_DEADLINE_WORKING_DAYS))


# --- Which decisions are due ----------------------------------------------------------------------------------------


def has_part_1_content() -> Q:
    """A condition on decisions: there is something in Part 1 to publish."""
    return (
        ~Q(executive_summary="")
        | Exists(Recommendation.objects.filter(decision=OuterRef("pk")))
        | Exists(Section.objects.filter(decision=OuterRef("pk"), part=Part.PART_1))
    )


def due_for_publication(*, today: dt.date) -> QuerySet[Decision]:
    """Approved decisions whose Part 1 is due on or before ``today``: on the decision date, or the deferral date."""
    return (
        Decision.objects.filter(status=DecisionStatus.APPROVED)
        .filter(has_part_1_content())
        .filter(Q(part_1_deferred=False, decided_on__lte=today) | Q(part_1_deferred=True, deferral_until__lte=today))
    )


def publication_due_on(decision: Decision, decided_on: dt.date | None) -> dt.date | None:
    """The day Part 1 of ``decision`` (taken on ``decided_on``) is due on the register."""
    return decision.deferral_until if decision.part_1_deferred else decided_on


def publication_deadline(decision: Decision, decided_on: dt.date | None) -> dt.date | None:
    """The last day by which Part 1 of ``decision`` should be on the register."""
    due_on = publication_due_on(decision, decided_on)
    return working_day_deadline(due_on, deadline_working_days()) if due_on else None


# --- The governance list --------------------------------------------------------------------------------------------


class PublicationState(StrEnum):
    WAITING = "waiting"  # not due yet: deferred, or dated ahead
    DUE = "due"
    OVERDUE = "overdue"
    NOTHING_TO_PUBLISH = "nothing_to_publish"


STATE_LABELS = {
    PublicationState.WAITING: _("Deferred"),
    PublicationState.DUE: _("Due"),
    PublicationState.OVERDUE: _("Overdue"),
    PublicationState.NOTHING_TO_PUBLISH: _("No Part 1"),
}
STATE_TAG_CLASSES = {
    PublicationState.WAITING: "govuk-tag--grey",
    PublicationState.DUE: "govuk-tag--yellow",
    PublicationState.OVERDUE: "govuk-tag--red",
    PublicationState.NOTHING_TO_PUBLISH: "govuk-tag--grey",
}


_URGENCY = (
    PublicationState.OVERDUE,
    PublicationState.DUE,
    PublicationState.WAITING,
    PublicationState.NOTHING_TO_PUBLISH,
)


@dataclass(frozen=True)
class AwaitingPublication:
    """One approved, unpublished decision, with when its Part 1 is due and by when it must be published."""

    decision: Decision
    decided_on: dt.date | None
    due_on: dt.date | None
    deadline: dt.date | None
    state: PublicationState
    # What holds its records up, where anything does ("Sealing failed (attempt 3): …"): governance sees it is stuck.
    problem: str = ""

    @property
    def label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def tag_class(self) -> str:
        return STATE_TAG_CLASSES[self.state]

    @property
    def may_publish_now(self) -> bool:
        return self.state in (PublicationState.DUE, PublicationState.OVERDUE)


def _state(*, has_part_1: bool, due_on: dt.date | None, deadline: dt.date | None, today: dt.date) -> PublicationState:
    if not has_part_1:
        return PublicationState.NOTHING_TO_PUBLISH
    if due_on is not None and today < due_on:
        return PublicationState.WAITING
    if deadline is not None and today > deadline:
        return PublicationState.OVERDUE
    return PublicationState.DUE


def awaiting_publication(*, today: dt.date) -> list[AwaitingPublication]:
    """Every approved decision not yet published, overdue first, then by deadline, with anything holding its records
    up (a few queries, however many rows)."""
    decisions = (
        Decision.objects.filter(status=DecisionStatus.APPROVED)
        .annotate(has_part_1=has_part_1_content())
        .select_related("policing_body")
        .order_by("pk")
    )
    decisions = list(decisions)
    problems = hooks.record_states_for(decision.pk for decision in decisions)
    rows = []
    for decision in decisions:
        # With nothing in Part 1 there is nothing due, and no deadline to meet.
        due_on = publication_due_on(decision, decision.decided_on) if decision.has_part_1 else None
        deadline = working_day_deadline(due_on, deadline_working_days()) if due_on else None
        state = _state(has_part_1=decision.has_part_1, due_on=due_on, deadline=deadline, today=today)
        problem = problems.get(decision.pk, "")
        rows.append(AwaitingPublication(decision, decision.decided_on, due_on, deadline, state, problem))
    return sorted(rows, key=_urgency)


def _urgency(row: AwaitingPublication) -> tuple:
    return (_URGENCY.index(row.state), row.deadline or dt.date.max, row.decision.reference)


# --- Publishing automatically ---------------------------------------------------------------------------------------


def decision_publish_due(*, decision: Decision, today: dt.date) -> Decision | None:
    """approved → published with no person acting, when Part 1 is due on ``today`` (see :func:`due_for_publication`).

    Returns None, changing nothing, when the decision is no longer approved or not due (another run, or a person,
    got there first, or its deferral has not ended), so that a scheduled run can always carry on.
    """
    return decision_publish_on_schedule(
        decision=decision,
        today=today,
        is_due=lambda locked: due_for_publication(today=today).filter(pk=locked.pk).exists(),
        note=AUTOMATIC_NOTE,
    )


def publish_due(*, today: dt.date) -> list[Decision]:
    """Publish every decision due on or before ``today``, each in its own transaction; return those published."""
    published = []
    for decision in due_for_publication(today=today).order_by("pk"):
        result = decision_publish_due(decision=decision, today=today)
        if result is not None:
            published.append(result)
    return published
