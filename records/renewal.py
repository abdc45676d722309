"""Renewing the time-stamps of sealed PDFs (PAdES B-LTA): before the certificate of a file's last document
time-stamp expires, a new version of the file is stored with validation data for that time-stamp and a new document
time-stamp over everything. The original and every earlier version are kept; downloads serve the latest, and
verification recognises each by its SHA-256. Every earlier signature and time-stamp stays valid: the new version
only adds to the file.
"""

import datetime as dt
import logging

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify

from core.storage import sealed_storage
from records.models import SealedDocument, SealedDocumentVersion
from records.signing import add_archive_timestamp, check_signature, sha256_hex

logger = logging.getLogger(__name__)

DEFAULT_WITHIN = dt.timedelta(days=365)


def _latest_expiry():
    newest = SealedDocumentVersion.objects.filter(document=OuterRef("pk")).order_by("-number")
    return Coalesce(Subquery(newest.values("archive_timestamp_expires_at")[:1]), F("archive_timestamp_expires_at"))


def documents_due_for_renewal(*, within: dt.timedelta = DEFAULT_WITHIN, now: dt.datetime | None = None) -> QuerySet:
    """Sealed documents whose last document time-stamp's certificate expires within ``within`` of ``now``."""
    cutoff = (now or timezone.now()) + within
    return (
        SealedDocument.objects.annotate(expires=_latest_expiry())
        .filter(expires__isnull=False, expires__lt=cutoff)
        .order_by("expires", "pk")
    )


class NotExtended(Exception):
    """The authority's certificate expires no later than the time-stamp already there: renewing would not help."""


def sealed_document_renew(
    *, document: SealedDocument, within: dt.timedelta = DEFAULT_WITHIN, now: dt.datetime | None = None
) -> SealedDocumentVersion | None:
    """sealed, last time-stamp's certificate expiring within ``within`` → a new version with a new document
    time-stamp; None when it is not (or no longer) due, e.g. renewed meanwhile by another process.

    Raises NotExtended when the authority's certificate would expire no later (nothing is stored), and
    SigningNotConfigured without an authority and trust roots.
    """
    cutoff = (now or timezone.now()) + within
    with transaction.atomic():
        document = SealedDocument.objects.select_for_update().select_related("decision").get(pk=document.pk)
        latest = document.versions.order_by("-number").first()
        expires = latest.archive_timestamp_expires_at if latest else document.archive_timestamp_expires_at
        if expires is None or expires >= cutoff:
            return None
        source = latest.file if latest else document.file
        with source.open("rb") as handle:
            renewed = add_archive_timestamp(handle.read())
        stamp = renewed.archive_timestamp
        if stamp.certificate_expires_at is None or stamp.certificate_expires_at <= expires:
            raise NotExtended(
                f"{document}: the time-stamp authority's certificate expires on "
                f"{stamp.certificate_expires_at:%d/%m/%Y}, no later than the last time-stamp's; renewing would not "
                "extend it."
            )
        check = check_signature(renewed.pdf, trusted_certificates_pem=[document.certificate_pem])
        if not check.good:
            raise RuntimeError(f"{document}: the renewed file's seal does not validate ({check}); nothing stored.")
        number = (latest.number if latest else 1) + 1
        digest = sha256_hex(renewed.pdf)
        version = SealedDocumentVersion(
            document=document,
            number=number,
            sha256=digest,
            size_bytes=len(renewed.pdf),
            timestamp_at=stamp.at,
            timestamp_authority=stamp.authority[:300],
            archive_timestamp_expires_at=stamp.certificate_expires_at,
        )
        # Named apart from first seals ("renewed-…"), so that clearing a failed seal's files never touches them.
        name = f"renewed-{slugify(document.decision.reference)}-{document.variant}-v{number}-{digest[:12]}.pdf"
        version.file.save(name, ContentFile(renewed.pdf), save=False)
        try:
            with transaction.atomic():
                version.save()
        except IntegrityError:  # renewed at the same moment elsewhere: theirs stands
            sealed_storage().delete(version.file.name)
            return None
        stored = version.file.name
    logger.info("Renewed the time-stamp of %s (version %s, stored as %s)", document, number, stored)
    return version
