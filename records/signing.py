"""The organisation's seal: loading its key and certificate once per process, signing PDFs (PAdES B-B), and
checking a PDF's signature.

Loading and checking the private key is most of the cost of a signature, so the signer is built once and kept;
a fixed ``bytes_reserved`` skips pyHanko's size estimation (a second signing pass).
"""

import asyncio
import functools
import hashlib
import io
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.fields import MDPPerm, SigSeedSubFilter
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

SIGNATURE_FIELD = "OrganisationSeal"
BYTES_RESERVED = 8192

T = TypeVar("T")


def outside_event_loop(function: Callable[[], T]) -> T:
    """``function()``, run in a thread of its own when this thread already runs an event loop.

    pyHanko's synchronous calls start an event loop of their own (``asyncio.run``), which cannot start inside a
    running one: called from async code (an ASGI server, a browser driver), they would fail.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return function()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(function).result()


class SigningNotConfigured(Exception):
    """No usable key and certificate: sealing cannot happen until one is installed."""


@dataclass(frozen=True)
class Seal:
    signer: signers.SimpleSigner
    certificate_pem: str
    subject: str


@functools.cache
def _load_seal(key_file: str, cert_file: str, passphrase: str) -> Seal:
    try:
        signer = signers.SimpleSigner.load(key_file, cert_file, key_passphrase=passphrase.encode() or None)
    except (OSError, ValueError) as error:
        raise SigningNotConfigured(
            f"The signing key or certificate could not be read ({error}). "
            "Run `manage.py make_signing_certificate` for a development certificate, or set SIGNING_KEY_FILE "
            "and SIGNING_CERT_FILE to the organisation's own."
        ) from error
    if signer is None:
        raise SigningNotConfigured(
            "The signing key or certificate could not be read. Run `manage.py make_signing_certificate` for a "
            "development certificate, or set SIGNING_KEY_FILE and SIGNING_CERT_FILE to the organisation's own."
        )
    with open(cert_file, encoding="ascii") as handle:
        certificate_pem = handle.read()
    return Seal(signer=signer, certificate_pem=certificate_pem, subject=signer.signing_cert.subject.human_friendly)


def current_seal() -> Seal:
    """The configured seal, loaded once per process (per key and certificate path)."""
    return _load_seal(str(settings.SIGNING_KEY_FILE), str(settings.SIGNING_CERT_FILE), settings.SIGNING_KEY_PASSPHRASE)


def sign_pdf(pdf: bytes, *, reason: str, seal: Seal | None = None) -> bytes:
    """A certified PAdES signature that allows no later change to the document."""
    seal = seal or current_seal()
    metadata = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        subfilter=SigSeedSubFilter.PADES,
        certify=True,
        docmdp_permissions=MDPPerm.NO_CHANGES,
        md_algorithm="sha256",
        reason=reason,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    signer = signers.PdfSigner(metadata, signer=seal.signer)
    signed = outside_event_loop(lambda: signer.sign_pdf(writer, bytes_reserved=BYTES_RESERVED))
    return signed.getvalue()


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class SignatureCheck:
    """What a PDF's signature says: present, intact, valid, trusted, covering the whole file."""

    present: bool
    intact: bool = False
    valid: bool = False
    trusted: bool = False
    covers_whole_file: bool = False
    signer_subject: str = ""
    signed_at: object = None
    problem: str = ""

    @property
    def good(self) -> bool:
        return self.present and self.intact and self.valid and self.trusted and self.covers_whole_file


def check_signature(data: bytes, *, trusted_certificates_pem: list[str]) -> SignatureCheck:
    """Validate the first signature of ``data`` against the given certificates.

    A signature that validates but does not cover the entire file (something appended after signing, even a
    metadata-only update) does not count as good. Never raises for a damaged file: says so in ``problem``.
    """
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception as error:  # any parser failure means the file cannot be trusted
        return SignatureCheck(present=False, problem=f"the file could not be read as a PDF ({error})")
    if not signatures:
        return SignatureCheck(present=False)
    roots = [load_cert_from_pemder_text(pem) for pem in trusted_certificates_pem]
    try:
        context = ValidationContext(trust_roots=roots)
        status = outside_event_loop(lambda: validate_pdf_signature(signatures[0], context))
    except Exception as error:  # a corrupted signature is an invalid one
        return SignatureCheck(present=True, problem=f"the signature could not be checked ({error})")
    return SignatureCheck(
        present=True,
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        covers_whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE
        and status.modification_level in (ModificationLevel.NONE, None),
        signer_subject=status.signing_cert.subject.human_friendly if status.signing_cert else "",
        signed_at=status.signer_reported_dt,
    )


def load_cert_from_pemder_text(pem: str):
    """A certificate from PEM text (pyHanko reads certificates from files)."""
    from asn1crypto import pem as asn1_pem
    from asn1crypto import x509

    _type, _headers, der = asn1_pem.unarmor(pem.encode("ascii"))
    return x509.Certificate.load(der)
