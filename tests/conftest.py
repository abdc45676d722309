"""Shared fixtures: one user per role, and PostgreSQL-only tests skipped with a reason on SQLite."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from core import roles

ROLE_USERNAMES = {
    roles.FINANCE_OFFICER: "finance",
    roles.DRAFTING_OFFICER: "drafting",
    roles.CHIEF_EXECUTIVE: "ceo",
    roles.DECISION_MAKER: "dmpc",
    roles.GOVERNANCE: "governance",
    roles.AUDITOR: "auditor",
}

PASSWORD = "correct-horse-battery-staple-9"


@pytest.fixture(autouse=True)
def _skip_postgres_only(request):
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL to a PostgreSQL database)")


@pytest.fixture
def make_user(django_user_model):
    def make(username: str, *, role: str | None = None, **extra):
        user = django_user_model.objects.create_user(
            username=username,
            password=PASSWORD,
            first_name=extra.pop("first_name", username.title()),
            last_name=extra.pop("last_name", "Tester"),
            is_staff=extra.pop("is_staff", True),
            **extra,
        )
        if role:
            user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def role_users(db, make_user):
    """One user per role, keyed by role name."""
    return {role: make_user(username, role=role) for role, username in ROLE_USERNAMES.items()}
