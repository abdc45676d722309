"""Governance records Lancashire's Section 22A agreement for the MyPolice Portal from the force's page, in a real
browser: refused on-boarding first (with a link to what is missing), then the agreement, both signature blocks with
their witnesses, the signed document and its publication, and on-boarding started. Every new page passes axe-core,
with and without errors shown, and reflows at 320 px."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from demo import people
from forces.choices import Execution, Stage
from forces.models import CollaborationAgreement, OnboardingPlan
from tests.browser.axe import assert_accessible
from tests.browser.conftest import fill_date, sign_in
from tests.browser.reflow import assert_reflows
from tests.conftest import restore_migrated_data
from tests.grants.test_services import letter_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Section 22A collaboration agreement – MyPolice Portal (Lancashire)"


def checked(page, label: str) -> None:
    page.get_by_label(label, exact=True).check()


def test_governance_records_an_agreement_and_then_starts_on_boarding(page, live_server, settings, tmp_path):
    settings.DEBUG = True  # load_demo makes the demo users only when DEBUG is on
    restore_migrated_data()
    call_command("load_demo", verbosity=0)
    plan = OnboardingPlan.objects.get(force__slug="lancashire-constabulary", service__code="mypolice-portal")
    signed_copy = tmp_path / "lancashire-mypolice-s22a-signed.pdf"
    signed_copy.write_bytes(letter_pdf())

    sign_in(page, live_server, people.GOVERNANCE.username, people.GOVERNANCE.password)
    page.goto(f"{live_server.url}/forces/lancashire-constabulary/")

    # Starting on-boarding with no agreement is refused, and the refusal links to recording one.
    page.get_by_role("link", name="Start on-boarding – MyPolice Portal").click()
    page.get_by_role("button", name="Start on-boarding").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(
        "Lancashire Constabulary cannot start on-boarding to MyPolice Portal: there is no Section 22A collaboration "
        "agreement yet."
    )
    assert_accessible(page)
    assert_reflows(page)
    summary.get_by_role("link", name="Record a Section 22A agreement covering MyPolice Portal").click()

    # The agreement: the service the plan needs is ticked already; a missing title is explained beside its input.
    expect(page.get_by_role("heading", name="Record a Section 22A agreement", level=1)).to_be_visible()
    expect(page.get_by_label("MyPolice Portal", exact=True)).to_be_checked()
    assert_accessible(page)
    assert_reflows(page)
    page.get_by_role("button", name="Record the agreement").click()
    page.locator(".govuk-error-summary").get_by_role("link", name="Enter the agreement's title.").click()
    expect(page.get_by_label("Title", exact=True)).to_be_focused()
    expect(page.get_by_label("MyPolice Portal", exact=True)).to_be_checked()
    assert_accessible(page)
    assert_reflows(page)
    page.get_by_label("Title", exact=True).fill(TITLE)
    page.get_by_role("button", name="Record the agreement").click()

    # The agreement's page says what is missing and links to each part.
    expect(page.get_by_text("Agreement recorded.")).to_be_visible()
    expect(page.get_by_role("heading", name=TITLE, level=1)).to_be_visible()
    gaps = page.locator("#agreement-gaps")
    expect(gaps).to_contain_text("The Section 22A agreement has no signature block for the chief officer.")
    expect(gaps).to_contain_text("The Section 22A agreement has no signature block for the policing body.")
    assert_accessible(page)
    assert_reflows(page)

    # The chief officer's block, in wet ink: its witness is asked for before anything is saved.
    page.get_by_role("link", name="Signature block for the chief officer").click()
    expect(page.get_by_label("Chief officer (Chief Constable or Commissioner)")).to_be_checked()
    expect(page.get_by_label("Signed for and on behalf of")).to_have_value(
        "THE CHIEF CONSTABLE OF LANCASHIRE CONSTABULARY"
    )
    assert_accessible(page)
    assert_reflows(page)
    page.get_by_label("Signed by").fill("Andrew Whalley-Birch")
    fill_date(page, "Date signed", "14/04/2025")
    checked(page, "Wet ink")
    page.get_by_role("button", name="Save the signature block").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the witness's address: a signature in wet ink is witnessed on the page.")
    expect(page.get_by_label("Signed by")).to_have_value("Andrew Whalley-Birch")
    expect(page.get_by_label("Wet ink", exact=True)).to_be_checked()
    assert_accessible(page)
    assert_reflows(page)
    summary.get_by_role(
        "link", name="Enter the witness's name: a signature in wet ink is witnessed on the page."
    ).click()
    expect(page.get_by_label("Witness's name")).to_be_focused()
    page.get_by_label("Witness's name").fill("Simon Ackerley")
    page.get_by_label("Witness's address").fill("14 Larkfield Close\nHutton\nPreston\nPR0 0ZZ")
    page.get_by_label("Witness's occupation").fill("Civil servant")
    page.get_by_label("The witness's signature is on the page").check()
    page.get_by_role("button", name="Save the signature block").click()
    expect(page.get_by_text("Signature block saved: signed and witnessed.")).to_be_visible()
    expect(page.locator("#agreement-gaps")).not_to_contain_text("the chief officer")

    # The signed document, before the last block: a signed agreement stands as signed, its document with it.
    page.get_by_role("link", name="Signed agreement (PDF)").click()
    expect(page.get_by_role("heading", name="Upload the signed agreement", level=1)).to_be_visible()
    page.get_by_role("button", name="Upload the signed agreement").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Choose the signed agreement (PDF) to upload.")
    assert_accessible(page)
    assert_reflows(page)
    page.get_by_label("The signed agreement (PDF)").set_input_files(str(signed_copy))
    page.get_by_role("button", name="Upload the signed agreement").click()
    expect(page.get_by_text("Signed agreement uploaded.")).to_be_visible()
    expect(page.get_by_role("link", name="Download the signed agreement")).to_be_visible()

    # The policing body's block, signed electronically and witnessed: the agreement is then signed.
    page.get_by_role("link", name="Signature block for the policing body").click()
    expect(page.get_by_label("Signed for and on behalf of")).to_have_value(
        "THE POLICE AND CRIME COMMISSIONER FOR LANCASHIRE"
    )
    page.get_by_label("Signed by").fill(people.LANCASHIRE_PCC)
    fill_date(page, "Date signed", "22/04/2025")
    checked(page, "Electronic")
    page.get_by_label("Witness's name").fill("Helen Garstang")
    page.get_by_label("Witness's address").fill("3 Mill Brow Cottages\nCroston\nLeyland\nPR0 1ZZ")
    page.get_by_label("Witness's occupation").fill("Governance officer")
    page.get_by_role("button", name="Save the signature block").click()
    expect(page.get_by_text("the agreement is signed for the chief officer and the policing body.")).to_be_visible()
    expect(page.locator("#agreement-gaps")).to_contain_text("It is signed for the chief officer and the policing body")
    chief = page.locator(".govuk-summary-card").filter(has_text="THE CHIEF CONSTABLE OF LANCASHIRE CONSTABULARY")
    expect(chief).to_contain_text("Simon Ackerley")
    expect(chief).to_contain_text("Civil servant")
    assert_accessible(page)
    assert_reflows(page)

    # Its publication under s23E.
    page.get_by_role("link", name="Publication under section 23E").click()
    page.get_by_role("button", name="Record publication").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select how the agreement was published.")
    assert_accessible(page)
    assert_reflows(page)
    checked(page, "Published by title and objective (s23E)")
    fill_date(page, "Date published", "06/05/2025")
    page.get_by_role("button", name="Record publication").click()
    expect(page.locator("#publication")).to_have_text("Published by title and objective (s23E), 06/05/2025")

    # On-boarding now starts on the agreement just recorded.
    page.get_by_role("link", name="Start on-boarding to MyPolice Portal").click()
    fill_date(page, "Date on-boarding started", "12/05/2025")
    page.get_by_role("button", name="Start on-boarding").click()
    expect(page.get_by_text("Lancashire Constabulary has started on-boarding to MyPolice Portal.")).to_be_visible()
    expect(page.locator(f"#plan-{plan.pk}")).to_contain_text("On-boarding started")

    plan.refresh_from_db()
    agreement = CollaborationAgreement.objects.get(title=TITLE)
    assert plan.stage == Stage.ONBOARDING_STARTED
    assert plan.agreement == agreement
    assert agreement.is_signed
    assert agreement.document.read() == letter_pdf()
    chief_block = agreement.signatories.get(capacity="chief_officer")
    assert (chief_block.execution, chief_block.witness_address) == (
        Execution.WET_INK,
        "14 Larkfield Close\nHutton\nPreston\nPR0 0ZZ",
    )
