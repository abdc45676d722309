"""Upload checks: uploaded papers and letters must really be PDFs, and not too large."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


def validate_pdf_upload(upload) -> None:
    """Refuse anything but a non-empty PDF within ``UPLOAD_MAX_BYTES``, judged by content, not by name."""
    size = getattr(upload, "size", None)
    if size is not None and size == 0:
        raise ValidationError(_("The file is empty."), code="empty_file")
    limit = settings.UPLOAD_MAX_BYTES
    if size is not None and size > limit:
        raise ValidationError(
            _("The file is %(size)s; the largest allowed is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    name = getattr(upload, "name", "") or ""
    if not name.lower().endswith(".pdf"):
        raise ValidationError(_("The file must be a PDF (its name should end in .pdf)."), code="not_pdf_name")
    position = upload.tell() if hasattr(upload, "tell") else None
    try:
        upload.seek(0)
        head = upload.read(1024)
    finally:
        if position is not None:
            upload.seek(position)
    if b"%PDF-" not in head:
        raise ValidationError(_("The file is not a PDF: its contents do not start like one."), code="not_pdf")
