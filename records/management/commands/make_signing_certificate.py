"""``manage.py make_signing_certificate``: a self-signed key and certificate for sealing PDFs in development.

Production uses the organisation's own certificate: set SIGNING_KEY_FILE, SIGNING_CERT_FILE (PEM) and, if the
key is encrypted, SIGNING_KEY_PASSPHRASE.
"""

import datetime as dt
import os

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

DOCUMENT_SIGNING = x509.ObjectIdentifier("1.3.6.1.4.1.311.10.3.12")


class Command(BaseCommand):
    help = "Create a self-signed development key and certificate for sealing decision PDFs."

    def add_arguments(self, parser):
        parser.add_argument("--if-missing", action="store_true", help="Do nothing when both files exist.")
        parser.add_argument("--force", action="store_true", help="Replace existing files.")
        parser.add_argument("--organisation", default="Policing Grant Decisions (development)")

    def handle(self, *args, if_missing: bool, force: bool, organisation: str, **options):
        key_file, cert_file = settings.SIGNING_KEY_FILE, settings.SIGNING_CERT_FILE
        exists = key_file.exists() and cert_file.exists()
        if exists and if_missing:
            if options["verbosity"]:
                self.stdout.write(f"Signing certificate already present: {cert_file}")
            return
        if (key_file.exists() or cert_file.exists()) and not force:
            raise CommandError(f"{key_file} or {cert_file} exists; pass --force to replace them.")
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name(
            [
                x509.NameAttribute(NameOID.COUNTRY_NAME, "GB"),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
                x509.NameAttribute(NameOID.COMMON_NAME, f"{organisation} decision seal"),
            ]
        )
        now = dt.datetime.now(dt.UTC)
        certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=5 * 365))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=True,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=True,
                    crl_sign=False,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(
                x509.ExtendedKeyUsage([DOCUMENT_SIGNING, ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
            )
            .sign(key, hashes.SHA256())
        )
        key_file.parent.mkdir(parents=True, exist_ok=True)
        cert_file.parent.mkdir(parents=True, exist_ok=True)
        key_bytes = key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(key_bytes)
        cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
        self.stdout.write(
            self.style.SUCCESS(f"Development signing certificate written to {cert_file} (key: {key_file}).")
        )
