"""Shared fixtures: one user per role, and PostgreSQL-only tests skipped with a reason on SQLite."""

import importlib

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core import roles
from tests.builders import PASSWORD, Cast

ROLE_USERNAMES = {
    roles.FINANCE_OFFICER: "test-finance",
    roles.DRAFTING_OFFICER: "test-drafting",
    roles.CHIEF_EXECUTIVE: "test-ceo",
    roles.DECISION_MAKER: "test-dmpc",
    roles.GOVERNANCE: "test-governance",
    roles.AUDITOR: "test-auditor",
}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The production hasher is slow on purpose; tests check behaviour, not hashing cost.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def signing_files(tmp_path_factory):
    """A development seal made once for the whole run by the project's own command."""
    from django.core.management import call_command
    from django.test import override_settings

    folder = tmp_path_factory.mktemp("signing")
    key_file, cert_file = folder / "key.pem", folder / "cert.pem"
    with override_settings(SIGNING_KEY_FILE=key_file, SIGNING_CERT_FILE=cert_file):
        call_command("make_signing_certificate", verbosity=0)
    return key_file, cert_file


@pytest.fixture(autouse=True)
def _sealing_in_tmp(settings, signing_files, tmp_path):
    settings.SIGNING_KEY_FILE, settings.SIGNING_CERT_FILE = signing_files
    settings.SIGNING_KEY_PASSPHRASE = ""
    settings.SEALED_ROOT = tmp_path / "sealed"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _forget_sealed_files():
    # Tests roll the database back, so ids are reused: what one test's downloads remembered is not the next's.
    from records import downloads

    downloads.forget()
    yield
    downloads.forget()


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


def _run_data_migration(app: str, name: str, function: str) -> None:
    module = importlib.import_module(f"{app}.migrations.{name}")
    state = MigrationExecutor(connection).loader.project_state((app, name), at_end=True)
    getattr(module, function)(state.apps, None)


def restore_migrated_data() -> None:
    """Put back what data migrations made (roles, the 43 forces and services) when a transactional test on the
    same worker has flushed the database, using the migrations' own code."""
    from forces.models import TERRITORIAL_FORCE_COUNT, Force

    if Force.objects.count() < TERRITORIAL_FORCE_COUNT:
        _run_data_migration("forces", "0002_reference_data", "load")
    if Group.objects.filter(name__in=roles.ALL_ROLES).count() < len(roles.ALL_ROLES):
        roles.sync_roles()


@pytest.fixture
def role_users(db, make_user):
    """One user per role, keyed by role name."""
    restore_migrated_data()
    return {role: make_user(username, role=role) for role, username in ROLE_USERNAMES.items()}


@pytest.fixture
def cast(role_users) -> Cast:
    """Who does what when a decision is driven through the workflow: one user per role."""
    return Cast(
        drafter=role_users[roles.DRAFTING_OFFICER],
        ceo=role_users[roles.CHIEF_EXECUTIVE],
        dmpc=role_users[roles.DECISION_MAKER],
        governance=role_users[roles.GOVERNANCE],
    )
