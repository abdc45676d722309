"""A backup made by deploy/backup.sh, restored by deploy/restore.sh into a fresh database and fresh folders, gives back
every row, every file and the seal: every sealed PDF still verifies as the sealed original, and signed decisions are
still guarded by their triggers.

As production would run them: manage.py and the two scripts in processes of their own, against PostgreSQL databases
made for the test (on the server the suite uses) and folders of the test's own.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

import dj_database_url
import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not all(shutil.which(tool) for tool in ("pg_dump", "pg_restore", "psql")),
        reason="needs pg_dump, pg_restore and psql (apt-get install postgresql-client)",
    ),
]


class Server:
    """The PostgreSQL server the suite uses, where the test makes (and drops) databases of its own."""

    def __init__(self) -> None:
        self.config = dj_database_url.parse(os.environ["DATABASE_URL"])
        self.prefix = f"{self.config['NAME']}_backup_{uuid.uuid4().hex[:8]}"
        self.made: list[str] = []

    def _connect(self, database: str):
        return psycopg.connect(
            dbname=database,
            user=self.config["USER"],
            password=self.config["PASSWORD"] or None,
            host=self.config["HOST"] or "127.0.0.1",
            port=self.config["PORT"] or 5432,
            autocommit=True,
        )

    def create(self, suffix: str) -> str:
        name = f"{self.prefix}_{suffix}"
        with self._connect("postgres") as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        self.made.append(name)
        return name

    def url(self, name: str) -> str:
        config = self.config
        password = f":{config['PASSWORD']}" if config["PASSWORD"] else ""
        return f"postgres://{config['USER']}{password}@{config['HOST'] or '127.0.0.1'}:{config['PORT'] or 5432}/{name}"

    def row_counts(self, name: str) -> dict[str, int]:
        with self._connect(name) as db:
            tables = [row[0] for row in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
            return {table: db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in tables}  # noqa: S608

    def drop_all(self) -> None:
        with self._connect("postgres") as admin:
            for name in self.made:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def server():
    server = Server()
    yield server
    server.drop_all()


def _environment(tmp_path: Path, database_url: str, place: str) -> dict[str, str]:
    folder = tmp_path / place
    return {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", str(tmp_path)),
        "DATABASE_URL": database_url,
        "DEBUG": "true",
        "MEDIA_ROOT": str(folder / "media"),
        "SEALED_ROOT": str(folder / "sealed"),
        "SIGNING_KEY_FILE": str(folder / "signing" / "seal-key.pem"),
        "SIGNING_CERT_FILE": str(folder / "signing" / "seal-cert.pem"),
    }


def _run(env: dict[str, str], *command: str, expect: int = 0) -> subprocess.CompletedProcess:
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)  # noqa: S603
    assert result.returncode == expect, f"{' '.join(command)}:\n{result.stdout}\n{result.stderr}"
    return result


def _manage(env: dict[str, str], *args: str) -> str:
    return _run(env, sys.executable, "manage.py", *args).stdout


def _files(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


VERIFY = """
import json
from records.models import SealedDocument
from records.sealing import verify_document
documents = []
for document in SealedDocument.objects.select_related("decision").order_by("pk"):
    with document.file.open("rb") as handle:
        documents.append([document.decision.reference, document.variant, verify_document(handle.read()).outcome])
print(json.dumps(documents))
"""


def test_a_backup_restored_into_a_fresh_database_and_folders_gives_back_every_row_file_and_seal(server, tmp_path):
    # The service as it runs: migrated, the demo loaded, a seal, and the signed decisions sealed.
    original = _environment(tmp_path, server.url(server.create("original")), "original")
    _manage(original, "migrate", "--no-input", "-v", "0")
    _manage(original, "make_signing_certificate")
    _manage(original, "load_demo", "-v", "0")
    _manage(original, "seal_pending")
    # An uploaded paper, so that MEDIA_ROOT has something in it.
    media = Path(original["MEDIA_ROOT"]) / "papers" / "2025"
    media.mkdir(parents=True)
    (media / "briefing.pdf").write_bytes(b"%PDF-1.7\n% a supporting paper\n%%EOF\n")

    backup = tmp_path / "backup"
    _run(original, "bash", "deploy/backup.sh", str(backup))
    assert sorted(path.name for path in backup.iterdir()) == [
        "SHA256SUMS",
        "backup.txt",
        "database.dump",
        "media.tar",
        "sealed.tar",
        "signing.tar",
    ]

    restored = _environment(tmp_path, server.url(server.create("restored")), "restored")
    _run(restored, "bash", "deploy/restore.sh", str(backup))

    # Every row of every table, and every file of every folder, byte for byte.
    assert server.row_counts(f"{server.prefix}_restored") == server.row_counts(f"{server.prefix}_original")
    for folder in ("MEDIA_ROOT", "SEALED_ROOT"):
        assert _files(Path(restored[folder])) == _files(Path(original[folder])), folder
    assert _files(Path(restored["SIGNING_KEY_FILE"]).parent) == _files(Path(original["SIGNING_KEY_FILE"]).parent)
    assert Path(restored["SIGNING_KEY_FILE"]).stat().st_mode & 0o077 == 0, "the private key stays readable only by us"

    # In the restored environment, every sealed document's file verifies as the sealed original.
    documents = json.loads(_manage(restored, "shell", "--no-imports", "-c", VERIFY).strip().splitlines()[-1])
    assert len(documents) == 4, documents  # PCD 1763, PCD 1838, and both copies of the Lancashire form
    assert all(outcome == "original" for _reference, _variant, outcome in documents), documents

    # The triggers came back with the tables: a signed decision still cannot change, whatever writes to it.
    with server._connect(f"{server.prefix}_restored") as db, pytest.raises(psycopg.errors.IntegrityConstraintViolation):
        db.execute("UPDATE decisions_decision SET title = title || ' (altered)' WHERE reference = 'PCD 1838'")

    # A restore never writes over a database or folders that hold something.
    refused = _run(restored, "bash", "deploy/restore.sh", str(backup), expect=1)
    assert "is not empty" in refused.stderr


def test_a_backup_that_does_not_match_its_checksums_is_not_restored(server, tmp_path):
    backup = tmp_path / "backup"
    backup.mkdir()
    for name in ("database.dump", "media.tar", "sealed.tar", "signing.tar", "backup.txt"):
        (backup / name).write_bytes(b"")
    (backup / "SHA256SUMS").write_text(
        "".join(f"{hashlib.sha256(b'other').hexdigest()}  {name}\n" for name in ("database.dump", "media.tar"))
    )
    restored = _environment(tmp_path, server.url(server.create("restored")), "restored")

    refused = _run(restored, "bash", "deploy/restore.sh", str(backup), expect=1)

    assert "does not match its SHA256SUMS" in refused.stderr
    assert not Path(restored["SEALED_ROOT"]).exists()
