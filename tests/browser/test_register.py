"""The public register in a real browser: a member of the public finds a decision and downloads its PDF; a deferred
decision appears on its date; and the register, the approver's inbox and a decision page pass axe-core."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from core import roles
from decisions.choices import DecisionStatus
from decisions.models import Decision
from demo import people
from tests.browser.axe import assert_accessible
from tests.browser.conftest import sign_in
from tests.builders import Cast, complete_draft, drive

pytestmark = pytest.mark.browser


def search_register(page, live_server, words: str) -> None:
    page.goto(f"{live_server.url}/register/")
    page.get_by_label("Search published decisions").fill(words)
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_load_state()


@pytest.mark.django_db
def test_a_member_of_the_public_finds_pcd_1838_and_downloads_its_pdf(page, demo_site):
    search_register(page, demo_site, "Digital Public Contact")
    expect(page.get_by_role("heading", name="Published decisions", level=1)).to_be_visible()
    row = page.get_by_role("row").filter(has_text="PCD 1838")
    expect(row).to_contain_text("Changes to the National Policing Programme Grant Agreement")
    expect(row).to_contain_text("08/04/2025")
    expect(page.get_by_role("link", name="Sign out")).to_have_count(0)
    assert_accessible(page)

    row.get_by_role("link", name="PCD 1838", exact=True).click()
    expect(page.get_by_role("heading", name="Executive Summary")).to_be_visible()
    expect(page.get_by_role("article")).to_contain_text("Approve acceptance of additional HO grant funding of £1.87m")
    assert_accessible(page)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="PCD 1838 decision form (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == "PCD-1838.pdf"
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


@pytest.mark.django_db(transaction=True)
def test_a_deferred_decision_appears_on_the_register_on_its_date(page, live_server, role_users):
    cast = Cast(
        drafter=role_users[roles.DRAFTING_OFFICER],
        ceo=role_users[roles.CHIEF_EXECUTIVE],
        dmpc=role_users[roles.DECISION_MAKER],
        governance=role_users[roles.GOVERNANCE],
    )
    until = timezone.localdate() + dt.timedelta(days=7)
    decision = complete_draft(drafter=cast.drafter, title="Procurement of the online contact platform")
    decision.part_1_deferred = True
    decision.deferral_reason = "Commercially sensitive until the contract is signed."
    decision.deferral_until = until
    decision.save(update_fields=["part_1_deferred", "deferral_reason", "deferral_until"])
    # Approval seals the PDF once committed.
    decision = drive(decision, to=DecisionStatus.APPROVED, cast=cast)

    call_command("publish_due", date=(until - dt.timedelta(days=1)).isoformat(), verbosity=0)
    search_register(page, live_server, "online contact platform")
    expect(page.get_by_text("No published decisions match your search.")).to_be_visible()
    response = page.goto(f"{live_server.url}/register/{decision.pk}/")
    assert response.status == 404

    call_command("publish_due", date=until.isoformat(), verbosity=0)
    assert Decision.objects.get(pk=decision.pk).status == DecisionStatus.PUBLISHED
    search_register(page, live_server, "online contact platform")
    page.get_by_role("link", name=decision.reference, exact=True).click()
    expect(page.get_by_role("heading", name="Procurement of the online contact platform")).to_be_visible()
    expect(page.get_by_role("complementary")).to_contain_text(until.strftime("%d/%m/%Y"))


@pytest.mark.django_db
def test_signed_in_pages_pass_axe(page, demo_site):
    sign_in(page, demo_site, people.DMPC.username, people.DMPC.password)
    page.goto(f"{demo_site.url}/decisions/inbox/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_accessible(page)

    pcd_1838 = Decision.objects.get(reference="PCD 1838")
    page.goto(f"{demo_site.url}/decisions/{pcd_1838.pk}/")
    expect(page.locator("#decision-status")).to_have_text("Published")
    assert_accessible(page)


@pytest.mark.django_db
def test_the_governance_due_page_passes_axe(page, demo_site):
    sign_in(page, demo_site, people.GOVERNANCE.username, people.GOVERNANCE.password)
    page.goto(f"{demo_site.url}/register/due/")
    row = page.get_by_role("row").filter(has_text="LANC 2019/07")
    expect(row).to_contain_text("No Part 1")
    assert_accessible(page)
