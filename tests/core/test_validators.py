"""Upload checks: each bad PDF is built for real and refused with its own message; normal PDFs are accepted."""

import contextlib
import io
import zipfile

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pikepdf import Array, Dictionary, Name, String

from core import validators
from core.validators import validate_pdf_upload

EMPTY = "The file is empty."
NOT_PDF_NAME = "The file must be a PDF (its name should end in .pdf)."
NOT_PDF = "The file is not a PDF: its contents do not start like one."
BEFORE = (
    "The file has something else before the PDF, which is not allowed: save the document again as a PDF (for example "
    "print it to PDF) and upload that."
)
AFTER = (
    "The file has something else after the end of the PDF, which is not allowed: save the document again as a PDF "
    "(for example print it to PDF) and upload that."
)
UNREADABLE = "The PDF is damaged or incomplete and cannot be read: download or save it again and upload the new copy."
ENCRYPTED = (
    "The PDF is encrypted or protected by a password, which is not allowed: save a copy without a password or "
    "encryption and upload that."
)
JAVASCRIPT = (
    "The PDF contains JavaScript, which is not allowed: save it again without scripts (for example print it to PDF) "
    "and upload that."
)
LAUNCH = (
    "The PDF contains an action that starts another program or opens another file, which is not allowed: save it "
    "again without actions (for example print it to PDF) and upload that."
)
ATTACHED = (
    "The PDF has other files attached to it, which is not allowed: upload each document as a PDF of its own, or save "
    "this one again without attachments (for example print it to PDF)."
)
DATA_ACTIONS = (
    "The PDF contains actions that send or load data, which is not allowed: save it again without form actions (for "
    "example print it to PDF) and upload that."
)
TOO_COMPLEX = (
    "The PDF is too complex for this service to check: save it again (for example print it to PDF) and upload that."
)


# Building PDFs ---------------------------------------------------------------------------------------------------


def one_page() -> pikepdf.Pdf:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    return pdf


def saved(pdf: pikepdf.Pdf, **options) -> bytes:
    buffer = io.BytesIO()
    pdf.save(buffer, **options)
    return buffer.getvalue()


def with_open_action(action: Dictionary) -> bytes:
    pdf = one_page()
    pdf.Root.OpenAction = action
    return saved(pdf)


def written_by_hand(*objects: bytes) -> bytes:
    """A PDF whose objects are written as given (object 1 is the catalogue), with a correct cross-reference table,
    for what pikepdf would tidy away when saving."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"


def a_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.txt", "not part of any letter")
    return buffer.getvalue()


def upload(content: bytes, name: str = "letter.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def refusal(content: bytes, name: str = "letter.pdf") -> tuple[list[str], list[str]]:
    with pytest.raises(ValidationError) as refused:
        validate_pdf_upload(upload(content, name))
    return refused.value.messages, [error.code for error in refused.value.error_list]


# Accepted ----------------------------------------------------------------------------------------------------------


def weasyprint_letter() -> bytes:
    from records.pdf import render_pdf

    return render_pdf("<p>A letter</p>", title="Letter", reference="")


def pypdf_letter() -> bytes:
    # The letter the grants tests upload.
    from tests.grants.test_services import letter_pdf

    return letter_pdf()


@pytest.mark.parametrize(
    "make",
    [
        lambda: saved(one_page()),
        lambda: saved(one_page(), object_stream_mode=pikepdf.ObjectStreamMode.generate),
        lambda: saved(one_page()) + b"\r\n\n \x00",
        lambda: written_by_hand(b"<< /Type /Catalog /Pages 2 0 R >>", PAGES, PAGE),
        weasyprint_letter,
        pypdf_letter,
    ],
    ids=["pikepdf", "object streams", "white space after the end", "by hand", "WeasyPrint", "pypdf"],
)
def test_a_normal_one_page_pdf_is_accepted(make):
    validate_pdf_upload(upload(make()))


def test_the_file_position_is_put_back_whatever_the_answer():
    for content in (saved(one_page()), with_open_action(Dictionary(S=Name.JavaScript, JS=String("x"))), b"junk"):
        letter = upload(content)
        letter.seek(7)
        with contextlib.suppress(ValidationError):
            validate_pdf_upload(letter)
        assert letter.tell() == 7


# Refused -----------------------------------------------------------------------------------------------------------


def encrypted(**passwords) -> bytes:
    return saved(one_page(), encryption=pikepdf.Encryption(**passwords))


def attached() -> bytes:
    pdf = one_page()
    pdf.attachments["budget.xlsx"] = pikepdf.AttachedFileSpec(pdf, b"PK\x03\x04 a spreadsheet", mime_type="text/plain")
    return saved(pdf)


def attachment_annotation() -> bytes:
    pdf = one_page()
    pdf.pages[0].Annots = pdf.make_indirect(
        Array([Dictionary(Type=Name.Annot, Subtype=Name.FileAttachment, Rect=Array([0, 0, 20, 20]))])
    )
    return saved(pdf)


def page_script() -> bytes:
    pdf = one_page()
    pdf.pages[0].AA = Dictionary(O=Dictionary(S=Name.JavaScript, JS=String("app.alert(1)")))
    return saved(pdf)


def document_scripts() -> bytes:
    pdf = one_page()
    script = pdf.make_indirect(Dictionary(S=Name.JavaScript, JS=String("app.alert(1)")))
    pdf.Root.Names = Dictionary(JavaScript=Dictionary(Names=Array([String("greeting"), script])))
    return saved(pdf)


def script_in_an_object_stream() -> bytes:
    pdf = one_page()
    pdf.Root.OpenAction = pdf.make_indirect(Dictionary(S=Name.JavaScript, JS=String("app.alert(1)")))
    return saved(pdf, object_stream_mode=pikepdf.ObjectStreamMode.generate)


def script_and_attachment() -> bytes:
    pdf = one_page()
    pdf.Root.OpenAction = Dictionary(S=Name.JavaScript, JS=String("app.alert(1)"))
    pdf.attachments["note.txt"] = pikepdf.AttachedFileSpec(pdf, b"hello")
    return saved(pdf)


@pytest.mark.parametrize(
    ("make", "messages", "codes"),
    [
        (lambda: b"", [EMPTY], ["empty_file"]),
        (lambda: b"<html>not a letter</html>", [NOT_PDF], ["not_pdf"]),
        # An HTML page with a PDF after it: a browser and a PDF reader each see a different document.
        (lambda: b"<html><body>Hello</body></html>\n" + saved(one_page()), [BEFORE], ["data_before_pdf"]),
        (lambda: b"\xef\xbb\xbf" + saved(one_page()), [BEFORE], ["data_before_pdf"]),
        # A PDF with a ZIP after it: a reader shows the letter, an unzipper finds something else.
        (lambda: saved(one_page()) + a_zip(), [AFTER], ["data_after_pdf"]),
        (lambda: saved(one_page()) + b"\n<script>alert(1)</script>\n", [AFTER], ["data_after_pdf"]),
        (lambda: saved(one_page())[:200], [UNREADABLE], ["unreadable_pdf"]),
        (lambda: saved(one_page())[:-30] + b"\n%%EOF\n", [UNREADABLE], ["unreadable_pdf"]),
        (lambda: b"%PDF-1.7\n%%EOF\n", [UNREADABLE], ["unreadable_pdf"]),
        (lambda: b"%PDF-1.7\n" + b"garbage " * 100, [UNREADABLE], ["unreadable_pdf"]),
        # A broken cross-reference table, which a reader could repair (and this check does not).
        (lambda: saved(one_page()).replace(b"startxref\n", b"startxref\n9"), [UNREADABLE], ["unreadable_pdf"]),
        (lambda: encrypted(user="", owner="owner-secret"), [ENCRYPTED], ["encrypted_pdf"]),
        (lambda: encrypted(user="user-secret", owner="owner-secret"), [ENCRYPTED], ["encrypted_pdf"]),
        (
            lambda: with_open_action(Dictionary(S=Name.JavaScript, JS=String("app.alert(1)"))),
            [JAVASCRIPT],
            ["pdf_javascript"],
        ),
        (page_script, [JAVASCRIPT], ["pdf_javascript"]),
        (document_scripts, [JAVASCRIPT], ["pdf_javascript"]),
        (script_in_an_object_stream, [JAVASCRIPT], ["pdf_javascript"]),
        # A /JS entry without an /S saying what it is, deep inside an annotation.
        (
            lambda: written_by_hand(
                b"<< /Type /Catalog /Pages 2 0 R >>",
                PAGES,
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Annots [<< /Subtype /Widget "
                b"/Rect [0 0 1 1] /A << /JS (app.alert(1)) >> >>] >>",
            ),
            [JAVASCRIPT],
            ["pdf_javascript"],
        ),
        # Names written with #-escapes are still the same names.
        (
            lambda: written_by_hand(
                b"<< /Type /Catalog /Pages 2 0 R /OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >> >>",
                PAGES,
                PAGE,
            ),
            [JAVASCRIPT],
            ["pdf_javascript"],
        ),
        # An object nothing refers to is looked at too.
        (
            lambda: written_by_hand(
                b"<< /Type /Catalog /Pages 2 0 R >>", PAGES, PAGE, b"<< /S /JavaScript /JS (app.alert(1)) >>"
            ),
            [JAVASCRIPT],
            ["pdf_javascript"],
        ),
        (
            lambda: with_open_action(Dictionary(S=Name.Launch, F=String("C:\\Windows\\System32\\calc.exe"))),
            [LAUNCH],
            ["pdf_launch"],
        ),
        (attached, [ATTACHED], ["pdf_embedded_files"]),
        (attachment_annotation, [ATTACHED], ["pdf_embedded_files"]),
        (
            lambda: with_open_action(Dictionary(S=Name.SubmitForm, F=String("https://example.com/collect"))),
            [DATA_ACTIONS],
            ["pdf_data_actions"],
        ),
        (
            lambda: with_open_action(Dictionary(S=Name.ImportData, F=String("answers.fdf"))),
            [DATA_ACTIONS],
            ["pdf_data_actions"],
        ),
        (script_and_attachment, [JAVASCRIPT, ATTACHED], ["pdf_javascript", "pdf_embedded_files"]),
    ],
    ids=[
        "empty",
        "not a PDF",
        "HTML before the PDF",
        "a byte-order mark before the PDF",
        "a ZIP after the PDF",
        "a script after the PDF",
        "cut short",
        "cut short with an end marker",
        "only an end marker",
        "no structure",
        "broken cross-references",
        "encrypted with an empty user password",
        "protected by a password",
        "JavaScript run on opening",
        "JavaScript on a page action",
        "the document's JavaScript name tree",
        "JavaScript in an object stream",
        "a JS entry in an annotation",
        "escaped names",
        "JavaScript in an unreferenced object",
        "a launch action",
        "an attached file",
        "a file attachment annotation",
        "a submit-form action",
        "an import-data action",
        "JavaScript and an attached file",
    ],
)
def test_a_bad_pdf_is_refused_with_its_own_message(make, messages, codes):
    assert refusal(make()) == (messages, codes)


def test_the_name_must_end_in_pdf():
    assert refusal(saved(one_page()), name="letter.docx") == ([NOT_PDF_NAME], ["not_pdf_name"])


def test_a_file_larger_than_the_limit_is_refused_by_its_size(settings):
    settings.UPLOAD_MAX_BYTES = 1024
    assert refusal(b"%PDF-1.4\n" + b"0" * 2048) == (
        ["The file is 2.0\xa0KB; the largest allowed is 1.0\xa0KB."],
        ["too_large"],
    )


class UnsizedStream(io.BytesIO):
    """A file that does not say how large it is, and counts what is read from it."""

    name = "letter.pdf"
    size = None

    def __init__(self, content: bytes):
        super().__init__(content)
        self.bytes_read = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.bytes_read += len(chunk)
        return chunk


def test_a_file_that_does_not_give_its_size_is_read_no_further_than_the_limit(settings):
    settings.UPLOAD_MAX_BYTES = 200 * 1024
    letter = UnsizedStream(saved(one_page()) + b" " * (300 * 1024))
    with pytest.raises(ValidationError) as refused:
        validate_pdf_upload(letter)
    assert refused.value.messages == ["The file is larger than 200.0\xa0KB, the largest allowed."]
    assert refused.value.code == "too_large"
    assert letter.bytes_read == 200 * 1024 + 1
    assert letter.tell() == 0

    validate_pdf_upload(UnsizedStream(saved(one_page())))


def test_the_work_of_checking_is_bounded(monkeypatch):
    pdf = one_page()
    pdf.Root.Many = Array([pdf.make_indirect(Dictionary(Number=number)) for number in range(50)])
    content = saved(pdf)

    monkeypatch.setattr(validators, "MAX_OBJECTS", 20)
    assert refusal(content) == ([TOO_COMPLEX], ["pdf_too_complex"])

    monkeypatch.setattr(validators, "MAX_OBJECTS", 1000)
    monkeypatch.setattr(validators, "MAX_VALUES", 100)
    assert refusal(content) == ([TOO_COMPLEX], ["pdf_too_complex"])

    monkeypatch.setattr(validators, "MAX_VALUES", 10_000)
    validate_pdf_upload(upload(content))
