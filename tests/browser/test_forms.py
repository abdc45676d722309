"""Forms as GOV.UK does them, in a real browser: the sign-in page's errors, a step refused before its form, the date
input naming the wrong part, an amount in short form echoed back before it is saved, and a wrong signing password
that keeps the tick and the interests."""

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from decisions.choices import DecisionStatus
from decisions.models import Decision
from demo import people
from grants.models import Grant
from tests.browser.axe import assert_accessible
from tests.browser.conftest import sign_in
from tests.browser.reflow import assert_reflows
from tests.builders import PASSWORD, complete_draft, drive
from tests.conftest import restore_migrated_data

pytestmark = pytest.mark.browser


@pytest.mark.django_db
def test_sign_in_with_empty_fields_shows_one_summary_and_inline_errors(page, demo_site):
    page.goto(f"{demo_site.url}/accounts/login/")
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    expect(page.locator(".govuk-error-summary")).to_have_count(1)
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link")).to_have_text(["Enter your user name", "Enter your password"])
    expect(page.locator("#id_username-error")).to_have_text("Error: Enter your user name")
    expect(page.locator("#id_password-error")).to_have_text("Error: Enter your password")
    expect(page.get_by_text("This field is required.")).to_have_count(0)
    summary.get_by_role("link", name="Enter your password").click()
    expect(page.get_by_label("Password")).to_be_focused()
    assert_accessible(page)


@pytest.mark.django_db
def test_a_step_not_allowed_is_refused_before_its_form(page, demo_site):
    published = Decision.objects.get(reference="PCD 1838")
    sign_in(page, demo_site, people.CEO.username, people.CEO.password)
    page.goto(f"{demo_site.url}/decisions/{published.pk}/return/")

    expect(page).to_have_url(f"{demo_site.url}/decisions/{published.pk}/")
    expect(page.get_by_text("PCD 1838 is published, so it cannot be returned")).to_be_visible()
    expect(page.get_by_label("Reason")).to_have_count(0)


@pytest.mark.django_db(transaction=True)
def test_a_date_names_its_wrong_part_and_a_short_amount_is_confirmed_before_it_is_saved(page, live_server, settings):
    settings.DEBUG = True  # load_demo makes the demo users only when DEBUG is on
    restore_migrated_data()
    call_command("load_demo", verbosity=0)
    grant = Grant.objects.get(funder_reference="685")
    before = grant.variations.count()

    sign_in(page, live_server, people.FINANCE.username, people.FINANCE.password)
    page.goto(f"{live_server.url}/grants/{grant.pk}/variations/new/")
    page.get_by_label("Additional funding").check()
    page.get_by_label("Change to the award").fill("£1.87m")
    page.get_by_label("Variation letter or note").fill("685 Digital Public Contact Grant Variation Letter 2024/25 (3)")
    date = page.get_by_role("group", name="Date of the letter", exact=True)
    date.get_by_label("Day").fill("28")
    date.get_by_label("Year").fill("2025")
    page.get_by_role("button", name="Record the variation").click()

    # Only the month is wrong, and only its box is marked; the summary's link lands on it.
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    summary.get_by_role("link", name="Date of the letter must include a month.").click()
    expect(date.get_by_label("Month")).to_be_focused()
    expect(date.locator(".govuk-input--error")).to_have_count(1)
    expect(date.get_by_label("Month")).to_have_class(re.compile(r"govuk-input--error"))
    expect(date.get_by_label("Day")).to_have_value("28")
    assert_accessible(page)
    assert_reflows(page)

    date.get_by_label("Month").fill("3")
    page.get_by_role("button", name="Record the variation").click()

    # The amount in short form is read exactly and said back in full; nothing is saved until it is confirmed.
    expect(summary).to_contain_text("You entered £1.87m. This is £1,870,000.00.")
    assert grant.variations.count() == before
    assert_accessible(page)
    page.get_by_label("Yes, the amount is £1,870,000.00").check()
    page.get_by_role("button", name="Record the variation").click()

    expect(page.get_by_text(f"Variation {before + 1} recorded.")).to_be_visible()
    expect(page.locator(f"#ledger-line-{before + 1}")).to_contain_text("+£1,870,000.00")
    assert str(grant.variations.get(sequence=before + 1).amount_change) == "1870000.00"


@pytest.mark.django_db(transaction=True)
def test_a_wrong_signing_password_keeps_the_tick_and_the_interests(page, live_server, settings):
    settings.DEBUG = True
    restore_migrated_data()
    call_command("load_demo", verbosity=0)
    waiting = Decision.objects.get(reference="PCD 1839")

    sign_in(page, live_server, people.DMPC.username, people.DMPC.password)
    page.goto(f"{live_server.url}/decisions/{waiting.pk}/sign/")
    # Return and reject are offered here, beside signing.
    expect(page.get_by_role("link", name="Return for changes")).to_be_visible()
    expect(page.get_by_role("link", name="Reject")).to_be_visible()

    page.locator("#id_statement_confirmed").check()
    page.get_by_label("Interests declared").fill("None, save membership of the Digital Board.")
    page.get_by_label("Your password").fill("not-the-password")
    page.get_by_role("button", name="Sign and approve").click()

    expect(page).to_have_title(re.compile(r"^Error: Sign PCD 1839"))
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator("#id_statement_confirmed")).to_be_checked()
    expect(page.get_by_label("Interests declared")).to_have_value("None, save membership of the Digital Board.")
    expect(page.get_by_label("Your password")).to_have_value("")
    assert_accessible(page)
    assert_reflows(page)
    waiting.refresh_from_db()
    assert waiting.status == DecisionStatus.CLEARED


@pytest.mark.django_db(transaction=True)
def test_publish_shows_the_public_page_and_its_pdf_first_and_needs_confirming(page, live_server, cast):
    approved = drive(complete_draft(drafter=cast.drafter), to=DecisionStatus.APPROVED, cast=cast)

    sign_in(page, live_server, "test-governance", PASSWORD)
    page.goto(f"{live_server.url}/register/due/")
    page.get_by_role("link", name=f"Publish {approved.reference}").click()

    expect(page.get_by_role("heading", name="Check what the public will see", level=1)).to_be_visible()
    preview = page.locator(".app-publish-preview__page")
    expect(preview).to_contain_text(approved.title)
    expect(preview).to_contain_text("This paper seeks approval to accept additional Home Office funding.")
    pdf_link = page.get_by_role("link", name=f"{approved.reference} Part 1 PDF, as it will be published")
    pdf = page.request.get(live_server.url + pdf_link.get_attribute("href"))
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    assert_accessible(page)
    assert_reflows(page)
    approved.refresh_from_db()
    assert approved.status == DecisionStatus.APPROVED

    page.get_by_role("button", name=f"Publish {approved.reference} on the register").click()
    expect(page.get_by_text(f"{approved.reference} is now on the public register.")).to_be_visible()
    approved.refresh_from_db()
    assert approved.status == DecisionStatus.PUBLISHED
