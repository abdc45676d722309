"""A decision through the whole workflow in a real browser: submitted, signed by the Chief Executive, then
signed and approved by the DMPC with password and interests."""

import pytest
from playwright.sync_api import expect

from core import roles
from decisions.choices import DecisionStatus, SignOffKind
from decisions.models import Decision
from tests.browser.conftest import sign_in, sign_out
from tests.builders import PASSWORD, complete_draft

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_drafting_officer_submits_then_chief_executive_and_dmpc_sign(page, live_server, role_users):
    decision = complete_draft(drafter=role_users[roles.DRAFTING_OFFICER], reference="PCD 1838")

    sign_in(page, live_server, "test-drafting", PASSWORD)
    page.goto(f"{live_server.url}/decisions/{decision.pk}/")
    page.get_by_role("link", name="Submit for sign-off").click()
    page.get_by_role("button", name="Submit for sign-off").click()
    expect(page.locator("#decision-status")).to_have_text("Submitted")
    sign_out(page)

    sign_in(page, live_server, "test-ceo", PASSWORD)
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Inbox").click()
    expect(page.get_by_role("heading", name="Inbox", exact=True)).to_be_visible()
    page.get_by_role("link", name="PCD 1838").click()
    # The statement is printed once, where it is ticked; the form above points to it.
    expect(page.get_by_role("article")).to_contain_text("The statement you sign is at the end, where you tick it.")
    expect(page.locator("#sign-form")).to_contain_text("I have been consulted about the proposal")
    page.get_by_label("I have been consulted about the proposal").check()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Sign", exact=True).click()
    expect(page.get_by_text("You signed PCD 1838")).to_be_visible()
    sign_out(page)

    sign_in(page, live_server, "test-dmpc", PASSWORD)
    # Signing in lands on the home page, which lists what waits; the inbox shows who has signed.
    expect(page.locator("#waiting-for-signature")).to_contain_text("Sign PCD 1838")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Inbox").click()
    row = page.get_by_role("row").filter(has_text="PCD 1838")
    expect(row).to_contain_text("Chief Executive Officer")
    expect(row).to_contain_text("Outstanding")
    page.get_by_role("link", name="PCD 1838").click()
    page.get_by_label("I confirm I have considered whether or not I have any personal or prejudicial interest").check()
    page.get_by_label("Interests declared").fill("None.")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Sign and approve").click()

    expect(page.get_by_text("You signed PCD 1838. It is now approved.")).to_be_visible()
    expect(page.get_by_text("Nothing is waiting for your signature.")).to_be_visible()
    page.goto(f"{live_server.url}/decisions/{decision.pk}/")
    expect(page.locator("#decision-status")).to_have_text("Approved")

    decision.refresh_from_db()
    assert decision.status == DecisionStatus.APPROVED
    approval = decision.sign_offs.get(kind=SignOffKind.DMPC)
    assert approval.signer == role_users[roles.DECISION_MAKER]
    assert approval.interests_declared == "None."
    assert approval.client_address == "127.0.0.1"
    assert Decision.objects.get(pk=decision.pk).events.filter(action="approved").count() == 1
