"""Shared fixtures: one user per role, and PostgreSQL-only tests skipped with a reason on SQLite."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from core import roles

ROLE_USERNAMES = {
    roles.FINANCE_OFFICER: "test-finance",
    roles.DRAFTING_OFFICER: "test-drafting",
    roles.CHIEF_EXECUTIVE: "test-ceo",
    roles.DECISION_MAKER: "test-dmpc",
    roles.GOVERNANCE: "test-governance",
    roles.AUDITOR: "test-auditor",
}

PASSWORD = "correct-horse-battery-staple-9"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The production hasher is slow on purpose; tests check behaviour, not hashing cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
            first_name=extra.pop("first_name", username.removeprefix("test-").title()),
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
