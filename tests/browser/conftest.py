"""Browser tests: Debian's chromium driven by Playwright against pytest-django's live server.

Skipped with a reason where chromium is not installed, except in CI, where a missing browser is a failure.
"""

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# Playwright's synchronous API runs an event loop; Django's live server and ORM calls from tests are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# One browser for the worker. Playwright's synchronous API keeps an event loop running in this thread while it is
# open; the seal (pyHanko) steps out of it to sign (records.signing.outside_event_loop).
@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"chromium is not installed at {CHROMIUM}; CI installs it with apt-get")
        pytest.skip("needs Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="en-GB", timezone_id="Europe/London")
    page = context.new_page()
    page.set_default_timeout(15_000)
    # The pages run under the real Content Security Policy: anything it blocks fails the test.
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    yield page
    context.close()
    assert not blocked, blocked


def sign_in(page, live_server, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state()


def fill_date(scope, legend: str, written: str) -> None:
    """Type a date written ``dd/mm/yyyy`` into the GOV.UK date input whose legend is ``legend``, box by box."""
    day, month, year = written.split("/")
    group = scope.get_by_role("group", name=legend, exact=True)
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)


@pytest.fixture(scope="session")
def demo_site(demo_db):
    """A live server over the demo database, for browser tests that only read what the demo holds.

    Those tests run like every other demo test, each in a transaction that is rolled back, so the demo is never
    flushed and never loaded again. On SQLite the server shares the test's connection (what a request writes, a
    session, is rolled back with the test); on PostgreSQL it reads the committed demo with a connection of its own.
    Tests that change records (signing, recording a variation) use pytest-django's ``live_server`` and a demo of
    their own instead.
    """
    from pytest_django.live_server_helper import LiveServer

    server = LiveServer("localhost")
    server._live_server_modified_settings.enable()
    yield server
    server._live_server_modified_settings.disable()
    server.stop()
