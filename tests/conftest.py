"""Shared fixtures: one user per role, the demo database, and PostgreSQL-only tests skipped with a reason on SQLite.

The demo database: ``demo_db`` loads the seed documents (``load_demo``, demo users included) and seals the signed
decisions once per test database (once per worker), committed. Tests that use it only read it (each runs in a
transaction that is rolled back), and they run after every other test of their worker, so no test that expects an
empty database ever sees the demo. Transactional tests (the browser tests) flush the database, so they never use it:
they load the demo themselves.
"""

import importlib

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from core import roles
from tests.builders import Cast, create_user

ROLE_USERNAMES = {
    roles.FINANCE_OFFICER: "test-finance",
    roles.DRAFTING_OFFICER: "test-drafting",
    roles.CHIEF_EXECUTIVE: "test-ceo",
    roles.DECISION_MAKER: "test-dmpc",
    roles.GOVERNANCE: "test-governance",
    roles.AUDITOR: "test-auditor",
}


# The production hasher is slow on purpose; tests check behaviour, not hashing cost.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


# Background tasks run at once, in the process that queues them (after the commit that queues them), unless a test
# asks for the database queue and real workers (tests/test_workers.py). Approved decisions stay approved until a
# test publishes them, or asks for publication on sealing (PUBLISH_REQUIRES_GOVERNANCE=False, the product's default).
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True, scope="session")
def _tasks_run_at_once():
    from django.test.utils import override_settings

    with override_settings(TASKS=IMMEDIATE_TASKS, PUBLISH_REQUIRES_GOVERNANCE=True):
        yield


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


@pytest.fixture(scope="session")
def sealed_root(tmp_path_factory):
    """Where sealed PDFs are kept during the run: one folder for the worker, as the demo database is one."""
    return tmp_path_factory.mktemp("sealed")


@pytest.fixture(autouse=True)
def _sealing_in_tmp(settings, signing_files, sealed_root, tmp_path):
    settings.SIGNING_KEY_FILE, settings.SIGNING_CERT_FILE = signing_files
    settings.SIGNING_KEY_PASSPHRASE = ""
    settings.SEALED_ROOT = sealed_root
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _forget_cached_reads():
    # What a process remembers for a while (the lists' financial years) belongs to one test's data.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _forget_sealed_files():
    # Tests roll the database back, so ids are reused: what one test's downloads remembered is not the next's.
    from records import downloads

    downloads.forget()
    yield
    downloads.forget()


@pytest.fixture
def make_user(db):
    return create_user


def _run_data_migration(app: str, name: str, function: str) -> None:
    """A data migration's own function, run against today's models (the test database may be built without the
    migrations, and the function reads only fields that are still there)."""
    from django.apps import apps

    module = importlib.import_module(f"{app}.migrations.{name}")
    getattr(module, function)(apps, None)


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


DEMO_DB = "demo_db"


@pytest.fixture(scope="session")
def django_db_use_migrations():
    """PostgreSQL test databases are built by the migrations (their triggers are part of what is tested). SQLite ones
    are built from the models, two seconds faster for each worker: CI's ``makemigrations --check`` keeps the two the
    same, and the migrations are run on SQLite by CI's checks and by the upgrade test."""
    return connection.vendor == "postgresql"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database with what the data migrations put in (the 43 forces and the services); the roles are made
    after every migrate, whichever way the tables were built."""
    with django_db_blocker.unblock():
        restore_migrated_data()
    yield
    if connection.vendor == "postgresql":
        # A session a live server's request thread left open would keep the test database from being dropped.
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


def pytest_collection_modifyitems(config, items):
    if connection.vendor != "postgresql":
        # Skipped before any fixture runs, so a test that would need PostgreSQL never sets up its database on SQLite.
        needs_postgres = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL to a PostgreSQL database)")
        for item in items:
            if item.get_closest_marker("postgres"):
                item.add_marker(needs_postgres)
    # The tests that read the demo database go last (keeping their order), so that on each worker (pytest-xdist's
    # "load" distribution sends every worker its tests in this order) nothing runs after the demo is loaded but them.
    items.sort(key=lambda item: DEMO_DB in getattr(item, "fixturenames", ()))


@pytest.fixture(scope="session")
def demo_db(django_db_setup, django_db_blocker, signing_files, sealed_root):
    """The demo, loaded and sealed once in this worker's test database. Read it; never flush it."""
    from django.core.management import call_command
    from django.test import override_settings

    key_file, cert_file = signing_files
    sealing = override_settings(
        DEBUG=True,
        PASSWORD_HASHERS=FAST_HASHERS,
        SIGNING_KEY_FILE=key_file,
        SIGNING_CERT_FILE=cert_file,
        SIGNING_KEY_PASSPHRASE="",
        SEALED_ROOT=sealed_root,
    )
    with django_db_blocker.unblock(), sealing:
        restore_migrated_data()
        call_command("load_demo", verbosity=0)
        call_command("seal_pending", verbosity=0)
        from records.models import DecisionSeal, SealStatus

        failed = list(
            DecisionSeal.objects.exclude(status=SealStatus.SEALED).values_list("decision__reference", "error")
        )
        assert not failed, f"the demo database could not be sealed: {failed}"
