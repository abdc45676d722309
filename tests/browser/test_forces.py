"""The forces dashboard and a force's page in a real browser, checked with axe-core."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.axe import assert_accessible
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD, restore_migrated_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_dashboard_and_a_force_page_are_accessible(page, live_server, role_users):
    restore_migrated_data()
    call_command("load_demo", verbosity=0)

    sign_in(page, live_server, "test-governance", PASSWORD)
    page.goto(f"{live_server.url}/forces/")
    expect(page.get_by_role("heading", name="Forces on-boarding")).to_be_visible()
    expect(page.get_by_role("img", name="On-boarding to Single Online Home: progress")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Avon and Somerset Constabulary").first.click()
    expect(page.get_by_role("heading", name="Avon and Somerset Constabulary", level=1)).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}/forces/plans/")
    expect(page.get_by_role("heading", name="On-boarding plans", level=1)).to_be_visible()
    assert_accessible(page)
