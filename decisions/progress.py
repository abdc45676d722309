"""Where a decision stands on its way from draft to the public register: how long it has waited, how much money it
is about, who signs next, and its timeline (drafted → submitted → first signature → decision-maker → approved →
sealed → published), each step with when it happened, who acted, how long it waited and who is next.

Sealing is the records app's to know and is asked through :data:`decisions.hooks.milestones`; everything else is in
this app's own tables.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import DecimalField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.money import format_gbp
from core.working_days import working_days_between
from decisions import hooks
from decisions.choices import DecisionStatus, SignOffKind
from decisions.models import Appointment, Decision, DecisionEvent, SignOff
from decisions.models.events import EventAction
from decisions.statements import SIGN_OFF_ORDER
from grants.models import GrantVariation

# Short names of the signers, for the timeline and the "next" columns.
SIGNER_NAMES = {
    SignOffKind.CHIEF_EXECUTIVE: "Chief Executive",
    SignOffKind.DMPC: "Deputy Mayor for Policing and Crime",
    SignOffKind.MONITORING_OFFICER: "Monitoring Officer",
    SignOffKind.PCC: "Police and Crime Commissioner",
}

# The states in which a decision waits for a signature, and whose (0: the consulted officer, 1: the decision-maker).
SIGNING_STEP = {DecisionStatus.SUBMITTED: 0, DecisionStatus.CLEARED: 1}


def now() -> dt.datetime:
    """The time waits are counted to (one place, so that a test can move it)."""
    return timezone.now()


# --- Waiting for a signature ----------------------------------------------------------------------------------------


def with_waiting_details(decisions: QuerySet[Decision]) -> QuerySet[Decision]:
    """``decisions``, each annotated with ``submitted_at`` (its latest submission), ``waiting_since`` (when it
    reached the state it is in) and ``variations_amount`` (the sum of its grant variations' changes, None when it
    is about none): three subqueries, however many rows."""
    events = DecisionEvent.objects.filter(decision=OuterRef("pk")).order_by("-at", "-pk").values("at")
    amounts = (
        GrantVariation.objects.filter(decision=OuterRef("pk"))
        .order_by()
        .values("decision")
        .annotate(total=Sum("amount_change"))
        .values("total")[:1]
    )
    return decisions.annotate(
        submitted_at=Subquery(events.filter(action=EventAction.SUBMITTED)[:1]),
        waiting_since=Coalesce(Subquery(events.filter(to_status=OuterRef("status"))[:1]), "created_at"),
        variations_amount=Subquery(amounts, output_field=DecimalField(max_digits=14, decimal_places=2)),
    )


def working_days_waiting(since: dt.datetime | None, *, today: dt.date | None = None) -> int | None:
    """Whole working days since ``since`` (an aware time), counted in the service's time zone."""
    if since is None:
        return None
    return working_days_between(timezone.localdate(since), today or timezone.localdate(now()))


def waited_text(since: dt.datetime | None, until: dt.datetime | None = None) -> str:
    """How long something waited, in words: hours within the first working day, working days after."""
    if since is None:
        return ""
    until = until or now()
    days = working_days_between(timezone.localdate(since), timezone.localdate(until))
    if days >= 1:
        return ngettext("%(count)d working day", "%(count)d working days", days) % {"count": days}
    hours = int((until - since).total_seconds() // 3600)
    if hours < 1:
        return _("less than an hour")
    return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}


def amount_text(amount: Decimal | None) -> str:
    return format_gbp(amount) if amount is not None else ""


def office_holders(bodies: Iterable[int] | None = None) -> dict[tuple[int, str], list[str]]:
    """The names of the people holding each signing office today (for ``bodies``, or every body), by (body id,
    office): one query."""
    holders: dict[tuple[int, str], list[str]] = {}
    appointments = Appointment.objects.in_force()
    if bodies is not None:
        appointments = appointments.filter(policing_body_id__in=set(bodies))
    appointments = appointments.select_related("person").order_by(
        "policing_body_id", "office", "person__last_name", "person__first_name"
    )
    for appointment in appointments:
        name = appointment.person.get_full_name() or appointment.person.get_username()
        holders.setdefault((appointment.policing_body_id, appointment.office), []).append(name)
    return holders


def next_signer_kind(decision: Decision, *, after_current: bool) -> SignOffKind | None:
    """The signature the decision waits for (or, with ``after_current``, the one after it); None when none is."""
    step = SIGNING_STEP.get(DecisionStatus(decision.status))
    if step is None:
        return None
    if after_current:
        step += 1
    order = SIGN_OFF_ORDER[decision.form_type]
    return order[step] if step < len(order) else None


def signer_text(decision: Decision, kind: SignOffKind | None, holders: dict[tuple[int, str], list[str]]) -> str:
    """``Deputy Mayor for Policing and Crime (Daniel Ashcombe)``; the office alone when nobody holds it today."""
    if kind is None:
        return ""
    names = holders.get((decision.policing_body_id, kind), [])
    office = SIGNER_NAMES[SignOffKind(kind)]
    return f"{office} ({', '.join(names)})" if names else office


def next_signers(decisions: Iterable[Decision], *, after_current: bool) -> dict[int, str]:
    """For each decision waiting for a signature: who signs after the one it waits for (``after_current``), or the
    one it waits for; ``No one: this signature decides`` where nobody comes after. One query."""
    decisions = list(decisions)
    holders = office_holders(decision.policing_body_id for decision in decisions)
    found = {}
    for decision in decisions:
        kind = next_signer_kind(decision, after_current=after_current)
        if kind is None:
            found[decision.pk] = _("No one: this signature decides") if after_current else ""
        else:
            found[decision.pk] = signer_text(decision, kind, holders)
    return found


# --- The timeline ---------------------------------------------------------------------------------------------------

DONE = "done"
CURRENT = "current"
TO_COME = "to come"
NOT_REACHED = "not reached"
STOPPED = {DecisionStatus.REJECTED, DecisionStatus.WITHDRAWN}
INTERRUPTIONS = {EventAction.RETURNED, EventAction.REJECTED, EventAction.WITHDRAWN}


@dataclass
class Step:
    """One step of a decision's timeline: what, its state in words, when, who acted, how long it waited, who is
    next; ``interruption`` for a return, rejection or withdrawal, shown where it happened."""

    key: str
    label: str
    state: str = TO_COME
    at: dt.datetime | None = None
    on: dt.date | None = None  # a date without a time (a paper record)
    actor: str = ""
    waited: str = ""
    next: str = ""
    note: str = ""
    interruption: bool = False

    @property
    def state_label(self) -> str:
        return {DONE: _("Done"), CURRENT: _("Current"), TO_COME: _("To come"), NOT_REACHED: _("Not reached")}[
            self.state
        ]

    @property
    def when(self) -> dt.datetime | dt.date | None:
        return self.at or self.on


@dataclass
class Timeline:
    steps: list[Step] = field(default_factory=list)
    summary: str = ""


def _name(user) -> str:
    if user is None:
        return _("the system")
    return user.get_full_name() or user.get_username()


def decision_timeline(decision: Decision, *, at: dt.datetime | None = None) -> Timeline:
    """The decision's steps in order, each done, current, to come (or not reached, once rejected or withdrawn),
    with a sentence that says the same in words. A few queries, however long its history."""
    at = at or now()
    events = list(decision.events.select_related("actor").order_by("at", "pk"))
    active = {
        s.kind: s for s in SignOff.objects.filter(decision=decision, voided_at__isnull=True).select_related("signer")
    }
    first_kind, final_kind = SIGN_OFF_ORDER[decision.form_type]
    milestones: dict[str, dt.datetime] = {}
    for answer in hooks.milestones.call(decision):
        milestones.update(answer or {})
    # What happened since the last return counts toward the steps; what came before is shown by the return itself.
    last_return = max((i for i, e in enumerate(events) if e.action == EventAction.RETURNED), default=-1)
    cycle = events[last_return + 1 :]

    def latest(action: str) -> DecisionEvent | None:
        found = [event for event in cycle if event.action == action]
        return found[-1] if found else None

    created = next((event for event in events if event.action == EventAction.CREATED), None)
    # A decision entered from its signed paper form was drafted and submitted on paper, before it was entered here.
    on_paper = any(event.action == EventAction.RECORDED for event in events) or (
        not events and decision.status in (DecisionStatus.APPROVED, DecisionStatus.PUBLISHED)
    )
    drafted = Step("drafted", _("Drafted"))
    if on_paper:
        drafted.state, drafted.note = DONE, _("On the signed paper form")
    else:
        drafted.at = created.at if created else decision.created_at
        drafted.actor = _name(created.actor if created else decision.started_by or decision.drafted_by)
    steps = [drafted]

    submitted = Step("submitted", _("Submitted"))
    if event := latest(EventAction.SUBMITTED):
        submitted.at, submitted.actor = event.at, _name(event.actor)
    elif on_paper:
        submitted.state, submitted.note = DONE, _("On the signed paper form")
    steps.append(submitted)

    for key, kind in (("first", first_kind), ("final", final_kind)):
        step = Step(key, _("Signed by the %(signer)s") % {"signer": SIGNER_NAMES[SignOffKind(kind)]})
        if sign_off := active.get(kind):
            step.at, step.actor = sign_off.signed_at, sign_off.printed_name
            if sign_off.signed_at is None:
                step.on = sign_off.signed_on
        steps.append(step)

    approved = Step("approved", _("Approved"))
    if event := latest(EventAction.APPROVED):
        approved.at, approved.actor = event.at, _name(event.actor)
    elif decision.decided_on and decision.status in (DecisionStatus.APPROVED, DecisionStatus.PUBLISHED):
        approved.on = decision.decided_on
        approved.actor = active[final_kind].printed_name if final_kind in active else ""
        approved.note = _("Recorded from the signed paper form")
    steps.append(approved)

    sealed = Step("sealed", _("Sealed"))
    if milestones.get("sealed"):
        sealed.at, sealed.actor = milestones["sealed"], _("the service's seal")
    steps.append(sealed)

    published = Step("published", _("Published on the public register"))
    if event := latest(EventAction.PUBLISHED):
        published.at, published.actor = event.at, _name(event.actor)
        published.note = event.note
    elif decision.published_on:
        published.on = decision.published_on
    steps.append(published)

    # States: done where it happened; the first step not done is current, unless the decision has stopped.
    stopped = decision.status in STOPPED
    current = None
    for step in steps:
        if step.when is not None or step.state == DONE:
            step.state = DONE
        elif current is None and not stopped:
            step.state, current = CURRENT, step
        else:
            step.state = NOT_REACHED if stopped else TO_COME
    if current is not None:
        current.next = _who_is_next(decision, current.key, first_kind, final_kind)

    interruptions = [
        Step(
            event.action,
            str(event.get_action_display()),
            state=DONE,
            at=event.at,
            actor=_name(event.actor),
            note=event.note,
            interruption=True,
        )
        for event in events
        if event.action in INTERRUPTIONS
    ]
    # The steps keep their order; each return, rejection or withdrawal goes in where it happened.
    ordered: list[Step] = []
    for step in steps:
        while interruptions and step.state == DONE and step.at and interruptions[0].at < step.at:
            ordered.append(interruptions.pop(0))
        if step.state != DONE:
            ordered.extend(interruptions)
            interruptions = []
        ordered.append(step)
    ordered.extend(interruptions)
    # How long each done step waited since what happened before it (a step, or a return), and the current one so far.
    last_at = None
    for step in ordered:
        if step.state == DONE and step.at:
            if last_at and not step.interruption:
                step.waited = waited_text(last_at, step.at)
            last_at = step.at
        elif step.state == CURRENT and last_at:
            step.waited = waited_text(last_at, at)
    return Timeline(ordered, _summary(decision, steps, current))


def _who_is_next(decision: Decision, key: str, first_kind: str, final_kind: str) -> str:
    if key == "submitted":
        drafter = decision.drafted_by or decision.started_by
        return _("the drafting officer (%(name)s)") % {"name": _name(drafter)} if drafter else _("a drafting officer")
    if key in ("first", "final"):
        kind = first_kind if key == "first" else final_kind
        return signer_text(decision, kind, office_holders([decision.policing_body_id]))
    if key in ("approved",):
        return signer_text(decision, final_kind, office_holders([decision.policing_body_id]))
    if key == "sealed":
        return _("the service, which seals it within minutes of approval")
    if key == "published":
        if decision.part_1_deferred and decision.deferral_until:
            return _("governance, when the deferral ends on %(date)s") % {
                "date": decision.deferral_until.strftime("%d/%m/%Y")
            }
        return _("governance and publication")
    return ""


def _summary(decision: Decision, steps: list[Step], current: Step | None) -> str:
    done = sum(1 for step in steps if step.state == DONE)
    counts = _("%(done)d of %(total)d steps done.") % {"done": done, "total": len(steps)}
    if decision.status in STOPPED:
        return _("%(reference)s was %(status)s; the steps after it will not happen. %(counts)s") % {
            "reference": decision.reference,
            "status": decision.get_status_display().lower(),
            "counts": counts,
        }
    if current is None:
        return _("%(reference)s has completed every step. %(counts)s") % {
            "reference": decision.reference,
            "counts": counts,
        }
    sentence = _("%(reference)s is at “%(step)s”") % {"reference": decision.reference, "step": current.label}
    if current.waited:
        sentence += _(", waiting %(waited)s") % {"waited": current.waited}
    if current.next:
        sentence += _("; next: %(next)s") % {"next": current.next}
    return f"{sentence}. {counts}"
