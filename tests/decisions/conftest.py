"""Fixtures shared by the decision tests."""

import pytest

from core import roles
from tests.decisions.helpers import Cast


@pytest.fixture
def cast(role_users) -> Cast:
    """Who does what when a decision is driven through the workflow: one user per role."""
    return Cast(
        drafter=role_users[roles.DRAFTING_OFFICER],
        ceo=role_users[roles.CHIEF_EXECUTIVE],
        dmpc=role_users[roles.DECISION_MAKER],
        governance=role_users[roles.GOVERNANCE],
    )
