"""Upload checks: uploaded papers and letters must really be PDFs, not too large, and carry nothing that acts.

A letter or paper is read by people, so a PDF that runs scripts, starts programs, carries other files, sends or loads
data, is encrypted, or hides other data before or after itself is refused, each with its own message and code.
"""

import io
import re

import pikepdf
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# How much of an upload is read at a time.
CHUNK_BYTES = 64 * 1024
# Bounds on the work of checking one PDF: objects in the file, and values looked at (dictionary entries, array
# items) across them. A 20 MB letter of scanned pages has a few hundred objects, a long printed form some thousands.
MAX_OBJECTS = 200_000
MAX_VALUES = 2_000_000

# After the last %%EOF marker only white space may follow (PDF white space: NUL, tab, line feed, form feed,
# carriage return, space).
_END = re.compile(rb"[\x00\t\n\x0c\r ]*\Z")

_JAVASCRIPT = pikepdf.Name("/JavaScript")
_LAUNCH = pikepdf.Name("/Launch")
_DATA_ACTIONS = (pikepdf.Name("/SubmitForm"), pikepdf.Name("/ImportData"))
_FILE_ATTACHMENT = pikepdf.Name("/FileAttachment")
_EMBEDDED_FILE = pikepdf.Name("/EmbeddedFile")

# What a PDF may carry that is refused, in the order the messages are given.
JAVASCRIPT = "pdf_javascript"
LAUNCH = "pdf_launch"
EMBEDDED_FILES = "pdf_embedded_files"
DATA_ACTIONS = "pdf_data_actions"


def validate_pdf_upload(upload) -> None:
    """Refuse anything but a non-empty PDF within ``UPLOAD_MAX_BYTES`` that a reader can open without running or
    fetching anything, judged by content, not by name.

    Raises ``ValidationError`` with the code ``empty_file``, ``too_large``, ``not_pdf_name``, ``not_pdf``,
    ``data_before_pdf``, ``data_after_pdf``, ``unreadable_pdf``, ``encrypted_pdf``, ``pdf_too_complex``, or one or
    more of ``pdf_javascript``, ``pdf_launch``, ``pdf_embedded_files`` and ``pdf_data_actions``. The upload's file
    position is left where it was.
    """
    size = getattr(upload, "size", None)
    if size is not None and size == 0:
        raise _empty()
    limit = settings.UPLOAD_MAX_BYTES
    if size is not None and size > limit:
        raise _too_large(size, limit)
    name = getattr(upload, "name", "") or ""
    if not name.lower().endswith(".pdf"):
        raise ValidationError(_("The file must be a PDF (its name should end in .pdf)."), code="not_pdf_name")
    content = _read_at_most(upload, limit)
    if content is None:
        raise _too_large(size, limit)
    data = content.getvalue()  # shares the buffer: no second copy
    if not data:
        raise _empty()
    _check_framing(data)
    _check_content(content)


def _empty() -> ValidationError:
    return ValidationError(_("The file is empty."), code="empty_file")


def _too_large(size: int | None, limit: int) -> ValidationError:
    if size is None or size <= limit:  # the size it claimed was wrong
        return ValidationError(
            _("The file is larger than %(limit)s, the largest allowed.") % {"limit": filesizeformat(limit)},
            code="too_large",
        )
    return ValidationError(
        _("The file is %(size)s; the largest allowed is %(limit)s.")
        % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
        code="too_large",
    )


def _read_at_most(upload, limit: int) -> io.BytesIO | None:
    """The whole upload, read in chunks from its start, or ``None`` if it holds more than ``limit`` bytes (it is not
    read past that). The upload's position is put back."""
    position = upload.tell() if hasattr(upload, "tell") else None
    content = io.BytesIO()
    try:
        upload.seek(0)
        remaining = limit
        while remaining > 0:
            chunk = upload.read(min(CHUNK_BYTES, remaining))
            if not chunk:
                return content
            content.write(chunk)
            remaining -= len(chunk)
        return None if upload.read(1) else content
    finally:
        if position is not None:
            upload.seek(position)


def _check_framing(data: bytes) -> None:
    """The file is one PDF from its first byte to its last ``%%EOF``: nothing before it, nothing after it."""
    if not data.startswith(b"%PDF-"):
        if b"%PDF-" in data:
            raise ValidationError(
                _(
                    "The file has something else before the PDF, which is not allowed: save the document again as a "
                    "PDF (for example print it to PDF) and upload that."
                ),
                code="data_before_pdf",
            )
        raise ValidationError(_("The file is not a PDF: its contents do not start like one."), code="not_pdf")
    end = data.rfind(b"%%EOF")
    if end == -1:
        raise _unreadable()
    if not _END.match(data, end + len(b"%%EOF")):
        raise ValidationError(
            _(
                "The file has something else after the end of the PDF, which is not allowed: save the document "
                "again as a PDF (for example print it to PDF) and upload that."
            ),
            code="data_after_pdf",
        )


def _unreadable() -> ValidationError:
    return ValidationError(
        _("The PDF is damaged or incomplete and cannot be read: download or save it again and upload the new copy."),
        code="unreadable_pdf",
    )


def _encrypted() -> ValidationError:
    return ValidationError(
        _(
            "The PDF is encrypted or protected by a password, which is not allowed: save a copy without a password "
            "or encryption and upload that."
        ),
        code="encrypted_pdf",
    )


def _too_complex() -> ValidationError:
    return ValidationError(
        _(
            "The PDF is too complex for this service to check: save it again (for example print it to PDF) and "
            "upload that."
        ),
        code="pdf_too_complex",
    )


_REFUSED_CONTENT = {
    JAVASCRIPT: gettext_lazy(
        "The PDF contains JavaScript, which is not allowed: save it again without scripts (for example print it "
        "to PDF) and upload that."
    ),
    LAUNCH: gettext_lazy(
        "The PDF contains an action that starts another program or opens another file, which is not allowed: save "
        "it again without actions (for example print it to PDF) and upload that."
    ),
    EMBEDDED_FILES: gettext_lazy(
        "The PDF has other files attached to it, which is not allowed: upload each document as a PDF of its own, "
        "or save this one again without attachments (for example print it to PDF)."
    ),
    DATA_ACTIONS: gettext_lazy(
        "The PDF contains actions that send or load data, which is not allowed: save it again without form actions "
        "(for example print it to PDF) and upload that."
    ),
}


class _TooComplex(Exception):
    pass


def _check_content(content: io.BytesIO) -> None:
    """Open the PDF strictly (no repair of a damaged file) and refuse encryption and anything that acts."""
    content.seek(0)
    try:
        with pikepdf.open(content, attempt_recovery=False) as pdf:
            if pdf.is_encrypted:
                raise _encrypted()
            len(pdf.pages)  # the page tree must be readable
            found = _acting_content(pdf)
    except pikepdf.PasswordError:
        raise _encrypted() from None
    except _TooComplex:
        raise _too_complex() from None
    except (pikepdf.PdfError, RuntimeError, ValueError, TypeError, KeyError):
        # qpdf raises PdfError for a damaged file; the others are what a malformed structure (a page tree that is
        # not one, say) gives when pikepdf reads it.
        raise _unreadable() from None
    if found:
        raise ValidationError(
            [ValidationError(message, code=code) for code, message in _REFUSED_CONTENT.items() if code in found]
        )


def _acting_content(pdf: pikepdf.Pdf) -> set[str]:
    """The kinds of refused content anywhere in ``pdf``, found in one walk over its objects.

    Every object of the file is looked at, referenced or not, and every value directly inside it (indirect ones are
    objects of the file in their own right); the walk gives up with ``_TooComplex`` past the bounds.
    """
    objects = pdf.objects
    if len(objects) > MAX_OBJECTS:
        raise _TooComplex
    found: set[str] = set()
    budget = MAX_VALUES
    for root in (pdf.trailer, *objects):
        pending = [root]
        while pending:
            node = pending.pop()
            if isinstance(node, pikepdf.Stream):
                node = node.stream_dict
            if isinstance(node, pikepdf.Dictionary):
                found |= _refused_in(node)
            elif not isinstance(node, pikepdf.Array):
                continue
            # Counted before the values are read, so that one enormous array costs nothing to refuse.
            budget -= len(node) + 1
            if budget < 0:
                raise _TooComplex
            children = node.values() if isinstance(node, pikepdf.Dictionary) else list(node)
            pending.extend(
                child
                for child in children
                if isinstance(child, (pikepdf.Dictionary, pikepdf.Array, pikepdf.Stream)) and not child.is_indirect
            )
    return found


def _refused_in(dictionary: pikepdf.Dictionary) -> set[str]:
    """What one dictionary is or holds: a script, a launch, an attached file or an action that sends or loads data."""
    found = set()
    keys = dictionary.keys()
    # A /JS entry is a script wherever it is; /JavaScript names the document's scripts in its names dictionary.
    if "/JS" in keys or "/JavaScript" in keys:
        found.add(JAVASCRIPT)
    # /EmbeddedFiles is the name tree of attachments; /EF is a file specification that carries the file itself.
    if "/EmbeddedFiles" in keys or "/EF" in keys:
        found.add(EMBEDDED_FILES)
    action = dictionary.get("/S")
    if action == _JAVASCRIPT:
        found.add(JAVASCRIPT)
    elif action == _LAUNCH:
        found.add(LAUNCH)
    elif action in _DATA_ACTIONS:
        found.add(DATA_ACTIONS)
    if dictionary.get("/Subtype") == _FILE_ATTACHMENT or dictionary.get("/Type") == _EMBEDDED_FILE:
        found.add(EMBEDDED_FILES)
    return found
