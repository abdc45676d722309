"""Fixtures of the records tests: the loopback test PKI (made once per session) and sealing with it."""

import pytest

from tests.records.pki import start_pki


@pytest.fixture(scope="session")
def test_pki(tmp_path_factory):
    """A root CA, an issuing CA with the seal's certificate, OCSP, CRLs and a time-stamp authority on 127.0.0.1."""
    pki = start_pki(tmp_path_factory.mktemp("pki"))
    yield pki
    pki.stop()


def long_term_settings(pki, *, tsa_url: str | None = None) -> dict:
    """The settings that seal with the test PKI's certificate and its time-stamp authority (PAdES B-LTA)."""
    return {
        "SIGNING_KEY_FILE": pki.key_file,
        "SIGNING_CERT_FILE": pki.cert_file,
        "SIGNING_KEY_PASSPHRASE": "",
        "SIGNING_CHAIN_FILE": str(pki.chain_file),
        "SIGNING_TRUST_FILE": str(pki.trust_file),
        "SIGNING_TSA_URL": tsa_url or pki.tsa_url,
    }


@pytest.fixture
def sealing_with_pki(settings, test_pki):
    """Seal with the test PKI for the test, fetching validation data afresh."""
    from records.signing import forget_validation_data

    for name, value in long_term_settings(test_pki).items():
        setattr(settings, name, value)
    forget_validation_data()
    yield test_pki
    forget_validation_data()
