"""A database made by the previous release, with the demo loaded and its decisions sealed, migrates to this one with
nothing lost: every row is still there, the history and the audit trail are intact, every sealed PDF still verifies,
and the auditor can now read the seals and sealed documents.

The previous release's code is taken from git (``git archive``) and run as it was, in processes of its own, against a
database of its own (SQLite, or a PostgreSQL database made for the test when the suite runs on PostgreSQL). It takes
a minute, so it runs when asked for: ``UPGRADE_TEST=1`` (CI does, on both databases).
"""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from io import BytesIO
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
# main before the apps were split by concern (records, register and demo out of decisions and core).
PREVIOUS_RELEASE = "cba728d2adaafeb9705644346a8516993a296b95"

pytestmark = [
    pytest.mark.upgrade,
    pytest.mark.skipif(not os.environ.get("UPGRADE_TEST"), reason="runs with UPGRADE_TEST=1 (CI runs it)"),
]


def _git(*args: str) -> bytes:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, check=True, timeout=120).stdout  # noqa: S603, S607


@pytest.fixture
def previous_release(tmp_path) -> Path:
    try:
        archive = _git("archive", "--format=tar", PREVIOUS_RELEASE)
    except (OSError, subprocess.CalledProcessError):
        pytest.skip(f"the previous release {PREVIOUS_RELEASE} is not in this checkout's history (a shallow clone?)")
    folder = tmp_path / "previous"
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


class Database:
    """A database of the test's own, on the server the suite uses (or a SQLite file)."""

    def __init__(self, tmp_path: Path) -> None:
        settings = connection.settings_dict
        self.vendor = connection.vendor
        if self.vendor == "postgresql":
            self.name = f"pgd_upgrade_{uuid.uuid4().hex[:8]}"
            user, host, port = settings["USER"], settings["HOST"] or "127.0.0.1", settings["PORT"] or "5432"
            password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
            self.url = f"postgres://{user}{password}@{host}:{port}/{self.name}"
            self._admin(f'CREATE DATABASE "{self.name}"')
        else:
            self.path = tmp_path / "previous.sqlite3"
            self.url = f"sqlite:///{self.path}"

    def _admin(self, sql: str) -> None:
        import psycopg

        settings = connection.settings_dict
        with psycopg.connect(
            dbname="postgres",
            user=settings["USER"],
            password=settings["PASSWORD"] or None,
            host=settings["HOST"] or "127.0.0.1",
            port=settings["PORT"] or "5432",
            autocommit=True,
        ) as admin:
            admin.execute(sql)

    def row_counts(self) -> dict[str, int]:
        if self.vendor == "postgresql":
            import psycopg

            with psycopg.connect(self.url.replace("postgres://", "postgresql://")) as db:
                tables = [row[0] for row in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
                return {table: db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in tables}  # noqa: S608
        with sqlite3.connect(self.path) as db:
            # SQLite's own bookkeeping (sqlite_sequence) grows with every new table: it is not the application's rows.
            tables = [
                row[0]
                for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                if not row[0].startswith("sqlite_")
            ]
            return {table: db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in tables}  # noqa: S608

    def drop(self) -> None:
        if self.vendor == "postgresql":
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


@pytest.fixture
def database(tmp_path):
    database = Database(tmp_path)
    yield database
    database.drop()


def _manage(code: Path, env: dict[str, str], *args: str) -> str:
    result = subprocess.run(  # noqa: S603 - the project's own manage.py
        [sys.executable, "manage.py", *args],
        cwd=code,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)} in {code}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


VERIFY = """
import json
from django.contrib.auth.models import Group
from decisions.models import Decision, DecisionEvent
from records.models import SealedDocument
from records.sealing import verify_document
documents = []
for document in SealedDocument.objects.select_related("decision").order_by("pk"):
    with document.file.open("rb") as handle:
        documents.append([document.decision.reference, document.variant, verify_document(handle.read()).outcome])
auditor = Group.objects.get(name="Auditor")
print(json.dumps({
    "documents": documents,
    "history": Decision.history.count(),
    "events": DecisionEvent.objects.count(),
    "auditor": sorted(auditor.permissions.filter(codename__in=[
        "view_decisionevent", "view_decisionseal", "view_sealeddocument"]).values_list("codename", flat=True)),
}))
"""


def test_a_database_of_the_previous_release_migrates_with_every_row_and_every_sealed_pdf_verifying(
    previous_release, database, tmp_path
):
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", str(tmp_path)),
        "DATABASE_URL": database.url,
        "DEBUG": "true",
        "SEALED_ROOT": str(tmp_path / "sealed"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "SIGNING_KEY_FILE": str(tmp_path / "signing" / "key.pem"),
        "SIGNING_CERT_FILE": str(tmp_path / "signing" / "cert.pem"),
    }
    # The previous release, as it ran: its migrations, its demo, its seals.
    for command in (["migrate", "--no-input"], ["make_signing_certificate"], ["load_demo"], ["seal_pending"]):
        _manage(previous_release, env, *command)
    before = database.row_counts()
    assert before["decisions_sealeddocument"] == 4  # PCD 1763, PCD 1838, and both copies of the Lancashire form

    _manage(ROOT, env, "migrate", "--no-input")

    after = database.row_counts()
    # Every table of the previous release is still there with every row; new ones may have been added.
    grown = {"django_migrations", "django_content_type", "auth_permission", "auth_group_permissions"}
    for table, count in before.items():
        assert table in after, f"{table} disappeared"
        if table in grown:
            assert after[table] >= count, table
        else:
            assert after[table] == count, f"{table}: {count} rows before, {after[table]} after"

    report = json.loads(_manage(ROOT, env, "shell", "--no-imports", "-c", VERIFY).strip().splitlines()[-1])
    assert len(report["documents"]) == 4
    assert all(outcome == "original" for _reference, _variant, outcome in report["documents"]), report["documents"]
    assert report["history"] > 0
    assert report["auditor"] == ["view_decisionevent", "view_decisionseal", "view_sealeddocument"]
    shutil.rmtree(tmp_path / "sealed", ignore_errors=True)
