"""Who may take each step of the workflow: every role against every action, each cell its own test."""

import pytest

from core import roles
from core.refusals import Refused
from decisions.choices import DecisionStatus
from decisions.workflow import TRANSITIONS
from tests.builders import (
    Cast,
    decision_in,
    perform,
)

pytestmark = pytest.mark.django_db

S = DecisionStatus

FIN = roles.FINANCE_OFFICER
DRA = roles.DRAFTING_OFFICER
CEO = roles.CHIEF_EXECUTIVE
DMPC = roles.DECISION_MAKER
GOV = roles.GOVERNANCE
AUD = roles.AUDITOR

# The state each action is tried from: one it leaves from, with as many signatures as it can have.
SOURCE = {
    "submit": S.DRAFT,
    "clear": S.SUBMITTED,
    "approve": S.CLEARED,
    "publish": S.APPROVED,
    "return": S.CLEARED,
    "reject": S.CLEARED,
    "withdraw": S.CLEARED,
}

ROLE_IDS = {FIN: "finance", DRA: "drafting", CEO: "ceo", DMPC: "dmpc", GOV: "governance", AUD: "auditor"}

# True: the role may take the action. Columns in the order of core.roles.ALL_ROLES.
# fmt: off
MATRIX = {
    #            finance drafting ceo    dmpc   governance auditor
    "submit":   (False,  True,    False, False, False,     False),
    "clear":    (False,  False,   True,  False, False,     False),
    "approve":  (False,  False,   False, True,  False,     False),
    "publish":  (False,  False,   False, False, True,      False),
    "return":   (False,  False,   True,  True,  False,     False),
    "reject":   (False,  False,   False, True,  False,     False),
    "withdraw": (False,  True,    False, False, False,     False),
}
# fmt: on

CELLS = [
    pytest.param(role, action, allowed, id=f"{action}-{ROLE_IDS[role]}")
    for action, row in MATRIX.items()
    for role, allowed in zip(roles.ALL_ROLES, row, strict=True)
]


def test_the_matrix_covers_every_action_and_every_role():
    assert set(MATRIX) == set(TRANSITIONS) == set(SOURCE)
    assert all(len(row) == len(roles.ALL_ROLES) for row in MATRIX.values())
    assert all(SOURCE[action] in TRANSITIONS[action].sources for action in TRANSITIONS)


@pytest.fixture
def setup_cast(make_user) -> Cast:
    """People who bring the decision to its state: none of them is the user whose permission is tried."""
    return Cast(
        drafter=make_user("author", role=DRA),
        ceo=make_user("chief", role=CEO),
        dmpc=make_user("deputy", role=DMPC),
        governance=make_user("clerk", role=GOV),
    )


@pytest.mark.parametrize(("role", "action", "allowed"), CELLS)
def test_permission(role_users, setup_cast, role, action, allowed):
    decision = decision_in(SOURCE[action], cast=setup_cast)
    actor = role_users[role]
    events_before = decision.events.count()

    if allowed:
        perform(action, decision, by=actor)
        decision.refresh_from_db()
        assert decision.status == TRANSITIONS[action].target
        event = decision.events.order_by("-pk").first()
        assert (event.actor, event.from_status, event.to_status) == (actor, SOURCE[action], decision.status)
    else:
        with pytest.raises(Refused) as refusal:
            perform(action, decision, by=actor)
        assert refusal.value.code == "permission"
        assert refusal.value.message == f"You do not have permission to {str(TRANSITIONS[action].label).lower()}."
        decision.refresh_from_db()
        assert decision.status == SOURCE[action]
        assert decision.events.count() == events_before
