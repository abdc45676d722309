"""The decision workflow as one table: which action moves a decision from which states to which, and who may.

    draft ─submit→ submitted ─clear (Chief Executive signs)→ cleared ─approve (DMPC signs)→ approved ─publish→ published
    returned ─submit→ submitted          submitted, cleared ─return→ returned (a reason; signatures voided)
    submitted, cleared ─reject→ rejected                draft, returned, submitted, cleared ─withdraw→ withdrawn

:func:`require` checks the state, the permission (the roles table) and, for the steps that sign or decide, that the
user holds the office for the decision's body (an appointment, :mod:`decisions.authority`); the services in
:mod:`decisions.services` add the checks on data and on separation of duties.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from core.refusals import Refused
from decisions.authority import CONSULTED, DECIDING, EITHER, appointment_for, offices_for, require_office
from decisions.choices import DecisionStatus as S


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[S, ...]
    target: S
    permission: str
    label: str
    needs_reason: bool = False
    is_signature: bool = False
    # Who must hold an office for the decision's body to take it: the consulted officer, the decision-maker, either.
    office: str | None = None


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("submit", (S.DRAFT, S.RETURNED), S.SUBMITTED, "decisions.submit_decision", _("Submit for sign-off")),
        Transition(
            "clear",
            (S.SUBMITTED,),
            S.CLEARED,
            "decisions.sign_as_chief_executive",
            _("Sign as Chief Executive"),
            is_signature=True,
            office=CONSULTED,
        ),
        Transition(
            "approve",
            (S.CLEARED,),
            S.APPROVED,
            "decisions.sign_as_decision_maker",
            _("Sign and approve"),
            is_signature=True,
            office=DECIDING,
        ),
        Transition("publish", (S.APPROVED,), S.PUBLISHED, "decisions.publish_decision", _("Publish Part 1")),
        Transition(
            "return",
            (S.SUBMITTED, S.CLEARED),
            S.RETURNED,
            "decisions.return_decision",
            _("Return for changes"),
            needs_reason=True,
            office=EITHER,
        ),
        Transition(
            "reject",
            (S.SUBMITTED, S.CLEARED),
            S.REJECTED,
            "decisions.reject_decision",
            _("Reject"),
            needs_reason=True,
            office=DECIDING,
        ),
        Transition(
            "withdraw",
            (S.DRAFT, S.RETURNED, S.SUBMITTED, S.CLEARED),
            S.WITHDRAWN,
            "decisions.withdraw_decision",
            _("Withdraw"),
            needs_reason=True,
        ),
    )
}


def require(decision, *, action: str, by) -> Transition:
    """Return the transition if ``decision`` is in a state it leaves from, ``by`` holds its permission and, for a
    step that signs or decides, ``by`` holds the office for the decision's body today.

    Raises Refused (code ``state``, ``permission`` or ``authority``).
    """
    transition = TRANSITIONS[action]
    if decision.status not in transition.sources:
        allowed = ", ".join(str(S(source).label).lower() for source in transition.sources)
        raise Refused(
            _("%(reference)s is %(status)s, so it cannot be %(action)s: only a decision that is %(allowed)s can.")
            % {
                "reference": decision.reference,
                "status": decision.get_status_display().lower(),
                "action": _ACTION_PAST[action],
                "allowed": allowed,
            },
            code="state",
        )
    if not (by and by.is_active and by.has_perm(transition.permission)):
        raise Refused(
            _("You do not have permission to %(label)s.") % {"label": str(transition.label).lower()},
            code="permission",
        )
    if transition.office:
        require_office(by, decision, transition.office)
    return transition


def available_actions(decision, user) -> list[Transition]:
    """The transitions ``user`` could start on ``decision`` now (state, permission and office)."""
    return [
        t
        for t in TRANSITIONS.values()
        if decision.status in t.sources
        and user.is_authenticated
        and user.has_perm(t.permission)
        and (t.office is None or appointment_for(user, decision, offices_for(decision, t.office)) is not None)
    ]


_ACTION_PAST = {
    "submit": _("submitted"),
    "clear": _("signed by the Chief Executive"),
    "approve": _("approved"),
    "publish": _("published"),
    "return": _("returned"),
    "reject": _("rejected"),
    "withdraw": _("withdrawn"),
}
