"""Anyone can check a PDF: the register's PCD 1838 is the sealed original, with its signers; a one-byte change is
caught and linked to the genuine one; nothing about unpublished decisions is revealed; each address has an allowance.
And what the certificate page lets anyone recompute: the Part 1 content's SHA-256 from its published JSON, and the
commitment to the complete form from the complete PDF."""

import hashlib
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

from core import roles
from decisions.models import Decision
from records.models import CheckAllowance, DocumentVariant, SealedDocument

pytestmark = pytest.mark.django_db

HASH = re.compile(r"[0-9a-f]{64}")


@pytest.fixture(scope="module")
def files(demo_db, django_db_blocker, sealed_root):
    """The demo's sealed PDFs as bytes, by (reference, variant)."""
    found = {}
    with django_db_blocker.unblock(), override_settings(SEALED_ROOT=sealed_root):
        for document in SealedDocument.objects.select_related("decision"):
            with document.file.open("rb") as handle:
                found[(document.decision.reference, document.variant)] = handle.read()
    return found


def _check(client, data: bytes, **extra):
    upload = SimpleUploadedFile("decision.pdf", data, content_type="application/pdf")
    return client.post(reverse("records:verify"), {"document": upload}, **extra)


def _text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages)


def _register_pdf(client, reference: str) -> bytes:
    """The PDF a member of the public downloads from the decision's page on the register."""
    decision = Decision.objects.get(reference=reference)
    page = client.get(reverse("register:detail", args=[decision.pk])).content.decode()
    link = re.search(r'href="([^"]+/pdf/part_1/)"', page)
    assert link, "the register's page links its PDF"
    return b"".join(client.get(link[1]).streaming_content)


def test_an_anonymous_visitor_is_told_the_registers_pcd_1838_is_the_sealed_original_with_its_signers(client, demo_db):
    data = _register_pdf(client, "PCD 1838")
    decision = Decision.objects.get(reference="PCD 1838")

    response = _check(client, data)

    text = response.content.decode()
    assert response.status_code == 200
    assert "This is the sealed original of PCD 1838, and its signature is valid." in text
    for sign_off in decision.sign_offs.filter(voided_at__isnull=True):
        assert sign_off.printed_name in text
    assert reverse("register:detail", args=[decision.pk]) in text
    assert f'href="{reverse("decisions:detail", args=[decision.pk])}"' not in text  # a staff page: not for the public
    assert "Time-stamped" in text and "Certificate fingerprint (SHA-256)" in text
    assert SealedDocument.objects.get(decision=decision, variant=DocumentVariant.PART_1).certificate_fingerprint in text


def test_a_one_byte_change_is_caught_and_linked_to_the_genuine_decision(client, files):
    data = bytearray(files[("PCD 1838", DocumentVariant.PART_1)])
    middle = len(data) // 2
    data[middle] = (data[middle] + 1) % 256
    decision = Decision.objects.get(reference="PCD 1838")

    text = _check(client, bytes(data)).content.decode()

    assert "Not a sealed original" in text and "This is the sealed original" not in text
    assert "It presents itself as PCD 1838." in text
    assert f'href="{reverse("register:detail", args=[decision.pk])}"' in text


@pytest.mark.parametrize("variant", [DocumentVariant.PART_1, DocumentVariant.COMPLETE])
def test_the_public_learns_nothing_of_an_unpublished_decision(client, files, variant):
    # LANC 2019/07 is approved and sealed, never published.
    data = files[("LANC 2019/07", variant)]
    text = _check(client, data).content.decode()
    unknown = _check(client, b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n").content.decode()

    assert "This file is not a published decision sealed by this service" in text
    assert "LANC 2019/07" not in text and "Lancashire" not in text
    assert "This file is not a published decision sealed by this service" in unknown


def test_an_altered_copy_of_an_unpublished_decision_names_nothing(client, files):
    data = bytearray(files[("LANC 2019/07", DocumentVariant.PART_1)])
    data[len(data) // 2] ^= 1
    text = _check(client, bytes(data)).content.decode()
    assert "LANC 2019/07" not in text and "It presents itself" not in text


def test_staff_who_read_decisions_keep_the_full_answer(client, files, role_users):
    client.force_login(role_users[roles.AUDITOR])
    text = _check(client, files[("LANC 2019/07", DocumentVariant.COMPLETE)]).content.decode()
    assert "This is the sealed original of LANC 2019/07, and its signature is valid." in text


def test_each_address_has_an_hourly_allowance_of_checks(client, files, settings, role_users):
    settings.VERIFY_CHECKS_PER_HOUR = 2
    counted_before = CheckAllowance.objects.count()  # the browser tests' checks may share this database
    data = files[("PCD 1838", DocumentVariant.PART_1)]
    assert _check(client, data, REMOTE_ADDR="203.0.113.7").status_code == 200
    assert _check(client, data, REMOTE_ADDR="203.0.113.7").status_code == 200
    refused = _check(client, data, REMOTE_ADDR="203.0.113.7")
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "Too many checks from your address" in refused.content.decode()
    # Another address has its own allowance; the address is stored only as a keyed hash.
    assert _check(client, data, REMOTE_ADDR="198.51.100.1").status_code == 200
    assert not CheckAllowance.objects.filter(client__contains="203.0.113.7").exists()
    assert CheckAllowance.objects.count() == counted_before + 2
    # Staff are not counted.
    client.force_login(role_users[roles.AUDITOR])
    assert _check(client, data, REMOTE_ADDR="203.0.113.7").status_code == 200


def test_an_upload_declared_larger_than_the_limit_is_refused_before_it_is_read(client, demo_db):
    declared = str(40 * 1024 * 1024)
    response = client.post(
        reverse("records:verify"), {}, CONTENT_LENGTH=declared, content_type="multipart/form-data; boundary=x"
    )
    assert response.status_code == 413
    assert "The file is larger than 20 MB" in response.content.decode()


# --- What the certificate page lets anyone recompute -------------------------------------------------------------


def test_the_published_part_1_json_hashes_to_the_hash_printed_in_the_pdf(client, files):
    decision = Decision.objects.get(reference="PCD 1838")
    response = client.get(reverse("records:part_1_json", args=[decision.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    digest = hashlib.sha256(response.content).hexdigest()

    text = _text(files[("PCD 1838", DocumentVariant.PART_1)])

    printed = re.search(r"Content of Part 1 of this form \(SHA-256\) ([0-9a-f ]{64,80})", text)
    assert printed and printed[1].replace(" ", "")[:64] == digest
    assert response["X-Content-SHA256"] == digest
    assert f"/decisions/{decision.pk}/part-1.json" in text.replace(" ", "")


def test_the_part_1_json_of_an_unpublished_decision_is_not_found(client, demo_db):
    decision = Decision.objects.get(reference="LANC 2019/07")
    assert client.get(reverse("records:part_1_json", args=[decision.pk])).status_code == 404


def test_the_complete_pdf_proves_it_is_the_record_the_part_1_pdf_commits_to(files):
    part_1 = _text(files[("LANC 2019/07", DocumentVariant.PART_1)]).replace(" ", "")
    complete = _text(files[("LANC 2019/07", DocumentVariant.COMPLETE)]).replace(" ", "")

    commitment = re.search(r"Commitmenttothecompleteform\(SHA-256\)([0-9a-f]{64})", part_1)[1]
    salt = re.search(r"Salt([0-9a-f]{64})", complete)[1]
    content = re.search(r"Contentofthisform\(SHA-256\)([0-9a-f]{64})", complete)[1]

    assert hashlib.sha256(f"{salt}{content}".encode()).hexdigest() == commitment
    assert re.search(r"Commitmentprintedinpart1\(SHA-256\)" + commitment, complete, re.IGNORECASE)
    # The published copy gives nothing to test guesses of Part 2 against: neither the salt nor the hash.
    assert salt not in part_1 and content not in part_1


def test_the_certificate_page_describes_the_seal_and_gives_the_full_verify_address(files, settings):
    text = _text(files[("PCD 1838", DocumentVariant.PART_1)])
    document = SealedDocument.objects.get(decision__reference="PCD 1838", variant=DocumentVariant.PART_1)
    flat = text.replace(" ", "")
    assert document.certificate_fingerprint in flat
    assert "Sealed with the certificate of" in text and "Level PAdES B-B" in text
    assert "no time-stamp authority was configured" in text
    assert f"{settings.SITE_URL}{reverse('records:verify')}".replace(" ", "") in flat
