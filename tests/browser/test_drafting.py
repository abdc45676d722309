"""A drafting officer writes a whole MOPAC decision in the front office, from a blank form to submission, without
the back office; the Chief Executive and the DMPC sign it, and its sealed PDF prints every paragraph with its number.
Every drafting page passes axe-core (with errors shown too) and reflows at 320 pixels."""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from core import roles
from decisions.choices import DecisionStatus, Part
from decisions.models import Decision
from records.models import DocumentVariant, SealedDocument
from tests.browser.axe import assert_accessible
from tests.browser.conftest import sign_in, sign_out
from tests.browser.reflow import assert_reflows
from tests.builders import PASSWORD, mopac

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Part I as the drafter writes it: (task, [(paragraph, [lettered items])]).
SECTIONS = (
    ("Introduction and background", [("The Violence Reduction Unit was set up in 2019.", [])]),
    (
        "Issues for consideration",
        [
            ("The grant funds three outcomes.", ["Fewer repeat victims of knife crime.", "More youth workers."]),
            ("The programme board manages the risks.", []),
        ],
    ),
    ("Financial Comments", [("The Home Office grant of £1,200,000.00 is for 2026/27.", [])]),
    ("Legal Comments", [("MOPAC may accept the grant under the Police Reform Act 2011.", [])]),
    ("GDPR and Data Privacy", [("No personal data is processed by this decision.", [])]),
    ("Equality Comments", [("An equality impact assessment has been completed.", [])]),
)
PART_2_TEXT = "The unit's delivery partner charges £85,000 a year."


def check_page(page) -> None:
    assert_accessible(page)
    assert_reflows(page)


def test_drafting_officer_writes_a_decision_from_a_blank_form_and_it_is_signed_and_sealed(
    page, live_server, role_users
):
    mopac()
    urls = []
    page.on("request", lambda request: urls.append(request.url))
    sign_in(page, live_server, "test-drafting", PASSWORD)

    # Start: errors first, then the body, the form and the title.
    page.get_by_role("link", name="Start a decision").click()
    page.get_by_role("button", name="Start the draft").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    page.get_by_role("link", name="Enter the decision’s title.").click()
    expect(page.get_by_label("Title")).to_be_focused()
    check_page(page)
    page.get_by_label("Policing body").select_option(label="Mayor's Office for Policing and Crime (MOPAC)")
    page.get_by_label("MOPAC decision (PCD) form").check()
    page.get_by_label("Title").fill("Violence Reduction Unit grant 2026/27")
    page.get_by_role("button", name="Start the draft").click()
    expect(page.get_by_text("Draft PCD 2000 started.")).to_be_visible()
    check_page(page)

    page.get_by_role("link", name="Title and executive summary").click()
    page.get_by_label("Executive summary").fill("This paper seeks approval to accept a Home Office grant of £1.2m.")
    check_page(page)
    page.get_by_role("button", name="Save and return to the task list").click()
    expect(page.locator("#task-summary-status")).to_have_text("Completed")

    page.get_by_role("link", name="Recommendations").click()
    page.get_by_label("First recommendation").fill("Approve acceptance of the Home Office grant of £1.2m.")
    page.get_by_role("button", name="Save and add another").click()
    page.get_by_label("Add a recommendation").fill("Delegate the grant agreement to the Chief Finance Officer.")
    page.get_by_role("button", name="Save and add another").click()
    expect(page.get_by_label("Recommendation 2", exact=True)).to_have_value(
        "Delegate the grant agreement to the Chief Finance Officer."
    )
    check_page(page)
    page.get_by_role("button", name="Save and return to the task list").click()

    for number, (task, paragraphs) in enumerate(SECTIONS, start=1):
        page.get_by_role("link", name=task, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(f"{number}. {task}")
        for index, (text, items) in enumerate(paragraphs, start=1):
            page.get_by_label("First paragraph" if index == 1 else "Add a paragraph").fill(text)
            page.get_by_role("button", name="Save and add another paragraph").click()
            expect(page.get_by_label(f"Paragraph {number}.{index}", exact=True)).to_have_value(text)
            for item in items:
                page.get_by_text(f"Add a lettered item under paragraph {number}.{index}").click()
                page.get_by_label(f"New lettered item under paragraph {number}.{index}").fill(item)
                page.get_by_role("button", name=f"Add the item under paragraph {number}.{index}").click()
                expect(page.locator("textarea").filter(has_text=item)).to_have_count(1)
        if number == 1:
            # Emptying a paragraph is refused, with the error linked to it; what was typed elsewhere stays.
            page.get_by_label("Paragraph 1.1", exact=True).fill("")
            page.get_by_role("button", name="Save and return to the task list").click()
            page.get_by_role("link", name="Enter the text of paragraph 1.1, or remove it.").click()
            expect(page.get_by_label("Paragraph 1.1", exact=True)).to_be_focused()
            check_page(page)
            page.get_by_label("Paragraph 1.1", exact=True).fill(paragraphs[0][0])
        if number == 2:
            check_page(page)
        page.get_by_role("button", name="Save and return to the task list").click()
        expect(page.get_by_text(f"“{task}” saved.")).to_be_visible()
        expect(page.locator(f"#task-section-{_kind(number)}-status")).to_have_text("Completed")

    page.get_by_role("link", name="Grants, variations and earlier decisions").click()
    check_page(page)
    page.get_by_role("button", name="Save and return to the task list").click()
    page.get_by_role("link", name="Background and supporting papers").click()
    page.get_by_role("button", name="Add the paper").click()
    expect(page.get_by_role("link", name="Choose what the paper is.")).to_be_visible()
    check_page(page)
    page.get_by_role("button", name="Save and return to the task list").click()

    # Public access: deferred for 10 working days after approval.
    page.get_by_role("link", name="Public access to Part 1").click()
    page.get_by_label("Yes, defer it").check()
    page.get_by_role("button", name="Save and return to the task list").click()
    expect(page.get_by_role("link", name="Say why publication of Part 1 is deferred.")).to_be_visible()
    check_page(page)
    page.get_by_label("For what reason?").fill("Publication waits for the grant agreement to be signed.")
    page.get_by_label("Or for a number of days after approval").fill("10")
    page.get_by_label("working days").check()
    page.get_by_role("button", name="Save and return to the task list").click()
    expect(page.locator("#task-public-access-status")).to_have_text("Completed")

    page.get_by_role("link", name="Part 2: confidential information").click()
    page.get_by_label("Heading").fill("Costs of the delivery partner")
    page.get_by_role("button", name="Add the item and write it").click()
    expect(page.get_by_role("link", name="Give the legal rationale for not publishing this item")).to_be_visible()
    check_page(page)
    page.get_by_label("Legal rationale for non-publication").fill(
        "Commercial interests: section 43(2) FOIA, a qualified exemption."
    )
    page.get_by_role("button", name="Add the item and write it").click()
    page.get_by_label("First paragraph").fill(PART_2_TEXT)
    check_page(page)
    page.get_by_role("button", name="Save and return to the task list").click()
    expect(page.get_by_text("Part 2 item “Costs of the delivery partner” saved.")).to_be_visible()
    page.get_by_role("link", name="Back to the task list without saving").click()

    page.get_by_role("link", name="Originating officer declaration").click()
    for checkbox in page.get_by_role("checkbox").all():
        checkbox.check()
    check_page(page)
    page.get_by_role("button", name="Save and return to the task list").click()
    expect(page.locator("#task-declarations-status")).to_have_text("Completed")

    page.get_by_role("link", name="Check the form and submit it").click()
    expect(page.locator("#form-preview")).to_contain_text(re.compile(r"2\.1\.\s*The grant funds three outcomes\."))
    expect(page.locator("#form-preview")).to_contain_text(PART_2_TEXT)
    check_page(page)
    page.get_by_role("button", name="Submit").click()
    expect(page.locator("#decision-status")).to_have_text("Submitted")
    assert not [url for url in urls if "/admin/" in url], "the drafter never opens the back office"
    sign_out(page)

    decision = Decision.objects.get(reference="PCD 2000")
    assert decision.deferral_period == 10 and decision.deferral_until is None
    _sign(page, live_server, decision, "test-ceo", "I have been consulted about the proposal", "Sign")
    _sign(page, live_server, decision, "test-dmpc", "I confirm I have considered whether", "Sign and approve")

    decision.refresh_from_db()
    assert decision.status == DecisionStatus.APPROVED
    assert decision.deferral_until is not None
    sealed = SealedDocument.objects.get(decision=decision, variant=DocumentVariant.COMPLETE)
    text = _pdf_text(sealed.file.read())
    expected = []
    for number, (task, paragraphs) in enumerate(SECTIONS, start=1):
        expected.append(f"{number}. {task}")
        for index, (paragraph, items) in enumerate(paragraphs, start=1):
            expected.append(f"{number}.{index}. {paragraph}")
            expected += [f"{'abcdefgh'[i]}. {item}" for i, item in enumerate(items)]
    expected.append(PART_2_TEXT)
    positions = [text.find(" ".join(line.split())) for line in expected]
    assert -1 not in positions, [line for line, at in zip(expected, positions, strict=True) if at == -1]
    assert positions == sorted(positions), "the paragraphs print in the order they were written"
    assert decision.sections.filter(part=Part.PART_2).get().non_publication_rationale.startswith("Commercial")


def _kind(number: int) -> str:
    return ("introduction", "issues", "financial", "legal", "gdpr", "equality")[number - 1]


def _sign(page, live_server, decision, username, statement, button) -> None:
    sign_in(page, live_server, username, PASSWORD)
    page.get_by_role("link", name=decision.reference).click()
    page.get_by_label(statement).check()
    if button == "Sign and approve":
        page.get_by_label("Interests declared").fill("None.")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name=button, exact=True).click()
    expect(page.get_by_text(f"You signed {decision.reference}")).to_be_visible()
    sign_out(page)


def _pdf_text(data: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return re.sub(r"\s+", " ", text)


@pytest.fixture(autouse=True)
def _roles_for_mopac(role_users):
    """The signers hold their offices for MOPAC (the drafter's body here)."""
    assert role_users[roles.CHIEF_EXECUTIVE].appointments.exists()
