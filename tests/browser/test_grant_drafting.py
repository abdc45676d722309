"""A finance officer adds a grant with a new programme, records the decision that accepted it on paper, records a
re-profile into the next year, corrects it, and drafts a decision that says what the re-profile is — in a real
browser, each new page passing axe-core (errors shown too) and reflowing at 320 px."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from demo import people
from grants.models import Grant, Programme
from tests.browser.axe import assert_accessible
from tests.browser.conftest import fill_date, sign_in
from tests.browser.reflow import assert_reflows
from tests.conftest import restore_migrated_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def checked_on_every_width(page) -> None:
    assert_accessible(page)
    assert_reflows(page)


def test_finance_officer_adds_a_grant_and_drafts_a_re_profile(page, live_server, settings):
    settings.DEBUG = True  # load_demo makes the demo users only when DEBUG is on
    restore_migrated_data()
    call_command("load_demo", verbosity=0)
    sign_in(page, live_server, people.FINANCE.username, people.FINANCE.password)

    # Add a grant, with a programme not yet recorded, on one page.
    page.get_by_role("link", name="Grants", exact=True).click()
    page.get_by_role("link", name="Add a grant").click()
    expect(page.get_by_role("heading", name="Add a grant", level=1)).to_be_visible()
    checked_on_every_width(page)

    page.get_by_role("button", name="Add the grant").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page).to_have_title(re.compile("^Error: Add a grant"))
    page.get_by_role("link", name="Enter the original award in pounds and pence.").click()
    expect(page.get_by_label("Original award")).to_be_focused()
    checked_on_every_width(page)

    page.get_by_label("Funder", exact=True).select_option(label="Home Office (HO)")
    page.get_by_label("Recipient", exact=True).select_option(label="Mayor's Office for Policing and Crime (MOPAC)")
    page.get_by_label("Host organisation (optional)").select_option(label="Metropolitan Police Service (MPS)")
    new_programme = page.get_by_role("group", name="Or add a programme not yet recorded")
    new_programme.get_by_label("Name of the programme").fill("Neighbourhood Contact")
    new_programme.get_by_label("Short name (optional)").fill("NC")
    new_programme.get_by_label("Classification (optional)").fill("Tier 2 NPCC National Policing Programme")
    expect(new_programme.get_by_label("Programme’s host organisation")).to_have_value("grant_host")
    expect(new_programme.get_by_label("Contracting authority")).to_have_value("recipient")
    page.get_by_label("Funder’s reference").fill("912")
    page.get_by_label("Title").fill("Neighbourhood Contact Programme Grant")
    page.get_by_label("Financial year").fill("2025/26")
    page.get_by_label("Original award").fill("£7,000,000.00")
    fill_date(page, "Award date", "14/04/2025")
    page.get_by_role("button", name="Add the grant").click()

    expect(page.get_by_text("Grant 912 added, £7,000,000.00 for 2025/26.")).to_be_visible()
    expect(page.locator("#ledger-total")).to_have_text("£7,000,000.00")
    expect(page.locator("#grant-summary")).to_contain_text("Neighbourhood Contact (NC)")
    grant = Grant.objects.get(funder_reference="912")
    assert Programme.objects.get(name="Neighbourhood Contact").host.short_name == "MPS"

    # The decision that accepted it was signed on paper.
    page.get_by_role("link", name="Record the decision that accepted this grant").click()
    expect(page.get_by_role("heading", name="Record the decision that accepted this grant")).to_be_visible()
    checked_on_every_width(page)
    paper = page.get_by_role("form", name="Or a decision signed on paper")
    paper.get_by_role("button", name="Record the paper decision and the acceptance").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    page.get_by_role("link", name="Enter the reference printed on the paper form, for example PCD 1763.").click()
    expect(paper.get_by_label("Reference")).to_be_focused()
    checked_on_every_width(page)
    paper.get_by_label("Reference").fill("PCD 1801")
    paper.get_by_label("Title").fill("Neighbourhood Contact Programme Grant 2025/26")
    paper.get_by_label("MOPAC decision (PCD) form").check()
    paper.get_by_label("Name of the officer consulted").fill("Grace Okonjo-Lind")
    fill_date(paper, "Date the officer consulted signed", "19/05/2025")
    paper.get_by_label("Name of the decision-maker").fill("Daniel Ashcombe")
    fill_date(paper, "Date the decision-maker signed", "20/05/2025")
    paper.get_by_role("button", name="Record the paper decision and the acceptance").click()
    expect(page.get_by_text("Grant 912 recorded as accepted by PCD 1801 on 20/05/2025.")).to_be_visible()
    expect(page.locator("#grant-summary")).to_contain_text("Accepted")

    # A re-profile of £250,000.00 into 2026/27, recorded, then corrected.
    page.get_by_role("link", name="Record a variation").click()
    page.get_by_label("Re-profile between years").check()
    page.get_by_label("Change to the award").fill("−£200,000.00")
    page.get_by_label("Variation letter or note").fill("912 Neighbourhood Contact Re-profile Letter 2025/26")
    fill_date(page, "Date of the letter", "02/10/2025")
    page.get_by_label("Money to be spent in (optional)").fill("2026/27")
    page.get_by_role("button", name="Record the variation").click()
    expect(page.get_by_text("Variation 1 recorded.")).to_be_visible()

    page.locator("#ledger-line-1").get_by_role("link", name="Correct this variation").click()
    expect(page.get_by_role("heading", name="Correct variation 1")).to_be_visible()
    expect(page.get_by_label("Change to the award")).to_have_value("-200000.00")
    checked_on_every_width(page)
    page.get_by_label("Money to be spent in (optional)").fill("")
    page.get_by_role("button", name="Save the correction").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    page.get_by_role("link", name="A re-profile moves money between years: give the other year").click()
    expect(page.get_by_label("Money to be spent in (optional)")).to_be_focused()
    checked_on_every_width(page)
    page.get_by_label("Money to be spent in (optional)").fill("2026/27")
    page.get_by_label("Change to the award").fill("−£250,000.00")
    page.get_by_role("button", name="Save the correction").click()
    expect(page.get_by_text("Variation 1 corrected.")).to_be_visible()
    line = page.locator("#ledger-line-1")
    expect(line).to_contain_text("−£250,000.00")
    expect(line).to_contain_text("Money to be spent in 2026/27")

    # Drafting from it writes what it is.
    line.get_by_role("button", name="Draft a decision from this variation").click()
    page.wait_for_load_state()
    decision = grant.variations.get(sequence=1).decision
    assert decision is not None
    page.goto(f"{live_server.url}/decisions/{decision.pk}/")
    summary = page.get_by_role("heading", name="Executive Summary").locator("xpath=following-sibling::p[1]")
    expect(summary).to_contain_text("re-profile")
    expect(summary).to_contain_text("from 2025/26 into 2026/27")
    financial = page.locator("section").filter(has=page.get_by_role("heading", name="Financial Comments"))
    expect(financial).to_contain_text("from £7,000,000.00 to £6,750,000.00")

    # Once a decision is drafted from it, the variation is no longer corrected from the ledger.
    page.goto(f"{live_server.url}/grants/{grant.pk}/")
    expect(page.locator("#ledger-line-1").get_by_role("link", name="Correct this variation")).to_have_count(0)
