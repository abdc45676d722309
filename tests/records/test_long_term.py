"""Seals that last: PAdES B-LTA with the loopback test PKI's time-stamp authority, OCSP responder and CRLs,
validated by pyHanko (AdES long-term validation); still valid as of its time-stamp after the seal's certificate is
revoked; and renewed with a new document time-stamp, every earlier signature intact."""

import asyncio
import datetime as dt
import hashlib
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase, override_settings
from django.urls import reverse
from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.ades.report import AdESPassed
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.ades import ades_lta_validation
from pyhanko.sign.validation.policy_decl import (
    PdfSignatureValidationSpec,
    RevinfoOnlineFetchingRule,
    RevocationInfoGatheringSpec,
    SignatureValidationSpec,
)
from pyhanko_certvalidator import CertificateValidator, ValidationContext
from pyhanko_certvalidator.context import CertValidationPolicySpec
from pyhanko_certvalidator.errors import RevokedError
from pyhanko_certvalidator.policy_decl import REQUIRE_REVINFO, CertRevTrustPolicy
from pyhanko_certvalidator.registry import SimpleTrustManager

from core import roles
from decisions.choices import DecisionStatus, Part, SectionKind
from decisions.models import Paragraph, Section
from records.models import DocumentVariant, SealedDocumentVersion, SealLevel
from records.sealing import Outcome, verify_document
from records.signing import forget_validation_data
from tests.builders import cast_of, complete_draft, drive, perform
from tests.conftest import FAST_HASHERS, restore_migrated_data
from tests.records.conftest import long_term_settings

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def lta_sealed(django_db_setup, django_db_blocker, signing_files, sealed_root, test_pki):
    """A decision with a Part 2, approved and sealed with the test PKI and its time-stamp authority (made once for
    the module; rolled back at its end)."""
    settings = override_settings(PASSWORD_HASHERS=FAST_HASHERS, SEALED_ROOT=sealed_root, **long_term_settings(test_pki))
    with django_db_blocker.unblock(), settings, transaction.atomic():
        forget_validation_data()
        restore_migrated_data()
        cast = cast_of("lta")
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
        decision = drive(decision, to=DecisionStatus.CLEARED, cast=cast)
        with TestCase.captureOnCommitCallbacks(execute=True):
            perform("approve", decision, by=cast.dmpc)
        decision.refresh_from_db()
        yield decision
        transaction.set_rollback(True)
        forget_validation_data()


def _document(decision, variant=DocumentVariant.PART_1):
    return decision.sealed_documents.get(variant=variant)


def _bytes(document) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


def _lta_spec(pki) -> PdfSignatureValidationSpec:
    """AdES validation with the PKI's root as the only trust anchor, revocation data required, nothing fetched: the
    validation data must be in the file."""
    root = load_cert_from_pemder(str(pki.trust_file))
    policy = CertValidationPolicySpec(
        trust_manager=SimpleTrustManager.build(trust_roots=[root]),
        revinfo_policy=CertRevTrustPolicy(REQUIRE_REVINFO),
    )
    return PdfSignatureValidationSpec(
        SignatureValidationSpec(
            cert_validation_policy=policy,
            revinfo_gathering_policy=RevocationInfoGatheringSpec(
                online_fetching_rule=RevinfoOnlineFetchingRule.LOCAL_ONLY
            ),
        )
    )


def _lta_validate(data: bytes, pki):
    reader = PdfFileReader(io.BytesIO(data))
    return asyncio.run(ades_lta_validation(reader.embedded_signatures[0], _lta_spec(pki)))


def test_approval_seals_at_pades_b_lta_with_the_authoritys_time(lta_sealed, test_pki):
    for variant in (DocumentVariant.PART_1, DocumentVariant.COMPLETE):
        document = _document(lta_sealed, variant)
        assert document.level == SealLevel.B_LTA
        assert document.timestamp_at is not None
        assert abs(document.timestamp_at - document.sealed_at) < dt.timedelta(minutes=1)
        assert "Test Time-Stamp Authority" in document.timestamp_authority
        assert document.archive_timestamp_expires_at == dt.datetime(2100, 1, 1, tzinfo=dt.UTC)
        assert document.certificate_subject.startswith("Common Name: Test Policing Body decision seal")


def test_pyhanko_validates_the_seal_as_time_stamped_with_embedded_validation_data(lta_sealed, test_pki):
    data = _bytes(_document(lta_sealed))
    reader = PdfFileReader(io.BytesIO(data))
    seal, document_timestamp = reader.embedded_signatures
    assert seal.field_name == "OrganisationSeal"
    assert document_timestamp.sig_object_type == "/DocTimeStamp"
    # The validation data is in the file: the document security store holds the chain's OCSP responses and CRLs.
    dss = reader.root["/DSS"]
    assert len(dss["/Certs"]) >= 4 and len(dss["/OCSPs"]) >= 1 and len(dss["/CRLs"]) >= 1

    result = _lta_validate(data, test_pki)

    assert result.ades_subindic == AdESPassed.OK, result
    assert result.api_status.bottom_line, result.api_status.pretty_print_details()
    assert result.signature_timestamp_status.ades_subindic == AdESPassed.OK
    assert result.oldest_evidence_record_timestamp is not None
    status = result.api_status
    assert status.timestamp_validity is not None and status.timestamp_validity.trusted
    assert status.modification_level == ModificationLevel.LTA_UPDATES


def test_the_seal_signs_the_pades_attributes_naming_its_own_certificate(lta_sealed, test_pki):
    # PAdES baseline: the content type, the digest and the signing certificate (ESS signing-certificate-v2), and no
    # signing time in the signed attributes (the signature dictionary carries it).
    seal = PdfFileReader(io.BytesIO(_bytes(_document(lta_sealed)))).embedded_signatures[0]
    signed = {attribute["type"].native: attribute["values"][0] for attribute in seal.signer_info["signed_attrs"]}
    assert set(signed) == {"content_type", "message_digest", "signing_certificate_v2"}
    (identifier,) = signed["signing_certificate_v2"]["certs"]
    certificate = test_pki.certificate("seal")
    assert identifier["cert_hash"].native == hashlib.sha256(certificate.dump()).digest()
    assert identifier["issuer_serial"]["serial_number"].native == certificate.serial_number


def test_revoking_the_seal_certificate_afterwards_leaves_the_seal_valid_as_of_its_time_stamp(lta_sealed, test_pki):
    data = _bytes(_document(lta_sealed))
    root = load_cert_from_pemder(str(test_pki.trust_file))
    test_pki.revoke("seal")
    try:
        # Asked now, with fresh revocation data from the responder, the certificate is revoked ...
        seal = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]
        now = ValidationContext(trust_roots=[root], allow_fetching=True, revocation_mode="require")
        validator = CertificateValidator(
            seal.signer_cert, intermediate_certs=list(seal.other_embedded_certs), validation_context=now
        )
        with pytest.raises(RevokedError):
            asyncio.run(validator.async_validate_usage({"digital_signature"}))
        # ... but the time-stamp proves the seal was made while it was valid, and the file carries the proof.
        result = _lta_validate(data, test_pki)
        assert result.ades_subindic == AdESPassed.OK, result
    finally:
        test_pki.unrevoke("seal")
        forget_validation_data()


def test_the_service_reads_the_time_stamps_when_checking_the_file(lta_sealed, client, role_users):
    client.force_login(role_users[roles.AUDITOR])
    document = _document(lta_sealed)
    result = verify_document(_bytes(document))
    assert result.outcome == Outcome.ORIGINAL
    assert result.timestamp is not None and result.timestamp.trusted
    assert abs(result.timestamp.at - document.timestamp_at) < dt.timedelta(seconds=1)
    assert len(result.document_timestamps) == 1


def _renewed(decision, pki, settings) -> SealedDocumentVersion:
    for name, value in long_term_settings(pki, tsa_url=pki.next_tsa_url).items():
        setattr(settings, name, value)
    forget_validation_data()
    # The first time-stamp's certificate expires on 1 January 2100: due within 30,000 days, the next one's (2400) not.
    call_command("renew_timestamps", within_days=30_000, verbosity=0)
    return SealedDocumentVersion.objects.get(document=_document(decision))


def test_renewal_adds_a_document_time_stamp_and_every_earlier_signature_stays_valid(
    lta_sealed, test_pki, settings, client
):
    document = _document(lta_sealed)
    original = _bytes(document)

    version = _renewed(lta_sealed, test_pki, settings)

    renewed = _bytes(version)
    assert renewed.startswith(original)  # an incremental update: the sealed bytes are untouched
    assert version.number == 2 and version.sha256 == hashlib.sha256(renewed).hexdigest()
    assert version.archive_timestamp_expires_at == dt.datetime(2400, 1, 1, tzinfo=dt.UTC)
    assert hashlib.sha256(_bytes(document)).hexdigest() == document.sha256  # the original is kept
    signatures = PdfFileReader(io.BytesIO(renewed)).embedded_signatures
    assert [signature.sig_object_type for signature in signatures] == ["/Sig", "/DocTimeStamp", "/DocTimeStamp"]
    result = _lta_validate(renewed, test_pki)
    assert result.ades_subindic == AdESPassed.OK, result
    root = load_cert_from_pemder(str(test_pki.trust_file))
    for earlier in signatures[:2]:
        if earlier.sig_object_type == "/Sig":
            status = validate_pdf_signature(earlier, ValidationContext(trust_roots=[root]))
        else:
            from pyhanko.sign.validation import validate_pdf_timestamp

            status = validate_pdf_timestamp(earlier, ValidationContext(trust_roots=[root]))
        assert status.intact and status.valid, status.pretty_print_details()

    # Verification recognises every version; downloads serve the latest.
    assert verify_document(original).outcome == Outcome.ORIGINAL
    second = verify_document(renewed)
    assert second.outcome == Outcome.ORIGINAL and second.version == version
    assert len(second.document_timestamps) == 2
    from records.views import forget_latest_versions

    forget_latest_versions()
    staff = cast_of("renewal-auditor").governance
    client.force_login(staff)
    response = client.get(reverse("records:document", args=[lta_sealed.pk, DocumentVariant.PART_1]))
    assert response["X-Content-SHA256"] == version.sha256
    assert b"".join(response.streaming_content) == renewed
    forget_latest_versions()

    # Run again: nothing is due any more, and nothing changes.
    call_command("renew_timestamps", within_days=30_000, verbosity=0)
    assert SealedDocumentVersion.objects.filter(document=document).count() == 1


def test_renewal_is_refused_without_a_time_stamp_authority(lta_sealed, settings):
    from django.core.management.base import CommandError

    settings.SIGNING_TSA_URL = ""
    with pytest.raises(CommandError, match="time-stamp authority"):
        call_command("renew_timestamps", within_days=30_000, verbosity=0)
