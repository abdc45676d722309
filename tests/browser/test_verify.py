"""The public "Check a PDF" page in a real browser: a member of the public checks the register's PCD 1838 and an
altered copy; each page passes axe-core and reflows at 320 px."""

import pytest
from django.test import override_settings
from playwright.sync_api import expect

from records.models import DocumentVariant, SealedDocument
from tests.browser.axe import assert_accessible
from tests.browser.reflow import assert_reflows

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


@pytest.fixture
def pcd_1838_pdf(demo_db, sealed_root, tmp_path):
    with override_settings(SEALED_ROOT=sealed_root):
        document = SealedDocument.objects.get(decision__reference="PCD 1838", variant=DocumentVariant.PART_1)
        with document.file.open("rb") as handle:
            data = handle.read()
    original, altered = tmp_path / "PCD-1838.pdf", tmp_path / "PCD-1838-altered.pdf"
    original.write_bytes(data)
    changed = bytearray(data)
    changed[len(changed) // 2] ^= 1
    altered.write_bytes(bytes(changed))
    return original, altered


def test_a_member_of_the_public_checks_a_pdf(page, demo_site, pcd_1838_pdf):
    original, altered = pcd_1838_pdf
    page.goto(f"{demo_site.url}/register/")
    page.get_by_role("link", name="Check a PDF").click()
    expect(page.get_by_role("heading", name="Check a decision PDF", level=1)).to_be_visible()
    assert_accessible(page)
    assert_reflows(page)

    page.get_by_label("PDF to check").set_input_files(str(original))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="Sealed original")).to_be_visible()
    expect(page.locator("#verification-result")).to_contain_text("This is the sealed original of PCD 1838")
    assert_accessible(page)
    assert_reflows(page)

    page.get_by_label("PDF to check").set_input_files(str(altered))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", name="Not a sealed original")).to_be_visible()
    assert_accessible(page)
    assert_reflows(page)
    page.get_by_role("link", name="register of published decisions").click()
    expect(page.get_by_role("heading", name="Executive Summary")).to_be_visible()
