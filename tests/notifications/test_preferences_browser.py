"""The preferences page in a real browser: it passes axe-core, reflows at 320 px, and saves a choice.

The browser runs on a thread of its own: the browser tests' shared browser, when open in this worker, holds this
thread's event loop, and Playwright's synchronous API runs one loop a thread.
"""

import os
import threading

import pytest
from playwright.sync_api import expect, sync_playwright

from core import roles
from notifications.models import NotificationPreference
from tests.browser.axe import assert_accessible
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, sign_in
from tests.browser.reflow import assert_reflows
from tests.builders import PASSWORD

pytestmark = pytest.mark.browser


def in_a_browser(script) -> None:
    """Run ``script(page)`` in a browser of its own, failing on any Content Security Policy violation."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"chromium is not installed at {CHROMIUM}; CI installs it with apt-get")
        pytest.skip("needs Debian's chromium (apt-get install chromium)")
    failures: list[BaseException] = []

    def run() -> None:
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
                try:
                    page = browser.new_context(locale="en-GB", timezone_id="Europe/London").new_page()
                    page.set_default_timeout(15_000)
                    blocked = []
                    page.on(
                        "console",
                        lambda message: (
                            blocked.append(message.text)
                            if message.type == "error" and "Content Security Policy" in message.text
                            else None
                        ),
                    )
                    script(page)
                    assert not blocked, blocked
                finally:
                    browser.close()
        except BaseException as failure:  # handed to the test's own thread
            failures.append(failure)

    thread = threading.Thread(target=run, name="preferences-browser")
    thread.start()
    thread.join(timeout=120)
    assert not thread.is_alive(), "the browser did not finish in two minutes"
    if failures:
        raise failures[0]


@pytest.mark.django_db(transaction=True)
def test_a_drafter_chooses_the_daily_digest_for_approvals(live_server, role_users):
    drafter = role_users[roles.DRAFTING_OFFICER]
    drafter.email = "drafter@example.org"
    drafter.save(update_fields=["email"])

    def script(page) -> None:
        sign_in(page, live_server, drafter.username, PASSWORD)
        page.get_by_role("link", name="E-mail notifications").click()
        expect(page.get_by_role("heading", name="Your e-mail notifications", level=1)).to_be_visible()
        returned = page.get_by_role("group", name="A decision you drafted is returned for changes")
        expect(returned).to_contain_text("You cannot turn these off.")
        expect(returned.get_by_role("radio")).to_have_count(2)
        assert_accessible(page)
        assert_reflows(page)

        page.get_by_role("group", name="A decision you drafted is approved").get_by_label(
            "In one e-mail a day (daily digest)"
        ).check()
        page.get_by_role("button", name="Save your choices").click()
        expect(page.get_by_text("Your e-mail notifications are saved.")).to_be_visible()
        assert_accessible(page)

    in_a_browser(script)

    assert NotificationPreference.objects.get(user=drafter, kind="approved").mode == "daily_digest"
