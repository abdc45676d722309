"""A finance officer records a grant variation with its letter in a real browser, and the grants pages pass axe-core."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from demo import people
from grants.models import Grant
from tests.browser.axe import assert_accessible
from tests.browser.conftest import fill_date, sign_in
from tests.conftest import restore_migrated_data
from tests.grants.test_services import letter_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_finance_officer_records_a_variation_with_its_letter(page, live_server, settings, tmp_path):
    settings.DEBUG = True  # load_demo makes the demo users only when DEBUG is on
    restore_migrated_data()
    call_command("load_demo", verbosity=0)
    grant = Grant.objects.get(funder_reference="685")
    letter = tmp_path / "685-variation-letter-2.pdf"
    letter.write_bytes(letter_pdf())

    sign_in(page, live_server, people.FINANCE.username, people.FINANCE.password)
    page.get_by_role("link", name="Grants", exact=True).click()
    expect(page.get_by_role("heading", name="Grants", exact=True)).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="685")).to_contain_text("£22,568,000.00")
    assert_accessible(page)

    page.get_by_role("link", name="685", exact=True).click()
    expect(page.locator("#ledger-total")).to_have_text("£22,568,000.00")
    expect(page.locator("svg[role=img]")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Record a variation").click()
    page.get_by_role("button", name="Record the variation").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    page.get_by_role("link", name="Enter the change to the award in pounds and pence, or 0.").click()
    expect(page.get_by_label("Change to the award")).to_be_focused()
    assert_accessible(page)

    page.get_by_label("Additional funding").check()
    page.get_by_label("Change to the award").fill("£500,000.00")
    page.get_by_label("Variation letter or note").fill("685 Digital Public Contact Grant Variation Letter 2024/25 (2)")
    fill_date(page, "Date of the letter", "28/03/2025")
    page.get_by_label("Outcomes the money funds (optional)").fill("Onboarding the last forces.\nPolice.uk upgrades.")
    page.get_by_label("Upload the letter (optional)").set_input_files(str(letter))
    page.get_by_role("button", name="Record the variation").click()

    expect(page.get_by_text("Variation 2 recorded.")).to_be_visible()
    line = page.locator("#ledger-line-2")
    expect(line).to_contain_text("685 Digital Public Contact Grant Variation Letter 2024/25 (2)")
    expect(line).to_contain_text("Awaiting decision")
    expect(line).to_contain_text("+£500,000.00")
    expect(line).to_contain_text("not counted")
    expect(line.get_by_role("link", name="Download the letter")).to_be_visible()
    expect(page.locator("#ledger-total")).to_have_text("£22,568,000.00")
    assert_accessible(page)

    variation = grant.variations.get(sequence=2)
    assert variation.letter_file.read() == letter.read_bytes()
