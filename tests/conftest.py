"""Shared fixtures: one user per role, and PostgreSQL-only tests skipped with a reason on SQLite."""

import importlib

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

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


def ensure_roles() -> None:
    """Recreate the role groups when a transactional test has flushed them, with the roles migration's own code."""
    if Group.objects.filter(name__in=roles.ALL_ROLES).count() == len(roles.ALL_ROLES):
        return
    migration = importlib.import_module("core.migrations.0001_roles")
    executor = MigrationExecutor(connection)
    state = executor.loader.project_state(("core", "0001_roles"), at_end=True)
    migration.create_roles(state.apps, None)


@pytest.fixture
def role_users(db, make_user):
    """One user per role, keyed by role name."""
    ensure_roles()
    return {role: make_user(username, role=role) for role, username in ROLE_USERNAMES.items()}
