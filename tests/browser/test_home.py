"""The home page in a real browser: each of the six demo roles signs in, lands on its home page, finds its next task
there and reaches it in one click; the start page, the no-role page and a decision's timeline pass axe-core."""

import re

import pytest
from playwright.sync_api import expect

from demo import people
from tests.browser.axe import assert_accessible
from tests.browser.conftest import sign_in
from tests.builders import PASSWORD, create_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

TITLE_1839 = "Home Office grant for the Violence Reduction Unit's summer outreach 2025/26"


def _home(page, site, person) -> None:
    sign_in(page, site, person.username, person.password)
    expect(page).to_have_url(f"{site.url}/")
    expect(page.get_by_role("heading", name="Your tasks", level=1)).to_be_visible()


def test_the_decision_maker_signs_pcd_1839_in_one_click_from_home(page, demo_site):
    _home(page, demo_site, people.DMPC)
    part = page.locator("#signing")
    expect(part).to_contain_text("1 decision waits for your signature")
    expect(part).to_contain_text("Signs after you:No one: this signature decides")
    assert_accessible(page)
    part.get_by_role("link", name=re.compile(r"^Sign PCD 1839")).click()
    expect(page).to_have_url(re.compile(r"/decisions/\d+/sign/$"))
    expect(page.get_by_role("heading", name=re.compile("^Sign as"))).to_be_visible()


def test_the_chief_executive_follows_pcd_1839_to_the_decision_maker_in_one_click(page, demo_site):
    _home(page, demo_site, people.CEO)
    expect(page.locator("#signing")).to_contain_text("Nothing is waiting for your signature.")
    signed = page.locator("#signed-by-you")
    expect(signed).to_contain_text(f"with the Deputy Mayor for Policing and Crime ({people.DMPC.full_name})")
    signed.get_by_role("link", name=re.compile("^PCD 1839")).click()
    timeline = page.locator("#timeline")
    expect(timeline.locator("[aria-current=step]")).to_contain_text(
        "Signed by the Deputy Mayor for Policing and Crime (current)"
    )
    expect(timeline).to_contain_text(people.CEO.full_name)
    assert_accessible(page)


def test_the_drafting_officer_finds_their_decision_being_signed_and_can_start_one(page, demo_site):
    _home(page, demo_site, people.DRAFTING)
    part = page.locator("#drafting")
    expect(part).to_contain_text("You have no drafts.")
    expect(part.get_by_role("link", name="Start a decision")).to_be_visible()
    part.locator("#being-signed").get_by_role("link", name=re.compile("^PCD 1839")).click()
    expect(page.get_by_role("heading", name=TITLE_1839, level=1)).to_be_visible()
    expect(page.locator("#timeline-summary")).to_contain_text("PCD 1839 is at")


def test_governance_reaches_the_due_list_in_one_click(page, demo_site):
    _home(page, demo_site, people.GOVERNANCE)
    part = page.locator("#governance")
    expect(part).to_contain_text("Nothing is due for publication.")
    expect(part).to_contain_text("No decision is stuck being sealed.")
    assert_accessible(page)
    part.get_by_role("link", name="See the due list").click()
    expect(page.get_by_role("heading", name="Due for publication", level=1)).to_be_visible()


def test_the_finance_officer_reaches_grant_685_in_one_click(page, demo_site):
    _home(page, demo_site, people.FINANCE)
    part = page.locator("#finance")
    expect(part).to_contain_text("No grant variation is awaiting a decision.")
    assert_accessible(page)
    part.locator("#grants-changed").get_by_role("link", name=re.compile("^685 ")).click()
    expect(page).to_have_url(re.compile(r"/grants/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Digital Public Contact")


def test_the_auditor_reaches_a_sealed_decision_and_the_verify_page_in_one_click(page, demo_site):
    _home(page, demo_site, people.AUDITOR)
    part = page.locator("#auditor")
    expect(part.locator("#recently-sealed")).to_contain_text("PCD 1838")
    assert_accessible(page)
    part.get_by_role("link", name="Check that a PDF is the one the office sealed").click()
    expect(page.get_by_role("heading", name="Check a decision PDF", level=1)).to_be_visible()
    page.go_back()
    part.locator("#recently-sealed").get_by_role("link", name=re.compile("^PCD 1838")).click()
    expect(page.locator("#timeline-summary")).to_contain_text("PCD 1838 has completed every step.")
    assert_accessible(page)


def test_a_visitor_sees_the_start_page(page, demo_site):
    page.goto(f"{demo_site.url}/")
    expect(page.get_by_role("heading", name="Policing Grant Decisions", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Read the public register of decisions")).to_be_visible()
    expect(page.get_by_role("link", name="Check a decision's PDF")).to_be_visible()
    assert_accessible(page)
    page.locator("a.govuk-button--start").click()
    expect(page.get_by_label("User name")).to_be_visible()


@pytest.mark.django_db(transaction=True)
def test_someone_signed_in_with_no_role_sees_a_clear_page(page, live_server):
    create_user("test-no-role")
    sign_in(page, live_server, "test-no-role", PASSWORD)
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="You do not have a role in this service yet", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="The public register of decisions")).to_be_visible()
    assert_accessible(page)
