"""Sealing on approval, downloads that never re-render, who may download what, and verifying an uploaded PDF."""

import hashlib
import io
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase, override_settings
from django.urls import reverse
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pypdf import PdfReader

from core import roles
from decisions.choices import DecisionStatus, Part, SectionKind
from decisions.models import Paragraph, Section
from records.models import DocumentVariant, SealedDocument, SealStatus
from records.signing import check_signature
from tests.builders import cast_of, complete_draft, drive, perform
from tests.conftest import FAST_HASHERS, restore_migrated_data

pytestmark = pytest.mark.django_db


def _approve(decision, cast, django_capture_on_commit_callbacks):
    decision = drive(decision, to=DecisionStatus.CLEARED, cast=cast)
    with django_capture_on_commit_callbacks(execute=True):
        perform("approve", decision, by=cast.dmpc)
    decision.refresh_from_db()
    return decision


@pytest.fixture(scope="module")
def sealed(django_db_setup, django_db_blocker, signing_files, sealed_root):
    """An approved decision with a confidential Part 2, sealed after its approval committed: made once for the module
    (its tests only read it, or roll back what they do to it)."""
    key_file, cert_file = signing_files
    settings = override_settings(
        PASSWORD_HASHERS=FAST_HASHERS, SIGNING_KEY_FILE=key_file, SIGNING_CERT_FILE=cert_file, SEALED_ROOT=sealed_root
    )
    with django_db_blocker.unblock(), settings, transaction.atomic():
        restore_migrated_data()
        cast = cast_of("sealing")
        decision = complete_draft(drafter=cast.drafter)
        section = Section.objects.create(
            decision=decision,
            part=Part.PART_2,
            position=1,
            kind=SectionKind.OTHER,
            heading="Confidential facts and advice",
            non_publication_rationale="FOIA s43(2): commercial interests of the supplier.",
        )
        Paragraph.objects.create(section=section, position=1, text="The supplier's day rate is confidential.")
        yield _approve(decision, cast, TestCase.captureOnCommitCallbacks)
        transaction.set_rollback(True)


def _stored(decision, variant) -> SealedDocument:
    return decision.sealed_documents.get(variant=variant)


def test_approval_seals_the_form_once_it_commits(sealed, settings):
    assert sealed.seal.status == SealStatus.SEALED
    part_1 = _stored(sealed, DocumentVariant.PART_1)
    data = part_1.file.read()
    assert hashlib.sha256(data).hexdigest() == part_1.sha256
    assert part_1.size_bytes == len(data)
    check = check_signature(data, trusted_certificates_pem=[part_1.certificate_pem])
    assert check.good, check
    assert _stored(sealed, DocumentVariant.COMPLETE).sha256 != part_1.sha256


def test_only_the_complete_form_carries_part_2(sealed):
    def text(variant):
        reader = PdfReader(io.BytesIO(_stored(sealed, variant).file.read()))
        return " ".join(page.extract_text() for page in reader.pages)

    assert "The supplier's day rate is confidential." in text(DocumentVariant.COMPLETE)
    assert "The supplier's day rate is confidential." not in text(DocumentVariant.PART_1)


def test_downloads_serve_the_stored_bytes_and_never_render(client, sealed, role_users):
    client.force_login(role_users[roles.AUDITOR])
    url = reverse("records:document", args=[sealed.pk, DocumentVariant.PART_1])
    with mock.patch("records.pdf.render_pdf", side_effect=AssertionError("rendered again")) as renderer:
        first = b"".join(client.get(url).streaming_content)
        second = b"".join(client.get(url).streaming_content)
    renderer.assert_not_called()
    assert first == second
    assert hashlib.sha256(first).hexdigest() == _stored(sealed, DocumentVariant.PART_1).sha256


@pytest.mark.parametrize(
    ("who", "variant", "expected"),
    [
        (roles.AUDITOR, DocumentVariant.PART_1, 200),
        (roles.AUDITOR, DocumentVariant.COMPLETE, 200),
        (roles.FINANCE_OFFICER, DocumentVariant.PART_1, 200),
        (roles.FINANCE_OFFICER, DocumentVariant.COMPLETE, 403),
        (None, DocumentVariant.PART_1, 404),
        (None, DocumentVariant.COMPLETE, 404),
    ],
)
def test_who_may_download_an_approved_but_unpublished_decision(client, sealed, role_users, who, variant, expected):
    if who:
        client.force_login(role_users[who])
    assert client.get(reverse("records:document", args=[sealed.pk, variant])).status_code == expected


def test_the_public_downloads_part_1_only_once_published(client, sealed, cast):
    perform("publish", sealed, by=cast.governance)
    assert client.get(reverse("records:document", args=[sealed.pk, DocumentVariant.PART_1])).status_code == 200
    assert client.get(reverse("records:document", args=[sealed.pk, DocumentVariant.COMPLETE])).status_code == 404


def _verify(client, data: bytes, name: str = "decision.pdf"):
    upload = SimpleUploadedFile(name, data, content_type="application/pdf")
    return client.post(reverse("records:verify"), {"document": upload})


def test_verifying_the_sealed_original_names_the_decision_and_signers(client, sealed, role_users):
    client.force_login(role_users[roles.AUDITOR])
    response = _verify(client, _stored(sealed, DocumentVariant.PART_1).file.read())
    text = response.content.decode()
    assert f"This is the sealed original of {sealed.reference}, and its signature is valid." in text
    for sign_off in sealed.sign_offs.all():
        assert sign_off.printed_name in text


def test_one_changed_byte_is_caught(client, sealed, role_users):
    client.force_login(role_users[roles.AUDITOR])
    data = bytearray(_stored(sealed, DocumentVariant.PART_1).file.read())
    middle = len(data) // 2
    data[middle] = (data[middle] + 1) % 256
    text = _verify(client, bytes(data)).content.decode()
    assert "Not a sealed original" in text
    assert "This is the sealed original" not in text


def test_something_appended_after_sealing_is_caught(client, sealed, role_users):
    client.force_login(role_users[roles.AUDITOR])
    original = _stored(sealed, DocumentVariant.PART_1).file.read()
    # An incremental update after sealing: the signed bytes are untouched, but the file is no longer the original.
    writer = IncrementalPdfFileWriter(io.BytesIO(original))
    writer.root["/PageMode"] = generic.NameObject("/UseOutlines")
    writer.update_root()
    appended = io.BytesIO()
    writer.write(appended)
    assert appended.getvalue().startswith(original)
    text = _verify(client, appended.getvalue()).content.decode()
    assert "This file is not a sealed original: something was added to it after it was sealed." in text
    assert f"It presents itself as {sealed.reference}." in text


def test_an_unknown_pdf_is_said_to_be_unknown(client, role_users):
    from records.pdf import render_pdf

    client.force_login(role_users[roles.AUDITOR])
    data = render_pdf("<p>A letter</p>", title="Some letter", reference="")
    text = _verify(client, data).content.decode()
    assert "This file is not a decision sealed by this service: no sealed record has these contents." in text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"PK\x03\x04 this is a zip file", "This is not a PDF file."),
        (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "This PDF is incomplete"),
    ],
)
def test_bad_uploads_get_a_clear_message(client, role_users, data, message):
    client.force_login(role_users[roles.AUDITOR])
    response = _verify(client, data)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_an_upload_over_20_mb_is_refused(client, role_users):
    client.force_login(role_users[roles.AUDITOR])
    data = b"%PDF-1.7\n" + b"0" * (20 * 1024 * 1024) + b"\n%%EOF\n"
    assert "The file is larger than 20 MB" in _verify(client, data).content.decode()


def test_no_file_at_all_is_refused(client, role_users):
    client.force_login(role_users[roles.AUDITOR])
    assert "Choose a PDF file to check." in client.post(reverse("records:verify"), {}).content.decode()


def test_anyone_may_open_the_verify_page(client):
    # Changed with public verification (#13): the page no longer needs signing in.
    response = client.get(reverse("records:verify"))
    assert response.status_code == 200
    assert "Check a decision PDF" in response.content.decode()


def test_a_failed_seal_is_recorded_and_can_be_sealed_again(
    cast, settings, tmp_path, django_capture_on_commit_callbacks
):
    good_key = settings.SIGNING_KEY_FILE
    settings.SIGNING_KEY_FILE = tmp_path / "missing-key.pem"
    decision = _approve(complete_draft(drafter=cast.drafter), cast, django_capture_on_commit_callbacks)
    assert decision.seal.status == SealStatus.FAILED
    assert "make_signing_certificate" in decision.seal.error
    assert not decision.sealed_documents.exists()

    settings.SIGNING_KEY_FILE = good_key
    call_command("seal_pending", verbosity=0)
    decision.seal.refresh_from_db()
    assert decision.seal.status == SealStatus.SEALED
    assert decision.seal.attempts == 2
    assert decision.sealed_documents.filter(variant=DocumentVariant.PART_1).exists()


def test_the_draft_preview_is_watermarked_and_never_stored(client, cast):
    decision = complete_draft(drafter=cast.drafter)
    client.force_login(cast.drafter)
    response = client.get(reverse("records:preview", args=[decision.pk]))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    assert all("DRAFT – NOT APPROVED" in page.extract_text() for page in reader.pages)
    assert not SealedDocument.objects.filter(decision=decision).exists()


@pytest.mark.postgres
def test_a_sealed_document_record_never_changes(sealed):
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError), transaction.atomic():
        SealedDocument.objects.filter(decision=sealed).update(sha256="0" * 64)
