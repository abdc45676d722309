"""Who is told of what: the signers a decision waits for, the people who drafted it, governance, and the finance
officer who recorded a variation. Everyone returned here is active, has an e-mail address and may read the
decision; nobody is told of what they did themselves."""

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db.models import Q

from decisions.authority import CONSULTED, DECIDING, offices_for
from decisions.choices import DecisionStatus
from decisions.models import Appointment, Decision
from decisions.models.events import EventAction
from decisions.selectors import decisions_visible_to

PUBLISH_PERMISSION = "decisions.publish_decision"


def may_be_told(user, decision: Decision | None) -> bool:
    """Active, with an e-mail address, and allowed to read ``decision`` (when the message is about one)."""
    if user is None or not user.is_active or not (user.email or "").strip():
        return False
    return decision is None or decisions_visible_to(user).filter(pk=decision.pk).exists()


def who_may_be_told(users: Iterable, decision: Decision | None, *, leave_out: Iterable = ()) -> list:
    left_out = {user.pk for user in leave_out if user is not None}
    chosen, seen = [], set()
    for user in users:
        if user is None or user.pk in seen or user.pk in left_out:
            continue
        seen.add(user.pk)
        if may_be_told(user, decision):
            chosen.append(user)
    return chosen


def _authors(decision: Decision) -> list:
    """Whoever drafted, started or submitted ``decision``: none of them may sign it."""
    submitter = decision.events.filter(action=EventAction.SUBMITTED).order_by("-at", "-pk").first()
    return [decision.drafted_by, decision.started_by, submitter.actor if submitter else None]


def signers_waited_for(decision: Decision) -> list:
    """The people holding, today, the office whose signature ``decision`` waits for, for its body: the consulted
    officer once it is submitted, the decision-maker once it is cleared. Its authors are left out (they may not sign
    it), and so, for the decision-maker, is whoever signed as the consulted officer."""
    if decision.status == DecisionStatus.SUBMITTED:
        offices = offices_for(decision, CONSULTED)
        leave_out = _authors(decision)
    elif decision.status == DecisionStatus.CLEARED:
        offices = offices_for(decision, DECIDING)
        signed = decision.sign_offs.filter(voided_at__isnull=True).select_related("signer")
        leave_out = [*_authors(decision), *(sign_off.signer for sign_off in signed)]
    else:
        return []
    appointments = (
        Appointment.objects.in_force()
        .filter(policing_body_id=decision.policing_body_id, office__in=offices)
        .select_related("person")
        .order_by("person_id")
    )
    return who_may_be_told((appointment.person for appointment in appointments), decision, leave_out=leave_out)


def drafters_of(decision: Decision, *, leave_out: Iterable = ()) -> list:
    """The drafting officer the form names and, if someone else, whoever started the draft."""
    return who_may_be_told([decision.drafted_by, decision.started_by], decision, leave_out=leave_out)


def governance_for(decision: Decision) -> list:
    """Active people who may publish decisions, through a role or a permission of their own (superusers, who hold
    every permission, are told only when they also hold it that way)."""
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(
            Q(
                groups__permissions__codename="publish_decision",
                groups__permissions__content_type__app_label="decisions",
            )
            | Q(user_permissions__codename="publish_decision", user_permissions__content_type__app_label="decisions")
        )
        .distinct()
        .order_by("pk")
    )
    return who_may_be_told(users, decision)


def variation_recorder(variation):
    """Who recorded ``variation``: the person of its first history record, if known."""
    first = variation.history.order_by("history_date", "history_id").select_related("history_user").first()
    return first.history_user if first else None
