"""Every sealed PDF of the demo, as signed, is tagged and archival: structural checks with pikepdf (no veraPDF here).

For each file: a structure tree whose headings follow the form's sections (read back from the marked content they
point at), tables with header cells that data cells refer to, the tick marks as figures with a text alternative,
page headers and footers as pagination artifacts, the signature's widget inside the tree, ``/Lang`` en-GB,
``DisplayDocTitle``, ``/MarkInfo /Marked``, the sRGB output intent, every font embedded, and the PDF/UA-1 and PDF/A-3u
identification in the XMP metadata (with the extension schema PDF/A asks for); and all of it in the revision the
seal signed, so it is still true after signing.
"""

import io
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

import pikepdf
import pytest
from django.test import override_settings
from pypdf import PdfReader

from decisions.choices import Part
from decisions.models import Decision
from records.models import SealedDocument

pytestmark = pytest.mark.django_db

HEADING = re.compile(r"^/H[1-6]$")


@dataclass
class Tagged:
    """A PDF opened with pikepdf, its structure tree walked once, and the text of each marked-content sequence."""

    data: bytes

    @cached_property
    def pdf(self) -> pikepdf.Pdf:
        return pikepdf.open(io.BytesIO(self.data))

    @cached_property
    def elements(self) -> list[pikepdf.Dictionary]:
        """Every structure element, in document order."""
        found = []

        def walk(node):
            if isinstance(node, pikepdf.Array):
                for kid in node:
                    walk(kid)
            elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
                found.append(node)
                if "/K" in node:
                    walk(node.K)

        walk(self.pdf.Root.StructTreeRoot.K)
        return found

    @cached_property
    def marked_text(self) -> dict[tuple[int, int], str]:
        """(page object number, MCID) → the text shown inside that marked-content sequence."""
        reader = PdfReader(io.BytesIO(self.data))
        texts: dict[tuple[int, int], str] = defaultdict(str)
        for page in reader.pages:
            number = page.indirect_reference.idnum
            current: list[int | None] = [None]

            def before(operator, operands, cm, tm, current=current):
                if operator == b"BDC" and len(operands) > 1 and hasattr(operands[1], "get"):
                    current[0] = operands[1].get("/MCID")
                elif operator == b"EMC":
                    current[0] = None

            def text(chunk, cm, tm, font, size, number=number, current=current):
                if current[0] is not None:
                    texts[(number, current[0])] += chunk

            page.extract_text(visitor_operand_before=before, visitor_text=text)
        return texts

    def text_of(self, element) -> str:
        """The text an element's marked content shows, its descendants' included."""
        parts: list[str] = []

        def collect(node, page):
            if isinstance(node, pikepdf.Array):
                for kid in node:
                    collect(kid, page)
            elif isinstance(node, int):
                parts.append(self.marked_text.get((page, node), ""))
            elif isinstance(node, pikepdf.Dictionary):
                own_page = node.Pg.objgen[0] if "/Pg" in node else page
                if "/MCID" in node:
                    parts.append(self.marked_text.get((own_page, int(node.MCID)), ""))
                elif "/K" in node:
                    collect(node.K, own_page)

        collect(element.get("/K"), element.Pg.objgen[0] if "/Pg" in element else None)
        return " ".join(" ".join(parts).split())

    @property
    def headings(self) -> list[tuple[int, str]]:
        return [(int(str(e.S)[2]), self.text_of(e)) for e in self.elements if HEADING.match(str(e.S))]

    def of_type(self, tag: str) -> list[pikepdf.Dictionary]:
        return [e for e in self.elements if str(e.S) == tag]


def _sealed_files(sealed_root):
    with override_settings(SEALED_ROOT=sealed_root):
        for document in SealedDocument.objects.select_related("decision").order_by("decision__reference", "variant"):
            with document.file.open("rb") as handle:
                yield document, Tagged(handle.read())


@pytest.fixture(scope="module")
def sealed_files(demo_db, django_db_blocker, sealed_root):
    with django_db_blocker.unblock():
        files = list(_sealed_files(sealed_root))
    assert len(files) >= 3
    return files


def test_every_sealed_pdf_declares_its_language_title_and_standards(sealed_files):
    for document, tagged in sealed_files:
        root = tagged.pdf.Root
        assert str(root.Lang) == "en-GB", document
        assert bool(root.ViewerPreferences.DisplayDocTitle), document
        assert bool(root.MarkInfo.Marked), document
        assert "/StructTreeRoot" in root, document
        meta = tagged.pdf.open_metadata()
        assert meta.get("pdfuaid:part") == "1", document
        assert (meta.get("pdfaid:part"), meta.get("pdfaid:conformance")) == ("3", "U"), document
        assert meta.get("dc:title") == str(tagged.pdf.docinfo.Title), document
        # PDF/A's extension schema for the PDF/UA identification (as signing rewrote it), and document information
        # that agrees with the XMP.
        xmp = bytes(root.Metadata.read_bytes())
        assert b'pdfaSchema:prefix="pdfuaid"' in xmp or b"<pdfaSchema:prefix>pdfuaid<" in xmp, document
        assert str(tagged.pdf.docinfo.get("/Producer", meta.get("pdf:Producer"))) == meta.get("pdf:Producer"), document
        assert meta.get("dc:description") == str(tagged.pdf.docinfo.Subject), document
        assert meta.get("pdf:Keywords") == str(tagged.pdf.docinfo.Keywords), document
        intents = root.OutputIntents
        assert any(str(intent.S) == "/GTS_PDFA1" and "/DestOutputProfile" in intent for intent in intents), document
        assert "/Encrypt" not in tagged.pdf.trailer and "/JavaScript" not in root.get("/Names", {}), document


def test_every_font_is_embedded(sealed_files):
    for document, tagged in sealed_files:
        for page in tagged.pdf.pages:
            for font in page.Resources.Font.values():
                descendants = font.DescendantFonts if "/DescendantFonts" in font else [font]
                for descendant in descendants:
                    descriptor = descendant.FontDescriptor
                    assert any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")), document


def test_the_headings_follow_the_forms_sections(sealed_files):
    for document, tagged in sealed_files:
        decision: Decision = document.decision
        headings = tagged.headings
        levels = [level for level, _text in headings]
        # One title, and no level skipped on the way down.
        assert levels[0] == 1 and levels.count(1) == 1, (document, headings)
        assert all(after <= before + 1 for before, after in itertools.pairwise(levels)), headings
        title = headings[0][1]
        assert title.startswith(("DMPC Decision – ", "PCC Decision – ")) and decision.reference in title
        printed = [text for level, text in headings if level == 3]
        parts = [Part.PART_1, Part.PART_2] if document.variant == "complete" else [Part.PART_1]
        expected = [
            f"{section.position}. {section.heading}"
            for section in decision.sections.filter(part__in=parts).order_by("part", "position")
        ]
        position = 0
        for heading in expected:
            assert heading in printed[position:], (document, heading, printed)
            position = printed.index(heading, position) + 1
        assert "Signing certificate" in [text for level, text in headings if level == 2], document


def test_tables_have_header_cells_that_data_cells_point_to(sealed_files):
    for document, tagged in sealed_files:
        tables = tagged.of_type("/Table")
        assert tables, document
        header_ids = {str(th.ID) for th in tagged.of_type("/TH") if "/ID" in th}
        assert header_ids, document
        cells = tagged.of_type("/TD")
        assert cells and all(
            {str(header) for header in cell.A.Headers} <= header_ids and len(cell.A.Headers) for cell in cells
        ), document


def test_the_tick_marks_have_a_text_alternative(sealed_files):
    for document, tagged in sealed_files:
        ticked = document.decision.declarations.filter(confirmed=True, confirmed_on__isnull=True).count()
        if document.decision.form_type == "mopac_pcd":
            ticked = document.decision.declarations.filter(confirmed=True).count()
        figures = tagged.of_type("/Figure")
        assert len(figures) == ticked, document
        assert all(str(figure.Alt) == "Ticked" for figure in figures), document


def test_page_headers_and_footers_are_artifacts(sealed_files):
    for document, tagged in sealed_files:
        in_tree = {element.objgen for element in tagged.elements}
        numbers = tagged.pdf.Root.StructTreeRoot.ParentTree.Nums
        for index, page in enumerate(tagged.pdf.pages):
            operations = pikepdf.parse_content_stream(page)
            marks = [op for op in operations if op.operator == pikepdf.Operator("BDC")]
            artifacts = [op for op in marks if op.operands[0] == "/Artifact"]
            assert len(artifacts) >= 2, (document, index)  # the reference above, "Page X of Y" below
            # Every marked-content sequence left is one the structure tree points at.
            mapping = numbers[2 * index + 1]
            for op in operations:
                if op.operator == pikepdf.Operator("BDC") and op.operands[0] != "/Artifact":
                    element = mapping[int(op.operands[1].MCID)]
                    assert element.objgen in in_tree, (document, index)
        footer = " ".join(tagged.text_of(e) for e in tagged.elements)
        assert "Page 1 of" not in footer, document


def test_the_seal_is_a_tagged_invisible_field_in_the_revision_the_seal_signed(sealed_files):
    from pyhanko.pdf_utils.reader import PdfFileReader

    for document, tagged in sealed_files:
        forms = tagged.of_type("/Form")
        assert len(forms) == 1 and str(forms[0].Alt) == "The organisation's seal", document
        widget = forms[0].K[0].Obj
        assert str(widget.T) == "OrganisationSeal" and list(widget.Rect) == [0, 0, 0, 0], document
        assert int(widget.F) & 4, document  # printable, as PDF/A asks
        for page in tagged.pdf.pages:
            for annotation in page.get("/Annots", []):
                assert annotation.objgen == widget.objgen, document
        # The tags, the language and the identification are in what the seal covers: it signs the whole first
        # revision, which is the rendered file with its field filled in.
        seal = PdfFileReader(io.BytesIO(tagged.data)).embedded_signatures[0]
        *_, last_offset, last_length = seal.sig_object["/ByteRange"]
        signed = pikepdf.open(io.BytesIO(tagged.data[: last_offset + last_length]))
        assert "/StructTreeRoot" in signed.Root and signed.open_metadata().get("pdfuaid:part") == "1", document
        assert str(signed.Root.Lang) == "en-GB", document


def test_the_seal_field_stands_outside_the_compressed_objects_so_sealing_reads_it_directly(sealed_files):
    # The rendered file is the signed file's first revision. Its other small objects share one compressed object
    # stream, which a reader walks from the start to find one object; the field sealing fills is written on its own.
    from records.signing import SIGNATURE_FIELD

    for document, tagged in sealed_files:
        rendered = PdfReader(io.BytesIO(tagged.data[: tagged.data.index(b"%%EOF") + 5]))
        (field,) = [
            reference
            for reference in rendered.trailer["/Root"]["/AcroForm"]["/Fields"]
            if reference.get_object()["/T"] == SIGNATURE_FIELD
        ]
        assert rendered.xref_objStm, document  # the rest is compressed
        assert field.idnum not in rendered.xref_objStm, document
