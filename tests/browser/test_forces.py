"""The forces dashboard and a force's page in a real browser, checked with axe-core."""

import pytest
from playwright.sync_api import expect

from demo import people
from tests.browser.axe import assert_accessible
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_the_dashboard_and_a_force_page_are_accessible(page, demo_site):
    live_server = demo_site
    sign_in(page, live_server, people.GOVERNANCE.username, people.GOVERNANCE.password)
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
