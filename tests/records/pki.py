"""A real test PKI on loopback: certomancer's animator serving ``pki.yml`` (time-stamps, OCSP, CRLs, certificates)
with werkzeug on 127.0.0.1, in a thread of the test process.

The keys are made here (EC P-256, quick to make and to use), once per session, in a temporary folder. The seal's key
and certificate chain are written out as the files the settings name, so the project seals with them as it would
with an organisation's certificate. Revoking a certificate afterwards changes what the OCSP responder and the CRLs
say from then on, as a real authority's would.
"""

import dataclasses
import datetime as dt
import threading
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import crl, x509
from certomancer.integrations.animator import Animator, AnimatorArchStore
from certomancer.registry import ArchLabel, CertLabel, CertomancerConfig
from certomancer.registry.issued.general import RevocationStatus
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from werkzeug.serving import WSGIRequestHandler, make_server

CONFIG = Path(__file__).with_name("pki.yml")
ARCH = ArchLabel("seal-pki")
KEYS = ("root", "interm", "ocsp", "tsa", "tsa-next", "seal")


@dataclass
class TestPKI:
    """The running authority: where it answers, the files the settings point at, and a way to revoke."""

    url: str
    architecture: object
    key_file: Path
    cert_file: Path
    chain_file: Path
    trust_file: Path
    server: object
    thread: threading.Thread

    @property
    def tsa_url(self) -> str:
        return f"{self.url}/{ARCH}/tsa/tsa"

    @property
    def next_tsa_url(self) -> str:
        """The same authority, with the certificate it moves to (valid longer)."""
        return f"{self.url}/{ARCH}/tsa/tsa-next"

    def certificate(self, label: str):
        return self.architecture.get_cert(CertLabel(label))

    def revoke(self, label: str, *, at: dt.datetime | None = None) -> None:
        """From ``at`` (now), the OCSP responder and the CRLs say ``label``'s certificate is revoked."""
        specs = self.architecture._cert_specs  # certomancer keeps no public way to revoke after loading
        status = RevocationStatus(revoked_since=at or dt.datetime.now(dt.UTC), reason=crl.CRLReason("key_compromise"))
        specs[CertLabel(label)] = dataclasses.replace(specs[CertLabel(label)], revocation=status)

    def unrevoke(self, label: str) -> None:
        specs = self.architecture._cert_specs
        specs[CertLabel(label)] = dataclasses.replace(specs[CertLabel(label)], revocation=None)

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)


class _KeepAlive(WSGIRequestHandler):
    # As a real authority's server would, keep connections open between requests.
    protocol_version = "HTTP/1.1"


def _write_key(path: Path) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )


def _pem(certificate) -> str:
    from asn1crypto import pem

    return pem.armor("CERTIFICATE", certificate.dump()).decode("ascii")


def _hold_certificates_as_der(architecture) -> None:
    """Issue every certificate now and keep each as read back from its own DER encoding, as an authority holds the
    certificate it was issued.

    certomancer keeps the certificates it builds as built, and every time-stamp or OCSP response that embeds one
    encodes it again, field by field: measured, three quarters of a time-stamp response's time. Read back from DER,
    the same bytes are copied as they are.
    """
    cache = architecture._cert_cache  # certomancer's own cache of issued certificates; no public way to fill it
    for label in list(architecture._cert_specs):
        cache[label] = x509.Certificate.load(architecture.get_cert(label).dump())


def start_pki(folder: Path) -> TestPKI:
    """Make the keys in ``folder``, serve the PKI on a free loopback port, and write the seal's files."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in KEYS:
        _write_key(folder / f"{name}.key.pem")
    # The port is chosen first: every URL the certificates carry (OCSP, CRLs) names it.
    server = make_server(
        "127.0.0.1",
        0,
        lambda environ, start_response: app(environ, start_response),
        threaded=True,
        request_handler=_KeepAlive,
    )
    url = f"http://127.0.0.1:{server.server_port}"
    config = CertomancerConfig.from_file(str(CONFIG), key_search_dir=str(folder), external_url_prefix=url)
    architecture = config.get_pki_arch(ARCH)
    _hold_certificates_as_der(architecture)
    app = Animator(AnimatorArchStore(config.pki_archs), with_web_ui=False, allow_time_override=False)
    thread = threading.Thread(target=server.serve_forever, name="test-pki", daemon=True)
    thread.start()

    cert_file = folder / "seal-cert.pem"
    chain_file = folder / "seal-chain.pem"
    trust_file = folder / "trust.pem"
    cert_file.write_text(_pem(architecture.get_cert(CertLabel("seal"))), encoding="ascii")
    chain_file.write_text(_pem(architecture.get_cert(CertLabel("interm"))), encoding="ascii")
    trust_file.write_text(_pem(architecture.get_cert(CertLabel("root"))), encoding="ascii")
    return TestPKI(
        url=url,
        architecture=architecture,
        key_file=folder / "seal.key.pem",
        cert_file=cert_file,
        chain_file=chain_file,
        trust_file=trust_file,
        server=server,
        thread=thread,
    )
