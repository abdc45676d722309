"""The organisation's seal: loading its key and certificate once per process, signing PDFs (PAdES), adding document
time-stamps later (renewal), and checking a PDF's signatures.

Levels (ETSI EN 319 142-1):

- with no time-stamp authority configured (``SIGNING_TSA_URL`` empty), **PAdES B-B**: the signature carries the
  signer's own clock only;
- with one, **PAdES B-T**: the signature carries an RFC 3161 time-stamp from that authority;
- with one and ``SIGNING_TRUST_FILE`` (the roots that the seal's and the authority's certificates chain to),
  **PAdES B-LTA**: the certificates, OCSP responses and CRLs that prove the chains valid are embedded (the document
  security store) and a document time-stamp covers it all. ``manage.py renew_timestamps`` adds a further document
  time-stamp before the last one's certificate expires.

Loading and checking the private key is most of the cost of a signature, so the signer is built once and kept; a
fixed ``bytes_reserved`` skips pyHanko's size estimation (a second signing pass). pyHanko's network calls (the
time-stamp authority, OCSP responders, CRLs) run on one event loop in a thread of its own, kept for the process, so
that its HTTP connections stay open between seals; the validation data proving the seal's and the authority's
certificates valid is fetched again after :data:`VALIDATION_DATA_MAX_AGE`, and reused until then.
"""

import asyncio
import atexit
import contextlib
import contextvars
import datetime as dt
import functools
import hashlib
import io
import logging
import os
import threading
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TypeVar

from asn1crypto import cms, tsp, x509
from django.conf import settings
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import attributes, signers, timestamps
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.fields import MDPPerm, SigSeedSubFilter
from pyhanko.sign.general import as_signing_certificate_v2
from pyhanko.sign.validation import async_validate_pdf_signature, async_validate_pdf_timestamp
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

logger = logging.getLogger(__name__)

SIGNATURE_FIELD = "OrganisationSeal"
ARCHIVE_TIMESTAMP_FIELD = "DocumentTimeStamp"
SIGNATURE_FIELD_LABEL = "The organisation's seal"
ARCHIVE_TIMESTAMP_LABEL = "Document time-stamp"
# Room for the CMS signature with its time-stamp token (and, for a document time-stamp, the authority's chain).
BYTES_RESERVED = 16384
# How long OCSP responses and CRLs fetched for the seal's own chain are reused before they are fetched again.
VALIDATION_DATA_MAX_AGE = dt.timedelta(minutes=5)

T = TypeVar("T")


class Level:
    """The PAdES baseline level of a seal, as stored and printed."""

    B_B = "B-B"
    B_T = "B-T"
    B_LT = "B-LT"
    B_LTA = "B-LTA"

    CHOICES = ((B_B, "PAdES B-B"), (B_T, "PAdES B-T"), (B_LT, "PAdES B-LT"), (B_LTA, "PAdES B-LTA"))


# --- One event loop for pyHanko's network calls -------------------------------------------------------------------


class _SealLoop:
    """An event loop running in a thread of its own, with an aiohttp session opened in it; remade after a fork."""

    def __init__(self) -> None:
        self.pid = os.getpid()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="seal-network", daemon=True)
        self.thread.start()
        self.session = self.run(self._open_session())
        # (authority, trust) → (when made, time-stamper, validation context, validation paths)
        self.kits: dict[tuple, tuple] = {}

    @staticmethod
    async def _open_session():
        import aiohttp

        return aiohttp.ClientSession()

    def run(self, coroutine: Awaitable[T], timeout: float | None = None) -> T:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.run(self.session.close(), timeout=2)

    def forget_validation_data(self) -> None:
        self.kits.clear()


_loop: _SealLoop | None = None
_loop_lock = threading.Lock()


def _seal_loop() -> _SealLoop:
    global _loop
    with _loop_lock:
        if _loop is None or _loop.pid != os.getpid() or not _loop.thread.is_alive():
            _loop = _SealLoop()
            atexit.register(_loop.close)
        return _loop


def run_async(make: Callable[[], Awaitable[T]], timeout: float | None = 120) -> T:
    """``await make()`` on the seal's event loop, from synchronous code (a view, a command, a worker)."""
    return _seal_loop().run(make(), timeout)


def forget_validation_data() -> None:
    """Fetch OCSP responses and CRLs afresh for the next seal (after a revocation, say)."""
    _seal_loop().forget_validation_data()


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


# --- The seal's key, certificate and trust ------------------------------------------------------------------------


class SigningNotConfigured(Exception):
    """No usable key and certificate: sealing cannot happen until one is installed."""


@dataclass(frozen=True)
class Seal:
    signer: signers.SimpleSigner
    certificate_pem: str
    subject: str

    @property
    def fingerprint(self) -> str:
        """The SHA-256 of the certificate (DER), as hex: what an auditor compares with the PDF's."""
        return certificate_fingerprint(self.certificate_pem)


class _SigningCertificate(attributes.CMSAttributeProvider):
    """The ESS signing-certificate-v2 attribute naming the seal's certificate, made once for the certificate."""

    attribute_type = "signing_certificate_v2"

    def __init__(self, certificate: x509.Certificate) -> None:
        self.value = tsp.SigningCertificateV2.load(as_signing_certificate_v2(certificate).dump())

    async def build_attr_value(self, dry_run=False) -> tsp.SigningCertificateV2:
        return self.value


class _SealSignedAttributes(attributes.SignedAttributeProviderSpec):
    """What a PAdES seal signs besides the content type and the digest (which pyHanko adds itself): the signing
    certificate's identifier, as pyHanko's own PAdES attributes have it for a signature with no signing time and no
    CAdES extras."""

    def __init__(self, certificate: x509.Certificate) -> None:
        self.signing_certificate = _SigningCertificate(certificate)

    def signed_attr_providers(self, data_digest: bytes, digest_algorithm: str):
        yield self.signing_certificate


class SealSigner(signers.SimpleSigner):
    """pyHanko's signer with a key in a file, whose signed attributes are encoded once.

    asn1crypto encodes a value it has built afresh every time it is written out, and pyHanko writes the signed
    attributes several times while it signs and packages. So the signing certificate's identifier is made once for
    the seal, and the signed attributes are read back from their own encoding once made: each is then copied as it
    is. The bytes signed are the same.
    """

    @classmethod
    def of(cls, signer: signers.SimpleSigner) -> "SealSigner":
        sealer = cls(
            signing_cert=signer.signing_cert,
            signing_key=signer.signing_key,
            cert_registry=signer.cert_registry,
            signature_mechanism=signer.signature_mechanism,
            prefer_pss=signer.prefer_pss,
            embed_roots=signer.embed_roots,
            attribute_certs=signer.attribute_certs,
        )
        sealer.signed_attr_prov_spec = _SealSignedAttributes(signer.signing_cert)
        return sealer

    async def signed_attrs(self, *args, **kwargs) -> cms.CMSAttributes:
        built = await super().signed_attrs(*args, **kwargs)
        return cms.CMSAttributes.load(built.dump())


def _read_certificates(path: str) -> list[x509.Certificate]:
    from pyhanko.keys import load_certs_from_pemder

    return list(load_certs_from_pemder([path]))


@functools.cache
def _load_seal(key_file: str, cert_file: str, passphrase: str, chain_file: str) -> Seal:
    try:
        signer = signers.SimpleSigner.load(
            key_file,
            cert_file,
            ca_chain_files=(chain_file,) if chain_file else None,
            key_passphrase=passphrase.encode() or None,
        )
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
    signer = SealSigner.of(signer)
    return Seal(signer=signer, certificate_pem=certificate_pem, subject=signer.signing_cert.subject.human_friendly)


def current_seal() -> Seal:
    """The configured seal, loaded once per process (per key and certificate path)."""
    return _load_seal(
        str(settings.SIGNING_KEY_FILE),
        str(settings.SIGNING_CERT_FILE),
        settings.SIGNING_KEY_PASSPHRASE,
        str(getattr(settings, "SIGNING_CHAIN_FILE", "") or ""),
    )


@functools.cache
def _trust_roots(trust_file: str) -> tuple[x509.Certificate, ...]:
    return tuple(_read_certificates(trust_file)) if trust_file else ()


def trust_roots() -> tuple[x509.Certificate, ...]:
    """The roots the seal's and the time-stamp authority's certificates chain to (``SIGNING_TRUST_FILE``)."""
    return _trust_roots(str(getattr(settings, "SIGNING_TRUST_FILE", "") or ""))


def tsa_url() -> str:
    return (getattr(settings, "SIGNING_TSA_URL", "") or "").strip()


def planned_level() -> str:
    """The level the next seal will have, from the configuration (printed on the PDF before it is signed)."""
    if not tsa_url():
        return Level.B_B
    return Level.B_LTA if trust_roots() else Level.B_T


def certificate_fingerprint(pem: str) -> str:
    return hashlib.sha256(load_cert_from_pemder_text(pem).dump()).hexdigest()


def load_cert_from_pemder_text(pem: str) -> x509.Certificate:
    """A certificate from PEM text (pyHanko reads certificates from files)."""
    from asn1crypto import pem as asn1_pem

    _type, _headers, der = asn1_pem.unarmor(pem.encode("ascii"))
    return x509.Certificate.load(der)


# --- Time-stamps --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimeStamp:
    """One RFC 3161 time-stamp: when, by whom, and until when the authority's certificate is valid."""

    at: dt.datetime
    authority: str
    certificate_expires_at: dt.datetime | None


def timestamp_of(token: cms.ContentInfo) -> TimeStamp:
    signed_data = token["content"]
    info = signed_data["encap_content_info"]["content"].parsed
    signer_info = signed_data["signer_infos"][0]
    sid = signer_info["sid"]
    authority, expires = "", None
    for choice in signed_data["certificates"] or ():
        if choice.name != "certificate":
            continue
        certificate = choice.chosen
        issuer_serial = sid.chosen if sid.name == "issuer_and_serial_number" else None
        if issuer_serial is not None and (
            certificate.serial_number == issuer_serial["serial_number"].native
            and certificate.issuer == issuer_serial["issuer"]
        ):
            authority, expires = (
                certificate.subject.human_friendly,
                certificate["tbs_certificate"]["validity"]["not_after"].native,
            )
            break
        if sid.name == "subject_key_identifier" and certificate.key_identifier == sid.chosen.native:
            authority, expires = (
                certificate.subject.human_friendly,
                certificate["tbs_certificate"]["validity"]["not_after"].native,
            )
            break
    return TimeStamp(at=info["gen_time"].native, authority=authority, certificate_expires_at=expires)


# The tokens the authority gives during one seal or renewal (the seal records their times).
_tokens: contextvars.ContextVar[list | None] = contextvars.ContextVar("seal_tokens", default=None)


class RecordingTimeStamper(timestamps.HTTPTimeStamper):
    """The configured authority's client, kept for the process (with the authority's certificates, learnt once),
    handing each token it is given to the seal being made."""

    async def async_timestamp(self, message_digest, md_algorithm) -> cms.ContentInfo:
        token = await super().async_timestamp(message_digest, md_algorithm)
        recorded = _tokens.get()
        if recorded is not None:
            recorded.append(token)
        return token


def _timestamper(session) -> RecordingTimeStamper:
    username = getattr(settings, "SIGNING_TSA_USERNAME", "") or ""
    password = getattr(settings, "SIGNING_TSA_PASSWORD", "") or ""
    return RecordingTimeStamper(
        tsa_url(),
        timeout=float(getattr(settings, "SIGNING_TSA_TIMEOUT", 10) or 10),
        auth=(username, password) if username else None,
        session=session,
    )


@dataclass
class _LongTermKit:
    """What every seal of the next few minutes shares: the authority's client, and the validation context and
    paths (with their OCSP responses and CRLs) proving the seal's and the authority's certificates valid."""

    made: float
    timestamper: RecordingTimeStamper
    context: ValidationContext | None
    paths: list


async def _kit(loop: _SealLoop, seal: Seal, *, long_term: bool) -> _LongTermKit:
    from pyhanko_certvalidator import CertificateValidator
    from pyhanko_certvalidator.fetchers.aiohttp_fetchers import AIOHttpFetcherBackend

    trust_file = str(getattr(settings, "SIGNING_TRUST_FILE", "") or "")
    key = (tsa_url(), getattr(settings, "SIGNING_TSA_USERNAME", ""), trust_file, seal.certificate_pem, long_term)
    found = loop.kits.get(key)
    if found is not None and time.monotonic() - found.made < VALIDATION_DATA_MAX_AGE.total_seconds():
        return found
    timestamper = found.timestamper if found is not None else _timestamper(loop.session)
    context, paths = None, []
    if long_term:
        context = ValidationContext(
            trust_roots=list(trust_roots()),
            allow_fetching=True,
            fetchers=AIOHttpFetcherBackend(loop.session).get_fetchers(),
            revocation_mode="require",
        )
        validator = CertificateValidator(
            seal.signer.signing_cert, intermediate_certs=list(seal.signer.cert_registry), validation_context=context
        )
        paths.append(await validator.async_validate_usage({"digital_signature"}))
        paths.extend([path async for path in timestamper.validation_paths(context)])
    kit = loop.kits[key] = _LongTermKit(time.monotonic(), timestamper, context, paths)
    return kit


# --- Sealing ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sealed:
    """A signed PDF and what its seal is: the level reached and the time-stamps it carries."""

    pdf: bytes
    level: str
    signature_timestamp: TimeStamp | None = None
    archive_timestamp: TimeStamp | None = None


def sign_pdf(pdf: bytes, *, reason: str, seal: Seal | None = None) -> bytes:
    """A certified PAdES signature that allows no later change to the document (other than validation data and
    document time-stamps), at the configured level."""
    return seal_pdf(pdf, reason=reason, seal=seal).pdf


def _writer(pdf: bytes) -> IncrementalPdfFileWriter:
    """An incremental update of ``pdf`` that leaves its metadata as rendered.

    pyHanko would rewrite the XMP metadata and the document information (producer, modification date) in every
    update; the rendered file's already agree with each other, as PDF/A wants, and a seal changes neither.
    """
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    writer._update_meta = lambda: None  # pyHanko has no switch for this
    return writer


def seal_pdf(pdf: bytes, *, reason: str, seal: Seal | None = None) -> Sealed:
    """Sign ``pdf`` with the seal at :func:`planned_level`, filling the signature field the renderer made (or a new
    invisible one).

    For B-LTA, two incremental updates: the certified signature with its time-stamp, then the validation data (the
    document security store) and a document time-stamp over it, in one revision.
    """
    seal = seal or current_seal()
    level = planned_level()
    loop = _seal_loop()

    async def sign() -> Sealed:
        from pyhanko.sign.validation import DocumentSecurityStore

        long_term = level == Level.B_LTA
        kit = await _kit(loop, seal, long_term=long_term) if level != Level.B_B else None
        tokens: list = []
        _tokens.set(tokens)
        metadata = signers.PdfSignatureMetadata(
            field_name=SIGNATURE_FIELD,
            subfilter=SigSeedSubFilter.PADES,
            certify=True,
            docmdp_permissions=MDPPerm.NO_CHANGES,
            md_algorithm="sha256",
            reason=reason,
        )
        writer = _writer(pdf)
        signer = signers.PdfSigner(metadata, signer=seal.signer, timestamper=kit.timestamper if kit else None)
        signed = (await signer.async_sign_pdf(writer, bytes_reserved=BYTES_RESERVED)).getvalue()
        if long_term:
            writer = _writer(signed)
            DocumentSecurityStore.supply_dss_in_writer(
                writer, sig_contents=None, paths=kit.paths, validation_context=kit.context
            )
            stamper = signers.PdfTimeStamper(
                kit.timestamper, field_name=ARCHIVE_TIMESTAMP_FIELD, readable_field_name=ARCHIVE_TIMESTAMP_LABEL
            )
            output = await stamper.async_timestamp_pdf(writer, "sha256", bytes_reserved=BYTES_RESERVED)
            signed = output.getvalue()
        return Sealed(
            pdf=signed,
            level=level,
            signature_timestamp=timestamp_of(tokens[0]) if tokens else None,
            archive_timestamp=timestamp_of(tokens[-1]) if long_term and len(tokens) > 1 else None,
        )

    return run_async(sign)


def add_archive_timestamp(pdf: bytes) -> Sealed:
    """``pdf`` with a new document time-stamp, after validation data for the last one (renewal, PAdES B-LTA).

    Every earlier signature and time-stamp is left as it is: the update only adds to the document security store
    and a new document time-stamp field. Raises SigningNotConfigured without an authority and trust roots.
    """
    if planned_level() != Level.B_LTA:
        raise SigningNotConfigured(
            "Renewing a time-stamp needs a time-stamp authority (SIGNING_TSA_URL) and the roots its certificates "
            "chain to (SIGNING_TRUST_FILE)."
        )
    seal = current_seal()
    loop = _seal_loop()

    async def renew() -> Sealed:
        kit = await _kit(loop, seal, long_term=True)
        tokens: list = []
        _tokens.set(tokens)
        stamper = signers.PdfTimeStamper(kit.timestamper, readable_field_name=ARCHIVE_TIMESTAMP_LABEL)
        output = io.BytesIO()
        await stamper.async_update_archival_timestamp_chain(
            PdfFileReader(io.BytesIO(pdf)), kit.context, in_place=False, output=output
        )
        return Sealed(pdf=output.getvalue(), level=Level.B_LTA, archive_timestamp=timestamp_of(tokens[-1]))

    return run_async(renew)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- Checking -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TimeStampCheck:
    """A time-stamp found in a PDF: its time, its authority, and whether its token is intact and trusted."""

    at: dt.datetime | None
    authority: str
    intact: bool
    trusted: bool
    is_document_timestamp: bool


@dataclass(frozen=True)
class SignatureCheck:
    """What a PDF's seal says: present, intact, valid, trusted, covering the whole file (or followed only by
    validation data and document time-stamps), and the time-stamps it carries."""

    present: bool
    intact: bool = False
    valid: bool = False
    trusted: bool = False
    covers_whole_file: bool = False
    signer_subject: str = ""
    signed_at: object = None
    problem: str = ""
    timestamps: tuple[TimeStampCheck, ...] = field(default_factory=tuple)

    @property
    def good(self) -> bool:
        return self.present and self.intact and self.valid and self.trusted and self.covers_whole_file

    @property
    def signature_timestamp(self) -> TimeStampCheck | None:
        return next((stamp for stamp in self.timestamps if not stamp.is_document_timestamp), None)

    @property
    def document_timestamps(self) -> list[TimeStampCheck]:
        return [stamp for stamp in self.timestamps if stamp.is_document_timestamp]


# After the seal, only these may follow for the file to count as the sealed document: validation data (DSS) and
# document time-stamps.
_ACCEPTED_AFTER_SEAL = (ModificationLevel.NONE, ModificationLevel.LTA_UPDATES, None)


def check_signature(data: bytes, *, trusted_certificates_pem: list[str]) -> SignatureCheck:
    """Validate the seal of ``data`` (its first signature) against the given certificates, and read its time-stamps.

    A seal that validates but is followed by anything other than validation data and document time-stamps (an
    edit appended after sealing, even a metadata-only one) does not count as covering the file. Nothing is fetched
    from the network: an uploaded file cannot make the service reach out. Never raises for a damaged file: says so
    in ``problem``.
    """
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception as error:  # any parser failure means the file cannot be trusted
        return SignatureCheck(present=False, problem=f"the file could not be read as a PDF ({error})")
    if not signatures:
        return SignatureCheck(present=False)
    roots = [load_cert_from_pemder_text(pem) for pem in trusted_certificates_pem]
    extra_roots = list(trust_roots())

    async def check():
        context = ValidationContext(trust_roots=roots + extra_roots)
        timestamp_context = ValidationContext(trust_roots=extra_roots or roots)
        seal = signatures[0]
        status = await async_validate_pdf_signature(seal, context, ts_validation_context=timestamp_context)
        stamps = []
        if status.timestamp_validity is not None:
            stamp = status.timestamp_validity
            stamps.append(
                TimeStampCheck(
                    stamp.timestamp,
                    stamp.signing_cert.subject.human_friendly if stamp.signing_cert else "",
                    bool(stamp.intact and stamp.valid),
                    bool(stamp.trusted),
                    False,
                )
            )
        for document_stamp in signatures[1:]:
            if document_stamp.sig_object_type != "/DocTimeStamp":
                continue
            stamp_status = await async_validate_pdf_timestamp(document_stamp, timestamp_context)
            stamps.append(
                TimeStampCheck(
                    stamp_status.timestamp,
                    stamp_status.signing_cert.subject.human_friendly if stamp_status.signing_cert else "",
                    bool(stamp_status.intact and stamp_status.valid),
                    bool(stamp_status.trusted),
                    True,
                )
            )
        return status, tuple(stamps)

    try:
        status, stamps = run_async(check)
    except Exception as error:  # a corrupted signature is an invalid one
        return SignatureCheck(present=True, problem=f"the signature could not be checked ({error})")
    covers = status.coverage == SignatureCoverageLevel.ENTIRE_FILE or (
        status.coverage == SignatureCoverageLevel.ENTIRE_REVISION
        and status.modification_level in _ACCEPTED_AFTER_SEAL
        and all(signature.sig_object_type == "/DocTimeStamp" for signature in signatures[1:])
    )
    return SignatureCheck(
        present=True,
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        covers_whole_file=covers and status.modification_level in _ACCEPTED_AFTER_SEAL,
        signer_subject=status.signing_cert.subject.human_friendly if status.signing_cert else "",
        signed_at=status.signer_reported_dt,
        timestamps=stamps,
    )
