"""The decision PDFs: the demo forms read back page by page, drafts, Part 2, and nothing ever fetched."""

import io
import socket
from dataclasses import dataclass
from functools import cached_property

import pytest
from django.test import override_settings
from pypdf import PdfReader

from decisions.choices import Part, SectionKind
from decisions.content import decision_content_hash
from decisions.models import Decision, SupportingPaper
from forces.models import AgreementSignatory
from records import pdf
from records.models import DocumentVariant, SealedDocument
from tests.factories import DecisionFactory, ParagraphFactory, SectionFactory

A4_POINTS = (595.28, 841.89)
LANCASHIRE_PART_II_SENTENCE = "Lancashire Constabulary have signed a statement of intent to on-board to the service"


def flat(text: str) -> str:
    """Text with every run of whitespace (line breaks included) as one space, to match across wrapped lines."""
    return " ".join(text.split())


@dataclass(frozen=True)
class Rendered:
    """A PDF and its text, page by page (read once: extracting text is most of what these tests cost)."""

    data: bytes

    @property
    def reader(self) -> PdfReader:
        return PdfReader(io.BytesIO(self.data))

    @cached_property
    def pages(self) -> list[str]:
        return [flat(page.extract_text()) for page in self.reader.pages]

    @cached_property
    def text(self) -> str:
        return " ".join(self.pages)


@dataclass(frozen=True)
class Signatory:
    party: str
    signed_by: str
    witness_name: str
    witness_address: str
    witness_occupation: str


@dataclass(frozen=True)
class Demo:
    pcd_1838: Rendered
    pcd_1838_sign_offs: list[tuple[str, str, str]]  # printed name, date as printed, content hash
    pcd_1838_content_hash: str
    pcd_1838_recommendation: str
    lancashire_complete: Rendered
    lancashire_part_1: Rendered
    lancashire_signatories: list[Signatory]


# Every test here reads the database, so the test database is set up even when one test runs alone.
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(demo_db, django_db_blocker, sealed_root) -> Demo:
    """The demo database's decisions as they were sealed: the stored PDFs, read once for the module."""

    def sealed(decision: Decision, variant: str) -> Rendered:
        document = SealedDocument.objects.get(decision=decision, variant=variant)
        with document.file.open("rb") as handle:
            return Rendered(handle.read())

    with django_db_blocker.unblock(), override_settings(SEALED_ROOT=sealed_root):
        pcd = Decision.objects.select_related("policing_body").get(reference="PCD 1838")
        lancashire = Decision.objects.select_related("policing_body").get(reference="LANC 2019/07")
        signatories = AgreementSignatory.objects.filter(agreement__plans__decisions=lancashire).distinct()
        result = Demo(
            pcd_1838=sealed(pcd, DocumentVariant.PART_1),
            pcd_1838_sign_offs=[
                (s.printed_name, s.signed_on.strftime("%d/%m/%Y"), s.content_hash)
                for s in pcd.sign_offs.filter(voided_at__isnull=True).order_by("signed_on")
            ],
            pcd_1838_content_hash=decision_content_hash(pcd),
            pcd_1838_recommendation=pcd.recommendations.get(position=1).text,
            lancashire_complete=sealed(lancashire, DocumentVariant.COMPLETE),
            lancashire_part_1=sealed(lancashire, DocumentVariant.PART_1),
            lancashire_signatories=[
                Signatory(s.party, s.signed_by_name, s.witness_name, s.witness_address, s.witness_occupation)
                for s in signatories
            ],
        )
    return result


def assert_in_order(text: str, needles: list[str]) -> None:
    position = 0
    for needle in needles:
        found = text.find(needle, position)
        assert found >= 0, f"{needle!r} missing, or out of order after {text[max(0, position - 80) : position]!r}"
        position = found + len(needle)


# --- PCD 1838 -----------------------------------------------------------------------------------------------------


def test_pcd_1838_prints_the_whole_form_in_the_order_of_the_published_form(demo):
    assert_in_order(
        demo.pcd_1838.text,
        [
            "DMPC Decision – PCD 1838",
            "Title: Changes to the National Policing Programme Grant Agreement for 685",
            "Executive Summary:",
            "Recommendation:",
            "The Deputy Mayor for Policing and Crime is recommended to:",
            f"1. {demo.pcd_1838_recommendation}",
            "Deputy Mayor for Policing and Crime",
            "I confirm I have considered whether or not I have any personal or prejudicial interest",
            "The above request has my approval.",
            "Interests recorded: None",
            "Signature",
            "Date 08/04/2025",
            "PART I - NON-CONFIDENTIAL FACTS AND ADVICE TO THE DMPC",
            "1. Introduction and background",
            "1.1. The DPC is a Tier 1",
            "2. Issues for consideration",
            "2.1. The decision to accept the grant of £20.698m",
            "a. Starting the process of onboarding",
            "b. Delivering",
            "c. Extending the coverage of the AI Operator Assist",
            "d. Extending the coverage of the MyPolice Portal",
            "2.2.",
            "3. Financial Comments",
            "4. Legal Comments",
            "(2) That includes—",
            "5. GDPR and Data Privacy",
            "6. Equality Comments",
            "7. Background/supporting papers",
            "7.1. 685 Digital Public Contact Grant Variation Letter 2024/25",
            "7.2. Digital Public Contact (DPC) Programme Grant for 2024/2025 (PCD 1763)",
            "Public access to information",
            "Information in this form (Part 1) is subject to the Freedom of Information Act 2000",
            "Part 1 Deferral:",
            "Is the publication of Part 1 of this approval to be deferred? NO",
            "If yes, for what reason:",
            "Until what date:",
            "Part 2 Confidentiality:",
            "Is there a Part 2 form – NO",
            "ORIGINATING OFFICER DECLARATION",
            "Tick to confirm statement (✓)",
            "Financial Advice:",
            "Director/Head of Service:",
            "Chief Executive Officer",
            "I have been consulted about the proposal",
            "Date 07/04/2025",
            "Signing certificate",
        ],
    )


def test_pcd_1838_carries_the_figures_the_signers_and_the_dates(demo):
    text = demo.pcd_1838.text
    for figure in ("£1.87m", "£20.698m", "£22.568m"):
        assert figure in text
    assert len(demo.pcd_1838_sign_offs) == 2
    for name, signed_on, _hash in demo.pcd_1838_sign_offs:
        assert name in text
        assert signed_on in text
    assert {signed_on for _name, signed_on, _hash in demo.pcd_1838_sign_offs} == {"07/04/2025", "08/04/2025"}
    # Every originating officer declaration is ticked, and the tick is drawn with DejaVu Sans, which has the glyph.
    assert text.count("✓") >= 8
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in demo.pcd_1838.reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert any("DejaVu-Sans" in font for font in fonts)
    assert any("Liberation-Sans" in font for font in fonts)


def test_pcd_1838_pages_are_a4_with_the_reference_and_page_x_of_y_on_each(demo):
    pages = demo.pcd_1838.pages
    count = len(pages)
    assert count >= 3
    for number, page_text in enumerate(pages, start=1):
        assert "PCD 1838" in page_text
        assert f"Page {number} of {count}" in page_text
        assert "CONFIDENTIAL – PART 2" not in page_text
        assert "DRAFT" not in page_text
    for page in demo.pcd_1838.reader.pages:
        assert float(page.mediabox.width) == pytest.approx(A4_POINTS[0], abs=1)
        assert float(page.mediabox.height) == pytest.approx(A4_POINTS[1], abs=1)


def test_the_last_pages_are_the_signing_certificate_with_each_signature_and_the_content_hash(demo):
    # Changed with #13: the certificate now also describes the seal and how to check it, and runs onto a second page.
    pages = demo.pcd_1838.pages
    first = next(index for index, page in enumerate(pages) if page.startswith("Signing certificate"))
    certificate = " ".join(pages[first:])
    assert "Signing certificate" in certificate
    for name, signed_on, content_hash in demo.pcd_1838_sign_offs:
        assert name in certificate and signed_on in certificate
        assert content_hash in certificate.replace(" ", "")
    assert "Chief Executive consultation" in certificate and "DMPC approval" in certificate
    # The demo's sign-offs were recorded from the signed paper form: no time of signing exists.
    assert "recorded from a signed paper form" in certificate
    assert "The above request has my approval." in certificate
    assert demo.pcd_1838_content_hash in certificate.replace(" ", "")
    assert "sealed with the organisation's digital signature" in certificate
    assert "“Check a PDF” page" in certificate
    assert "Signing certificate" not in " ".join(pages[:first])
    assert first >= len(pages) - 2


def test_the_document_information_names_the_decision(demo):
    metadata = demo.pcd_1838.reader.metadata
    assert metadata.title.startswith("PCD 1838 – Changes to the National Policing Programme Grant Agreement")
    assert metadata["/Keywords"] == "PCD 1838"
    assert metadata["/Reference"] == "PCD 1838"


# --- The Lancashire PCC form --------------------------------------------------------------------------------------


def test_the_complete_lancashire_form_has_part_ii_and_the_s22a_signature_blocks(demo):
    document = demo.lancashire_complete
    text = document.text
    assert_in_order(
        text,
        [
            "PCC Decision – LANC 2019/07",
            "PART 2 – CONFIDENTIAL",
            "PART II",
            "1. Background and Advice",
            LANCASHIRE_PART_II_SENTENCE,
            "2. Links to the Police and Crime Plan",
            "3. Consultation",
            "4. Implications",
            "a. Risks",
            "b. Legal",
            "c. Financial",
            "£102K to £180K per annum",
            "d. Equality considerations",
            "5. Background Papers",
            "Appendix A",
            "6. Public access to information",
            "Information in this form is subject to the Freedom of Information Act 2000 and other legislation.",
            "Officer declaration Date",
            "LEGAL IMPLICATIONS – As above",
            "(Monitoring Officer)",
            "I have been informed about the proposal",
            "Police and Crime Commissioner for Lancashire.",
            "SIGNED by",
            "Signing certificate",
        ],
    )
    for number, page_text in enumerate(document.pages, start=1):
        assert "LANC 2019/07" in page_text
        assert "CONFIDENTIAL – PART 2" in page_text
        assert f"Page {number} of {len(document.pages)}" in page_text


def test_the_s22a_blocks_print_each_signatory_and_witness_as_recorded(demo):
    assert len(demo.lancashire_signatories) == 2
    for document in (demo.lancashire_complete, demo.lancashire_part_1):
        text = document.text
        assert text.count("duly authorised to sign for and on behalf of") == 2
        assert text.count("in the presence of:") == 2
        for signatory in demo.lancashire_signatories:
            assert f"SIGNED by {signatory.signed_by}" in text
            assert signatory.party.upper() in text
        assert "(wet ink)" in text
    # The witnesses are private people: named, with their addresses and occupations, in the complete record only.
    for signatory in demo.lancashire_signatories:
        assert f"Name: {signatory.witness_name}" in demo.lancashire_complete.text
        assert f"Address: {flat(signatory.witness_address)}" in demo.lancashire_complete.text
        assert f"Occupation: {signatory.witness_occupation}" in demo.lancashire_complete.text
        assert signatory.witness_name not in demo.lancashire_part_1.text
        assert signatory.witness_address.splitlines()[0] not in demo.lancashire_part_1.text
        assert signatory.witness_occupation not in demo.lancashire_part_1.text
    assert demo.lancashire_part_1.text.count("held by the office, in the complete record, and not published") == 2


def test_the_lancashire_part_1_copy_leaves_out_every_word_of_part_ii(demo):
    document = demo.lancashire_part_1
    text = document.text
    assert LANCASHIRE_PART_II_SENTENCE not in text
    for confidential in ("Background and Advice", "£102K", "Appendix A", "Legal rationale for non-publication"):
        assert confidential not in text
    assert "Part II of this form is confidential: it is not included in this copy." in text
    assert "6. Public access to information" in text
    assert "Officer declaration" in text
    assert "I have been informed about the proposal" in text
    for page_text in document.pages:
        assert "CONFIDENTIAL – PART 2" not in page_text


# --- Drafts, Part 2 and long text ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_draft_is_marked_on_every_page_and_long_text_breaks_across_pages_without_loss():
    decision = DecisionFactory(reference="PCD 2999")
    section = SectionFactory(decision=decision, position=1, kind=SectionKind.INTRODUCTION)
    words = [f"word{n:04d}" for n in range(1, 1401)]
    ParagraphFactory(section=section, position=1, text=" ".join(words))

    document = Rendered(pdf.render_decision_pdf(decision, include_part_2=False, draft=True))

    pages = document.pages
    assert len(pages) >= 3
    for number, page_text in enumerate(pages, start=1):
        assert "DRAFT – NOT APPROVED" in page_text
        assert f"Page {number} of {len(pages)}" in page_text
    text = document.text
    assert all(word in text for word in words)
    assert "Signature not yet signed" in text
    assert "No one has signed this form yet." in pages[-1]
    assert "This is a draft." in pages[-1]


@pytest.mark.django_db
def test_part_2_and_confidential_papers_appear_only_in_the_complete_form():
    decision = DecisionFactory(reference="PCD 2998")
    public = SectionFactory(decision=decision, position=1, kind=SectionKind.INTRODUCTION)
    ParagraphFactory(section=public, position=1, text="What anyone may read.")
    papers = SectionFactory(
        decision=decision, position=2, kind=SectionKind.BACKGROUND_PAPERS, heading="Background/supporting papers"
    )
    SupportingPaper.objects.create(decision=decision, position=1, title="The published letter")
    SupportingPaper.objects.create(decision=decision, position=2, title="The negotiating brief", is_confidential=True)
    secret = SectionFactory(
        decision=decision,
        part=Part.PART_2,
        position=1,
        kind=SectionKind.OTHER,
        heading="Commercial position",
        non_publication_rationale="Section 43(2) FOIA: commercial interests.",
    )
    ParagraphFactory(section=secret, position=1, text="The supplier's best and final offer.")
    assert papers.position == 2

    public_copy = Rendered(pdf.render_decision_pdf(decision, include_part_2=False))
    complete = Rendered(pdf.render_decision_pdf(decision, include_part_2=True))

    assert "2.1. The published letter" in public_copy.text
    for confidential in ("negotiating brief", "best and final offer", "Commercial position", "PART 2 – CONFIDENTIAL"):
        assert confidential not in public_copy.text
    assert "Is there a Part 2 form – YES" in public_copy.text
    assert_in_order(
        complete.text,
        [
            "2.2. The negotiating brief (Part 2 – confidential)",
            "PART 2 – CONFIDENTIAL",
            "1. Commercial position",
            "Legal rationale for non-publication: Section 43(2) FOIA",
            "1.1. The supplier's best and final offer.",
            "Is there a Part 2 form – YES",
        ],
    )
    assert all("CONFIDENTIAL – PART 2" in page_text for page_text in complete.pages)


# --- Nothing is fetched -------------------------------------------------------------------------------------------


@pytest.fixture
def fetches(monkeypatch):
    """Every URL the renderer asks for, and every network connection attempted (each refused)."""
    asked: list[str] = []
    connections: list[object] = []
    refuse = pdf.RefusingURLFetcher.fetch

    def recording_fetch(self, url, headers=None):
        asked.append(url)
        return refuse(self, url, headers)

    def no_network(self, address):
        connections.append(address)
        raise OSError("no network in this test")

    monkeypatch.setattr(pdf.RefusingURLFetcher, "fetch", recording_fetch)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    return {"asked": asked, "connections": connections}


@pytest.mark.django_db
def test_markup_typed_into_a_form_prints_as_text_and_fetches_nothing(fetches):
    markup = '<img src="http://example.org/x.png">'
    decision = DecisionFactory(reference="PCD 2997", title='<link rel="stylesheet" href="http://example.org/s.css">')
    section = SectionFactory(decision=decision, position=1, kind=SectionKind.INTRODUCTION)
    ParagraphFactory(section=section, position=1, text=markup)

    html = pdf.render_decision_html(decision, include_part_2=False)
    document = Rendered(pdf.render_pdf(html, title=decision.title, reference=decision.reference))

    assert "&lt;img src=&quot;http://example.org/x.png&quot;&gt;" in html
    assert markup in document.text
    assert fetches["asked"] == []
    assert fetches["connections"] == []


def test_external_resources_in_the_html_are_refused_not_fetched(fetches):
    html = (
        "<html><head><style>@import url(http://example.org/i.css);"
        "@font-face { font-family: Remote; src: url(http://example.org/f.woff); }</style>"
        '<link rel="stylesheet" href="http://example.org/s.css"></head>'
        '<body><p style="font-family: Remote">Text</p><img src="http://example.org/x.png">'
        '<img src="file:///etc/hostname"></body></html>'
    )

    data = pdf.render_pdf(html, title="Test", reference="PCD 0001")

    assert "Text" in PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "http://example.org/x.png" in fetches["asked"]
    assert "file:///etc/hostname" in fetches["asked"]
    assert fetches["connections"] == []
    with pytest.raises(ValueError):
        pdf.RefusingURLFetcher()("http://example.org/x.png")
