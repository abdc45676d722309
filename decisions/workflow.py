"""The decision workflow as one table: which action moves a decision from which states to which, and who may.

    draft ─submit→ submitted ─clear (Chief Executive signs)→ cleared ─approve (DMPC signs)→ approved ─publish→ published
    returned ─submit→ submitted          submitted, cleared ─return→ returned (a reason; signatures voided)
    submitted, cleared ─reject→ rejected                draft, returned, submitted, cleared ─withdraw→ withdrawn

:func:`require` checks the state and the permission of one edge; the services in
:mod:`decisions.services` add the checks on data and on separation of duties.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from core.refusals import Refused
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
        ),
        Transition(
            "approve",
            (S.CLEARED,),
            S.APPROVED,
            "decisions.sign_as_decision_maker",
            _("Sign and approve"),
            is_signature=True,
        ),
        Transition("publish", (S.APPROVED,), S.PUBLISHED, "decisions.publish_decision", _("Publish Part 1")),
        Transition(
            "return",
            (S.SUBMITTED, S.CLEARED),
            S.RETURNED,
            "decisions.return_decision",
            _("Return for changes"),
            needs_reason=True,
        ),
        Transition(
            "reject", (S.SUBMITTED, S.CLEARED), S.REJECTED, "decisions.reject_decision", _("Reject"), needs_reason=True
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
    """Return the transition if ``decision`` is in a state it leaves from and ``by`` holds its permission.

    Raises Refused (code ``state`` or ``permission``).
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
    return transition


def available_actions(decision, user) -> list[Transition]:
    """The transitions ``user`` could start on ``decision`` now (state and permission only)."""
    return [
        t
        for t in TRANSITIONS.values()
        if decision.status in t.sources and user.is_authenticated and user.has_perm(t.permission)
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
