"""Every step of the workflow, tried by every role and from every state: generated from the two tables that govern
them, the roles table (``core.roles``) and the transition table (``decisions.workflow``)."""

import pytest
from django.db import transaction
from django.test import override_settings

from core import roles
from core.refusals import Refused
from decisions.choices import DecisionStatus
from decisions.workflow import TRANSITIONS
from tests.builders import cast_of, decision_in, perform
from tests.conftest import FAST_HASHERS, restore_migrated_data

pytestmark = pytest.mark.django_db

STATES = list(DecisionStatus)

ALLOWED = {
    (role.name, action): roles.role_has(role, transition.permission)
    for role in roles.ROLES
    for action, transition in TRANSITIONS.items()
}


def _role_id(name: str) -> str:
    return name.split(" ")[0].lower()


@pytest.fixture(scope="module")
def in_state(django_db_setup, django_db_blocker):
    """One decision in each state, brought there through the services by people who are not the users tried here."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS), transaction.atomic():
        restore_migrated_data()
        cast = cast_of("setup")
        yield {status: decision_in(status, cast=cast) for status in STATES}
        transaction.set_rollback(True)


def test_every_step_is_open_to_at_least_one_role_and_no_role_both_signs():
    for action in TRANSITIONS:
        assert any(ALLOWED[role, action] for role in roles.ALL_ROLES), action
    for role in roles.ALL_ROLES:
        assert not (ALLOWED[role, "clear"] and ALLOWED[role, "approve"]), role
    assert not any(ALLOWED[roles.AUDITOR, action] for action in TRANSITIONS)


# --- Who: every role against every step, from a state the step leaves from -------------------------------------------

# The state each step is tried from: one it leaves from, with as many signatures as it can have.
SOURCE = {action: transition.sources[-1] for action, transition in TRANSITIONS.items()}


@pytest.mark.parametrize(
    ("role", "action"),
    [pytest.param(role, action, id=f"{action}-{_role_id(role)}") for action in TRANSITIONS for role in roles.ALL_ROLES],
)
def test_each_role_may_take_exactly_the_steps_the_roles_table_gives_it(in_state, role_users, role, action):
    decision = in_state[SOURCE[action]]
    actor = role_users[role]
    events_before = decision.events.count()

    if ALLOWED[role, action]:
        moved = perform(action, decision, by=actor)
        assert moved.status == TRANSITIONS[action].target
        event = moved.events.order_by("-pk").first()
        assert (event.actor, event.from_status, event.to_status) == (actor, SOURCE[action], moved.status)
    else:
        with pytest.raises(Refused) as refusal:
            perform(action, decision, by=actor)
        assert refusal.value.code == "permission"
        assert refusal.value.message == f"You do not have permission to {str(TRANSITIONS[action].label).lower()}."
        decision.refresh_from_db()
        assert decision.status == SOURCE[action]
        assert decision.events.count() == events_before


@pytest.mark.parametrize("action", TRANSITIONS)
def test_a_signed_in_user_with_no_role_may_take_no_step(in_state, make_user, action):
    with pytest.raises(Refused) as refusal:
        perform(action, in_state[SOURCE[action]], by=make_user("test-no-role"))
    assert refusal.value.code == "permission"


# --- When: every step from every state it does not leave from --------------------------------------------------------


def _permitted(role_users, action):
    return next(role_users[role] for role in roles.ALL_ROLES if ALLOWED[role, action])


@pytest.mark.parametrize(
    ("action", "status"),
    [
        pytest.param(action, status, id=f"{action}-from-{status.value}")
        for action, transition in TRANSITIONS.items()
        for status in STATES
        if status not in transition.sources
    ],
)
def test_a_step_from_a_state_it_does_not_leave_from_is_refused_and_changes_nothing(
    in_state, role_users, action, status
):
    decision = in_state[status]
    events_before = decision.events.count()

    with pytest.raises(Refused) as refusal:
        perform(action, decision, by=_permitted(role_users, action))

    assert refusal.value.code == "state"
    assert refusal.value.message.startswith(f"{decision.reference} is {decision.get_status_display().lower()}, so it")
    decision.refresh_from_db()
    assert decision.status == status
    assert decision.events.count() == events_before
