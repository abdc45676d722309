"""The messages of a decision's steps, made inside the step's transaction (``decisions.hooks.event_recorded``): a
step that is rolled back leaves no message, and one that commits has its messages sent after the commit."""

import logging

from django.db import transaction
from django.utils import timezone

from core.money import format_gbp
from decisions.authority import CONSULTED, DECIDING, offices_for
from decisions.choices import DecisionStatus
from decisions.models import Decision, DecisionEvent
from decisions.models.events import EventAction
from decisions.statements import SIGN_OFF_ROLES
from grants.choices import VariationKind
from notifications import messages, recipients
from notifications.choices import NotificationKind
from notifications.services import notify

logger = logging.getLogger(__name__)


def on_event_recorded(event: DecisionEvent) -> None:
    """Make the messages of ``event``. A mistake here is logged and never fails the step itself."""
    handler = HANDLERS.get(event.action)
    if handler is None:
        return
    try:
        with transaction.atomic():
            handler(event, event.decision)
    except Exception:
        logger.exception("Could not make the messages of %s", event)


def _step(event: DecisionEvent) -> dict[str, str]:
    return {
        "actor": messages.person_name(event.actor),
        "on": messages.uk_date(timezone.localdate(event.at)),
    }


def signature_waiting(event: DecisionEvent, decision: Decision) -> None:
    """Submitted: the consulted officer (Chief Executive, monitoring officer) is asked to sign; cleared: the
    decision-maker (DMPC, PCC)."""
    who = CONSULTED if decision.status == DecisionStatus.SUBMITTED else DECIDING
    (office,) = offices_for(decision, who)
    notify(
        kind=NotificationKind.SIGNATURE_WAITING,
        recipients=recipients.signers_waited_for(decision),
        decision=decision,
        context={
            **messages.about(decision),
            **_step(event),
            "office": SIGN_OFF_ROLES[office],
            "cleared": decision.status == DecisionStatus.CLEARED,
        },
        link=messages.site_link("decisions:sign", decision.pk),
    )


def returned(event: DecisionEvent, decision: Decision) -> None:
    notify(
        kind=NotificationKind.RETURNED,
        recipients=recipients.drafters_of(decision, leave_out=[event.actor]),
        decision=decision,
        context={**messages.about(decision), **_step(event), "reason": event.note},
        link=messages.site_link("decisions:tasks", decision.pk),
    )


def rejected(event: DecisionEvent, decision: Decision) -> None:
    notify(
        kind=NotificationKind.REJECTED,
        recipients=recipients.drafters_of(decision, leave_out=[event.actor]),
        decision=decision,
        context={
            **messages.about(decision),
            **_step(event),
            "reason": event.note,
            "variations": decision.variations.exists(),
        },
        link=messages.site_link("decisions:detail", decision.pk),
    )
    variations_decided(event, decision, accepted=False)


def approved(event: DecisionEvent, decision: Decision) -> None:
    deferred_until = decision.deferral_until if decision.part_1_deferred else None
    notify(
        kind=NotificationKind.APPROVED,
        recipients=recipients.drafters_of(decision, leave_out=[event.actor]),
        decision=decision,
        context={
            **messages.about(decision),
            **_step(event),
            "deferred": decision.part_1_deferred,
            "deferred_until": messages.uk_date(deferred_until),
        },
        link=messages.site_link("decisions:detail", decision.pk),
    )
    variations_decided(event, decision, accepted=True)


def published(event: DecisionEvent, decision: Decision) -> None:
    notify(
        kind=NotificationKind.PUBLISHED,
        recipients=recipients.drafters_of(decision, leave_out=[event.actor]),
        decision=decision,
        context={
            **messages.about(decision),
            **_step(event),
            "published_on": messages.uk_date(decision.published_on),
            "automatic": event.actor is None,
        },
        link=messages.site_link("decisions:detail", decision.pk),
    )


def variations_decided(event: DecisionEvent, decision: Decision, *, accepted: bool) -> None:
    """The finance officer who recorded each variation the decision was about is told it is accepted or declined
    (the decision's step settles the variations after this event, in the same transaction)."""
    for variation in decision.variations.select_related("grant").order_by("grant_id", "sequence"):
        recorder = recipients.variation_recorder(variation)
        notify(
            kind=NotificationKind.VARIATION_DECIDED,
            recipients=recipients.who_may_be_told([recorder], decision, leave_out=[event.actor]),
            decision=decision,
            context={
                **messages.about(decision),
                **_step(event),
                "accepted": accepted,
                "sequence": variation.sequence,
                "amount": format_gbp(variation.amount_change),
                "variation_kind": VariationKind(variation.kind).label,
                "letter": variation.letter_reference,
                "grant": str(variation.grant),
            },
            link=messages.site_link("decisions:detail", decision.pk),
        )


HANDLERS = {
    EventAction.SUBMITTED: signature_waiting,
    EventAction.CLEARED: signature_waiting,
    EventAction.RETURNED: returned,
    EventAction.REJECTED: rejected,
    EventAction.APPROVED: approved,
    EventAction.PUBLISHED: published,
}
