"""The application can run as a database role that owns nothing (deploy/postgres-app-role.sql): it reads and writes
rows, tables made by later migrations included, but cannot alter tables, disable the triggers that keep signed
decisions as they were signed, or get round them.

A database made for the test is migrated, and the demo loaded, by the owner (the suite's own role); a login role made
for the test is given its privileges by the script (run with psql, as the README says), then connects with psycopg.
The database and the role are dropped afterwards.
"""

import os
import secrets
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import dj_database_url
import psycopg
import pytest
from psycopg import errors, sql

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "deploy" / "postgres-app-role.sql"

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(shutil.which("psql") is None, reason="needs psql (apt-get install postgresql-client)"),
]


class Scratch:
    """A database and an application role of the test's own, on the server the suite uses."""

    def __init__(self) -> None:
        self.config = dj_database_url.parse(os.environ["DATABASE_URL"])
        stem = f"{self.config['NAME']}_roles_{uuid.uuid4().hex[:8]}"
        self.database, self.role, self.password = stem, f"{stem}_app", secrets.token_urlsafe(16)
        self.host, self.port = self.config["HOST"] or "127.0.0.1", self.config["PORT"] or 5432

    def connect(self, database: str | None = None, *, as_app: bool = False):
        return psycopg.connect(
            dbname=database or self.database,
            user=self.role if as_app else self.config["USER"],
            password=self.password if as_app else (self.config["PASSWORD"] or None),
            host=self.host,
            port=self.port,
            autocommit=True,
        )

    def url(self, *, as_app: bool = False) -> str:
        user, password = (self.role, self.password) if as_app else (self.config["USER"], self.config["PASSWORD"])
        secret = f":{password}" if password else ""
        return f"postgres://{user}{secret}@{self.host}:{self.port}/{self.database}"

    def admin(self, statement: sql.Composable) -> None:
        with self.connect("postgres") as admin:
            admin.execute(statement)


@pytest.fixture
def scratch():
    scratch = Scratch()
    scratch.admin(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(scratch.database)))
    try:
        scratch.admin(
            sql.SQL("CREATE ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD {}").format(
                sql.Identifier(scratch.role), sql.Literal(scratch.password)
            )
        )
        yield scratch
    finally:
        # The database first: its grants and default privileges name the role.
        scratch.admin(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(scratch.database)))
        scratch.admin(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(scratch.role)))


def _manage(scratch: Scratch, tmp_path: Path, *args: str, as_app: bool = False) -> str:
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", str(tmp_path)),
        "DATABASE_URL": scratch.url(as_app=as_app),
        "DEBUG": "true",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "SEALED_ROOT": str(tmp_path / "sealed"),
        "SIGNING_KEY_FILE": str(tmp_path / "signing" / "key.pem"),
        "SIGNING_CERT_FILE": str(tmp_path / "signing" / "cert.pem"),
        "DJANGO_SUPERUSER_PASSWORD": "a-long-first-administrator-password",
    }
    result = subprocess.run(  # noqa: S603 - the project's own manage.py
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def _apply_script(scratch: Scratch) -> None:
    result = subprocess.run(  # noqa: S603
        ["psql", "-X", "-q", scratch.url(), "-v", f"app_role={scratch.role}", "-f", str(SCRIPT)],  # noqa: S607
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"


def test_the_application_role_reads_and_writes_rows_but_cannot_alter_tables_or_get_round_the_triggers(
    scratch, tmp_path
):
    # One test, so that the database is migrated and the demo loaded once (each test would do it on its own worker).
    _manage(scratch, tmp_path, "migrate", "--no-input", "-v", "0")
    _manage(scratch, tmp_path, "load_demo", "-v", "0")
    _apply_script(scratch)
    app = scratch.connect(as_app=True)
    try:
        _it_owns_nothing(scratch, app)
        _it_reads_and_writes_rows(app)
        _it_cannot_alter_tables_or_disable_triggers(app)
        _the_trigger_refuses_its_update_of_a_signed_decision(app)
        _later_tables_and_sequences_are_covered(scratch, app)

        # The script can be run again, and the production steps that follow migrate work as the application's role.
        _apply_script(scratch)
        _manage(
            scratch,
            tmp_path,
            "createsuperuser",
            "--no-input",
            "--username",
            "first-admin",
            "--email",
            "a@example.org",
            as_app=True,
        )
        _manage(scratch, tmp_path, "grant_role", "first-admin", "Auditor", as_app=True)
        held = app.execute(
            "SELECT g.name FROM auth_user u JOIN auth_user_groups ug ON ug.user_id = u.id"
            " JOIN auth_group g ON g.id = ug.group_id WHERE u.username = 'first-admin'"
        ).fetchall()
        assert held == [("Auditor",)]
    finally:
        app.close()


def _it_owns_nothing(scratch, app):
    owners = {row[0] for row in app.execute("SELECT DISTINCT tableowner FROM pg_tables WHERE schemaname = 'public'")}
    assert owners == {scratch.config["USER"]}
    assert app.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone() == (False,)


def _it_reads_and_writes_rows(app):
    assert app.execute("SELECT count(*) FROM grants_organisation").fetchone()[0] > 0
    assert app.execute("SELECT title FROM decisions_decision WHERE reference = 'PCD 1838'").fetchone()
    # A table with an identity column (its sequence), and one a sign-in writes.
    (group_id,) = app.execute(
        "INSERT INTO auth_group (name) VALUES ('Written by the app role') RETURNING id"
    ).fetchone()
    app.execute(
        "INSERT INTO django_session (session_key, session_data, expire_date) VALUES (%s, 'data', now())",
        (secrets.token_hex(16),),
    )
    app.execute("UPDATE auth_group SET name = 'Renamed by the app role' WHERE id = %s", (group_id,))
    app.execute("DELETE FROM auth_group WHERE id = %s", (group_id,))


def _it_cannot_alter_tables_or_disable_triggers(app):
    for statement in (
        "ALTER TABLE decisions_decision DISABLE TRIGGER ALL",
        "ALTER TABLE decisions_decision ADD COLUMN extra text",
        "DROP TABLE decisions_decisionevent",
        "TRUNCATE decisions_decisionevent CASCADE",
        "CREATE TABLE app_made (id int)",
        # Nor switch the triggers off for its own session.
        "SET session_replication_role = replica",
    ):
        with pytest.raises(errors.InsufficientPrivilege):
            app.execute(statement)


def _the_trigger_refuses_its_update_of_a_signed_decision(app):
    # It may update the table (it holds the privilege), but the trigger refuses any change to signed content.
    status = app.execute("SELECT status FROM decisions_decision WHERE reference = 'PCD 1838'").fetchone()[0]
    assert status in {"approved", "published"}
    with pytest.raises(errors.IntegrityConstraintViolation) as refused:
        app.execute("UPDATE decisions_decision SET title = title || ' (altered)' WHERE reference = 'PCD 1838'")
    assert "PCD 1838" in str(refused.value)
    assert "pgtrigger_decision_frozen" in (refused.value.diag.context or ""), "refused by the trigger"
    title = app.execute("SELECT title FROM decisions_decision WHERE reference = 'PCD 1838'").fetchone()[0]
    assert "(altered)" not in title


def _later_tables_and_sequences_are_covered(scratch, app):
    """What a later release's migrations make, as the owner, the application role may use at once."""
    with scratch.connect() as owner:
        owner.execute(
            "CREATE TABLE later_migration (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, note text)"
        )
        owner.execute("CREATE SEQUENCE later_sequence")
    app.execute("INSERT INTO later_migration (note) VALUES ('new table, same privileges')")
    assert app.execute("SELECT count(*) FROM later_migration").fetchone() == (1,)
    assert app.execute("SELECT nextval('later_sequence')").fetchone() == (1,)
    with pytest.raises(errors.InsufficientPrivilege):
        app.execute("ALTER TABLE later_migration DISABLE TRIGGER ALL")
