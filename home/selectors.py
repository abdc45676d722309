"""What each role's part of the home page shows: the few things it needs next, each capped at :data:`LISTED` with
a count of the rest, in a handful of queries whatever the number of rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import DateTimeField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import roles
from core.working_days import working_day_deadline
from decisions.choices import DecisionStatus
from decisions.hooks import record_states_for
from decisions.models import Decision, DecisionEvent, SignOff
from decisions.models.events import EventAction
from decisions.progress import next_signers, with_waiting_details, working_days_waiting
from decisions.selectors import inbox_for
from grants.choices import VariationStatus
from grants.models import Grant, GrantVariation
from records.models import DecisionSeal, DocumentVariant, SealedDocument, SealStatus
from register.publication import PublicationState, awaiting_publication

# The most a part lists before "see all".
LISTED = 10
# Grants changed within this many days count as changed recently.
RECENT_DAYS = 30
# Deferrals ending within this many working days are shown to governance.
DEFERRAL_WORKING_DAYS = 10


@dataclass
class Part:
    """One part of the home page: a role's heading and the template that shows its lists."""

    key: str
    title: str
    template_name: str
    context: dict[str, Any] = field(default_factory=dict)


def roles_of(user) -> set[str]:
    """The roles ``user`` holds (a superuser holds them all)."""
    if user.is_superuser:
        return set(roles.ALL_ROLES)
    return set(user.groups.filter(name__in=roles.ALL_ROLES).values_list("name", flat=True))


def _capped(queryset, limit: int = LISTED) -> tuple[list, int]:
    """Up to ``limit`` rows and how many there are in all (two queries, one when there are fewer)."""
    rows = list(queryset[: limit + 1])
    if len(rows) <= limit:
        return rows, len(rows)
    return rows[:limit], queryset.count()


# --- Signing: the Chief Executive and the decision-maker ------------------------------------------------------------


def signing_part(user) -> Part:
    """Decisions waiting for the user's signature, oldest first, with when each was submitted, how long it has
    waited, its amount and who signs after the user; and those the user signed that others still have to."""
    waiting, total = _capped(with_waiting_details(inbox_for(user)))
    after = next_signers(waiting, after_current=True)
    rows = [
        {
            "decision": decision,
            "submitted_at": decision.submitted_at,
            "waiting_days": working_days_waiting(decision.waiting_since),
            "amount": decision.variations_amount,
            "next_signer": after[decision.pk],
        }
        for decision in waiting
    ]
    signed = with_waiting_details(
        Decision.objects.filter(
            status__in=(DecisionStatus.SUBMITTED, DecisionStatus.CLEARED),
            pk__in=SignOff.objects.filter(signer=user, voided_at__isnull=True).values("decision_id"),
        )
        .select_related("policing_body")
        .order_by("created_at", "pk")
    )
    signed, signed_total = _capped(signed)
    now_with = next_signers(signed, after_current=False)
    signed_rows = [
        {
            "decision": decision,
            "now_with": now_with[decision.pk],
            "waiting_days": working_days_waiting(decision.waiting_since),
        }
        for decision in signed
    ]
    return Part(
        "signing",
        _("Waiting for your signature"),
        "home/inc/signing.html",
        {"rows": rows, "total": total, "signed_rows": signed_rows, "signed_total": signed_total},
    )


# --- Drafting -------------------------------------------------------------------------------------------------------


def _mine(user) -> Q:
    return Q(drafted_by=user) | Q(started_by=user)


def drafting_part(user) -> Part:
    """The user's drafts, the decisions returned to them (with the reason given), and their decisions being signed."""
    drafts, drafts_total = _capped(
        Decision.objects.filter(_mine(user), status=DecisionStatus.DRAFT).order_by("-created_at", "-pk")
    )
    reasons = DecisionEvent.objects.filter(decision=OuterRef("pk"), action=EventAction.RETURNED).order_by("-at", "-pk")
    returned, returned_total = _capped(
        Decision.objects.filter(_mine(user), status=DecisionStatus.RETURNED)
        .annotate(returned_at=Subquery(reasons.values("at")[:1]), return_reason=Subquery(reasons.values("note")[:1]))
        .order_by("returned_at", "pk")
    )
    being_signed = with_waiting_details(
        Decision.objects.filter(_mine(user), status__in=(DecisionStatus.SUBMITTED, DecisionStatus.CLEARED))
        .select_related("policing_body")
        .order_by("created_at", "pk")
    )
    being_signed, being_signed_total = _capped(being_signed)
    now_with = next_signers(being_signed, after_current=False)
    return Part(
        "drafting",
        _("Your drafts"),
        "home/inc/drafting.html",
        {
            "drafts": drafts,
            "drafts_total": drafts_total,
            "returned": returned,
            "returned_total": returned_total,
            "being_signed": [
                {
                    "decision": decision,
                    "now_with": now_with[decision.pk],
                    "waiting_days": working_days_waiting(decision.waiting_since),
                }
                for decision in being_signed
            ],
            "being_signed_total": being_signed_total,
        },
    )


# --- Governance -----------------------------------------------------------------------------------------------------


def governance_part(*, today: dt.date) -> Part:
    """Decisions due or overdue for publication, deferrals ending within :data:`DEFERRAL_WORKING_DAYS` working
    days, and decisions whose sealing is stuck."""
    rows = awaiting_publication(today=today)
    horizon = working_day_deadline(today, DEFERRAL_WORKING_DAYS)
    due = [row for row in rows if row.state in (PublicationState.DUE, PublicationState.OVERDUE)]
    ending = sorted(
        (
            row
            for row in rows
            if row.state == PublicationState.WAITING and row.due_on is not None and row.due_on <= horizon
        ),
        key=lambda row: (row.due_on, row.decision.reference),
    )
    # A seal still waiting for a worker is not a problem yet; one that failed is, whatever state the decision is in.
    failed = DecisionSeal.objects.filter(status=SealStatus.FAILED).select_related("decision").order_by("pk")
    failed, failed_total = _capped(failed)
    states = record_states_for(seal.decision_id for seal in failed)
    problems = [{"decision": seal.decision, "problem": states.get(seal.decision_id, "")} for seal in failed]
    return Part(
        "governance",
        _("Publication"),
        "home/inc/governance.html",
        {
            "due": due[:LISTED],
            "due_total": len(due),
            "overdue_total": sum(1 for row in due if row.state == PublicationState.OVERDUE),
            "ending": ending[:LISTED],
            "ending_total": len(ending),
            "horizon": horizon,
            "problems": problems,
            "problems_total": failed_total,
        },
    )


# --- Finance --------------------------------------------------------------------------------------------------------


def finance_part(*, now: dt.datetime) -> Part:
    """Grant variations not yet decided (oldest letter first), and the grants changed in the last
    :data:`RECENT_DAYS` days, latest first, with who changed them."""
    variations, variations_total = _capped(
        GrantVariation.objects.filter(status=VariationStatus.PROPOSED)
        .select_related("grant", "grant__funder", "decision")
        .order_by("letter_date", "pk")
    )
    # A grant changes when it is edited and when a line of its ledger (a variation) is recorded or corrected.
    grant_history = Grant.history.model.objects.filter(id=OuterRef("pk")).order_by("-history_date", "-history_id")
    ledger_history = GrantVariation.history.model.objects.filter(grant_id=OuterRef("pk")).order_by(
        "-history_date", "-history_id"
    )
    never = Value(dt.datetime(1970, 1, 1, tzinfo=dt.UTC), output_field=DateTimeField())
    changed = (
        Grant.objects.with_totals()
        .annotate(
            grant_changed_at=Subquery(grant_history.values("history_date")[:1]),
            grant_changed_by=Subquery(grant_history.values("history_user_id")[:1]),
            grant_change=Subquery(grant_history.values("history_type")[:1]),
            ledger_changed_at=Subquery(ledger_history.values("history_date")[:1]),
            ledger_changed_by=Subquery(ledger_history.values("history_user_id")[:1]),
            ledger_change=Subquery(ledger_history.values("history_type")[:1]),
            ledger_sequence=Subquery(ledger_history.values("sequence")[:1]),
        )
        .annotate(changed_at=Greatest(Coalesce("grant_changed_at", never), Coalesce("ledger_changed_at", never)))
        .filter(changed_at__gte=now - dt.timedelta(days=RECENT_DAYS))
        .select_related("funder")
        .order_by("-changed_at", "-pk")
    )
    changed, changed_total = _capped(changed)
    for grant in changed:
        ledger = grant.ledger_changed_at is not None and (
            grant.grant_changed_at is None or grant.ledger_changed_at > grant.grant_changed_at
        )
        grant.changed_by_id = grant.ledger_changed_by if ledger else grant.grant_changed_by
        recorded = (grant.ledger_change if ledger else grant.grant_change) == "+"
        if ledger:
            what = _("variation %(sequence)s recorded") if recorded else _("variation %(sequence)s changed")
            grant.change_text = what % {"sequence": grant.ledger_sequence}
        else:
            grant.change_text = _("recorded") if recorded else _("changed")
    people = get_user_model().objects.in_bulk({grant.changed_by_id for grant in changed if grant.changed_by_id})
    for grant in changed:
        person = people.get(grant.changed_by_id)
        grant.changed_by = (person.get_full_name() or person.get_username()) if person else ""
    return Part(
        "finance",
        _("Grants"),
        "home/inc/finance.html",
        {
            "variations": variations,
            "variations_total": variations_total,
            "changed": changed,
            "changed_total": changed_total,
            "recent_days": RECENT_DAYS,
        },
    )


# --- Audit ----------------------------------------------------------------------------------------------------------


def auditor_part() -> Part:
    """The decisions sealed most recently (their Part 1 PDF), and where to verify and export."""
    sealed, sealed_total = _capped(
        SealedDocument.objects.filter(variant=DocumentVariant.PART_1)
        .select_related("decision")
        .order_by("-sealed_at", "-pk")
    )
    return Part("auditor", _("Audit"), "home/inc/auditor.html", {"sealed": sealed, "sealed_total": sealed_total})


# --- The page -------------------------------------------------------------------------------------------------------


def home_parts(user, *, now: dt.datetime | None = None) -> list[Part]:
    """The parts of ``user``'s home page, most pressing first: signing, drafting, publication, grants, audit."""
    now = now or timezone.now()
    held = roles_of(user)
    parts = []
    if held & {roles.CHIEF_EXECUTIVE, roles.DECISION_MAKER}:
        parts.append(signing_part(user))
    if roles.DRAFTING_OFFICER in held:
        parts.append(drafting_part(user))
    if roles.GOVERNANCE in held:
        parts.append(governance_part(today=timezone.localdate(now)))
    if roles.FINANCE_OFFICER in held:
        parts.append(finance_part(now=now))
    if roles.AUDITOR in held:
        parts.append(auditor_part())
    return parts
