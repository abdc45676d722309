"""Production mode works: with DEBUG off, ``collectstatic`` (whitenoise's manifest storage) succeeds from the built
front end, and the site under gunicorn serves its pages and its static files under their hashed names.

It runs the project as production does, in processes of its own: ``migrate`` and ``collectstatic`` with production
settings (into a database and a STATIC_ROOT of the test's own: a PostgreSQL database made for the test when the suite
runs on PostgreSQL, else a SQLite file), then gunicorn on 127.0.0.1 on a free port. It takes a few seconds, so it runs
when asked for: ``PRODUCTION_TEST=1`` (CI does, and also runs ``.ci/production-smoke``, the same check in shell).
"""

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urljoin

import dj_database_url
import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(
    not os.environ.get("PRODUCTION_TEST"), reason="runs with PRODUCTION_TEST=1 (CI runs it)"
)


class Response:
    def __init__(self, status: int, headers, body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


class Site:
    """The project under gunicorn with production settings."""

    def __init__(self, base: str, static_root: Path, log: Path) -> None:
        self.base, self.static_root, self.log = base, static_root, log

    def get(self, path: str, **headers: str) -> Response:
        request = urllib.request.Request(self.base + path, headers=headers)  # noqa: S310 - our own loopback server
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                return Response(response.status, response.headers, response.read())
        except urllib.error.HTTPError as error:
            return Response(error.code, error.headers, error.read())

    def hashed(self, name: str) -> str:
        return json.loads((self.static_root / "staticfiles.json").read_text())["paths"][name]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _manage(env: dict[str, str], *args: str) -> None:
    result = subprocess.run(  # noqa: S603 - the project's own manage.py
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}\n{result.stderr}"


@pytest.fixture(scope="module")
def database_url(tmp_path_factory):
    """A database of the test's own: on the PostgreSQL server the suite uses, or a SQLite file."""
    config = dj_database_url.parse(os.environ.get("DATABASE_URL") or "sqlite://")
    if "postgresql" not in config["ENGINE"]:
        yield f"sqlite:///{tmp_path_factory.mktemp('production') / 'production.sqlite3'}"
        return
    import psycopg

    name = f"{config['NAME']}_production_{uuid.uuid4().hex[:8]}"
    server = {
        "user": config["USER"],
        "password": config["PASSWORD"] or None,
        "host": config["HOST"] or "127.0.0.1",
        "port": config["PORT"] or 5432,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    password = f":{config['PASSWORD']}" if config["PASSWORD"] else ""
    yield f"postgres://{server['user']}{password}@{server['host']}:{server['port']}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def site(tmp_path_factory, database_url):
    folder = tmp_path_factory.mktemp("production-site")
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", str(folder)),
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Plain HTTP on the loopback: no redirect to HTTPS (a proxy in front terminates TLS in production).
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(folder / "static"),
        "MEDIA_ROOT": str(folder / "media"),
        "SEALED_ROOT": str(folder / "sealed"),
    }
    _manage(env, "migrate", "--no-input", "-v", "0")
    _manage(env, "collectstatic", "--no-input", "-v", "0")

    port = _free_port()
    log = folder / "gunicorn.log"
    with log.open("wb") as log_file:
        server = subprocess.Popen(  # noqa: S603 - gunicorn from this virtualenv
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--no-control-socket",
                "--access-logfile",
                "-",
            ],
            cwd=ROOT,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        running = Site(f"http://127.0.0.1:{port}", folder / "static", log)
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, f"gunicorn exited:\n{log.read_text(errors='replace')}"
            try:
                if running.get("/healthz").status == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, f"gunicorn did not answer:\n{log.read_text(errors='replace')}"
            time.sleep(0.2)
        yield running
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.mark.parametrize("path", ["/register/", "/accounts/login/"])
def test_the_pages_answer_in_production_mode(site, path):
    response = site.get(path)

    assert response.status == 200, f"{response.text[:2000]}\n{site.log.read_text(errors='replace')[-4000:]}"
    assert "Policing Grant Decisions" in response.text
    assert response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


def test_the_pages_link_the_stylesheet_by_the_hashed_name_in_the_manifest(site):
    page = site.get("/accounts/login/").text

    hashed = site.hashed("vendor/govuk/govuk.css")
    assert hashed != "vendor/govuk/govuk.css"
    assert f'<link rel="stylesheet" href="/static/{hashed}">' in page
    assert f"/static/{site.hashed('vendor/govuk/govuk-frontend.min.js')}" in page


def test_the_stylesheet_and_every_asset_it_refers_to_are_served(site):
    stylesheet = f"/static/{site.hashed('vendor/govuk/govuk.css')}"
    response = site.get(stylesheet)

    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/css")
    assert ".govuk-header" in response.text
    references = {url for url in re.findall(r'url\("?([^")]+)"?\)', response.text) if not url.startswith("data:")}
    assert references, "the GOV.UK stylesheet refers to its images"
    for reference in references:
        asset = urljoin(stylesheet, reference)
        assert site.get(asset).status == 200, asset
    # Arial only: the GOV.UK-only font is neither referred to nor needed.
    assert "GDS Transport" not in response.text
    assert not any("/fonts/" in reference for reference in references)


def test_hashed_static_files_are_cached_for_good_and_served_compressed(site):
    response = site.get(f"/static/{site.hashed('vendor/govuk/govuk.css')}", **{"Accept-Encoding": "gzip"})

    assert response.status == 200
    assert "immutable" in response.headers["Cache-Control"]
    assert response.headers["Content-Encoding"] == "gzip"


def test_an_unknown_address_answers_not_found_rather_than_an_error(site):
    assert site.get("/no-such-page/").status == 404
    assert site.get("/register/999999/").status == 404
