"""`make run` on its own: the site and a worker from one command. Approving the demo's decision waiting for the DMPC,
in a browser, puts it on the public register with nothing else run, and its page shows the sealed PDFs without a
reload.

It runs the real command (install is a no-op once done, then migrate, the demo and honcho) in folders of the test's
own, so it takes half a minute or more: it runs when asked for, with ``PRODUCTION_TEST=1``, as CI does.
"""

import html
import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from demo import people
from demo.waiting import TITLE

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.environ.get("PRODUCTION_TEST"), reason="runs with PRODUCTION_TEST=1 (CI runs it)"),
]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    """Status and text of a page (entities decoded), or 0 while nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback, the test's own server
            return response.status, html.unescape(response.read().decode())
    except urllib.error.HTTPError as error:
        return error.code, ""
    except OSError:
        return 0, ""


def _wait_for(check, *, seconds: float, what: str, log: Path):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.5)
    printed = "\n".join(line for line in log.read_text().splitlines() if "GET /" not in line)
    pytest.fail(f"{what} not within {seconds:.0f} s; make run printed:\n{printed[-4000:]}")


@pytest.fixture
def make_run(tmp_path):
    port = _free_port()
    log = tmp_path / "make-run.log"
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SIGNING_KEY_FILE": str(tmp_path / "signing" / "key.pem"),
        "SIGNING_CERT_FILE": str(tmp_path / "signing" / "cert.pem"),
        "SEALED_ROOT": str(tmp_path / "sealed"),
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    for name in ("TASKS_BACKEND", "PUBLISH_REQUIRES_GOVERNANCE", "DEBUG", "EMAIL_HOST"):
        env.pop(name, None)
    with log.open("wb") as output:
        process = subprocess.Popen(  # noqa: S603 - the project's own command
            ["make", "--no-print-directory", "run", f"RUN_PORT={port}"],  # noqa: S607
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(lambda: _get(f"{url}/healthz")[0] == 200, seconds=300, what="the site", log=log)
        yield url, log
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_make_run_serves_the_site_and_a_worker_that_publishes_what_the_dmpc_approves(make_run, page):
    url, log = make_run
    page.goto(f"{url}/accounts/login/")
    page.get_by_label("User name").fill(people.DMPC.username)
    page.get_by_label("Password").fill(people.DMPC.password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="PCD 1839").click()
    decision_url = page.url.removesuffix("sign/")
    page.get_by_label("I confirm I have considered whether or not I have any personal or prejudicial interest").check()
    page.get_by_label("Interests declared").fill("None.")
    page.get_by_label("Your password").fill(people.DMPC.password)
    started = time.monotonic()
    page.get_by_role("button", name="Sign and approve").click()
    expect(page.get_by_text("You signed PCD 1839. It is now approved.")).to_be_visible()
    assert time.monotonic() - started < 5  # the request commits and queues sealing; the worker seals

    # Its page shows "Being sealed" until the worker is done, then the sealed PDFs, with no reload.
    page.goto(decision_url)
    expect(page.get_by_role("link", name="Part 1 (for publication)")).to_be_visible(timeout=60_000)

    # And the worker has put it on the public register: nobody ran publish_due.
    found = _wait_for(
        lambda: (page_text := _get(f"{url}/register/?search=PCD+1839")[1]) and TITLE in page_text and page_text,
        seconds=60,
        what="PCD 1839 on the public register",
        log=log,
    )
    assert "PCD 1839" in found

    printed = log.read_text()
    assert "web.1" in printed and "worker.1" in printed  # both processes' output, side by side
