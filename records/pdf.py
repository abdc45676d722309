"""Decision forms as PDFs: the MOPAC PCD form and the PCC form on A4, each ending with a signing certificate.

Rendering happens in the running process (importing WeasyPrint costs about 0.6 s, so it is imported once, here).
Nothing is ever fetched: the template carries its own CSS, the fonts come from the system, and the URL fetcher
refuses every address, so text typed into a form cannot make the renderer reach out to anything.
"""

import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import weasyprint
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone

from decisions.choices import FormType, ParagraphStyle, SectionKind, SignOffKind, SignOffMethod
from decisions.content import decision_content_hash, part_1_content_hash
from decisions.hooks import appendices_for
from decisions.models import Decision, Paragraph, Section, SignOff, SupportingPaper
from decisions.selectors import decision_form
from decisions.services import sign_off_kinds
from decisions.statements import RECOMMENDATION_INTRO, SIGN_OFF_ROLES

TEMPLATE = "records/pdf/form.html"
LONDON = ZoneInfo("Europe/London")
PAPER_RECORD_TIME = "recorded from a signed paper form"

_BLANK_LINES = re.compile(r"\n[ \t]*\n+")


class RefusingURLFetcher(weasyprint.urls.URLFetcher):
    """A URL fetcher that fetches nothing: every address is refused, and WeasyPrint leaves the resource out."""

    def __init__(self) -> None:
        # No protocol allowed, so even the inherited machinery would refuse; fetch() below refuses first.
        super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=False)

    def fetch(self, url, headers=None):
        raise ValueError(f"Decision PDFs fetch nothing; refused {url[:100]!r}")


# --- What the template is given ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class FormParagraph:
    """A paragraph as printed: its number (``2.1.``, ``a.`` or none), an optional heading, its text in blocks."""

    number: str
    heading: str
    blocks: tuple[str, ...]
    items: tuple["FormParagraph", ...] = ()


@dataclass(frozen=True)
class FormPaper:
    number: str
    title: str
    is_confidential: bool


@dataclass(frozen=True)
class FormSection:
    """A numbered section of the form with its paragraphs and, for the background papers, the papers."""

    number: str
    heading: str
    rationale: str
    paragraphs: tuple[FormParagraph, ...]
    papers: tuple[FormPaper, ...] = ()
    lists_papers: bool = False


@dataclass(frozen=True)
class CertificateEntry:
    """One active sign-off as the signing certificate states it."""

    kind: str
    printed_name: str
    printed_role: str
    statement: str
    interests: str | None
    signed_on: str
    signed_at: str
    client_address: str
    method: str
    content_hash: str
    matches_content: bool


def _blocks(text: str) -> tuple[str, ...]:
    """Text split at blank lines into the blocks printed as separate paragraphs (single newlines are kept)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return tuple(block.strip() for block in _BLANK_LINES.split(text) if block.strip()) or ("",)


def _letter(position: int) -> str:
    return f"{chr(ord('a') + (position - 1) % 26)}."


def _form_paragraph(paragraph: Paragraph) -> FormParagraph:
    items = tuple(_form_paragraph(item) for item in paragraph.items.all())
    return FormParagraph(paragraph.number, paragraph.heading, _blocks(paragraph.text), items)


def _paper_number(section: Section, index: int) -> str:
    if section.paragraph_style == ParagraphStyle.NUMBERED:
        return f"{section.position}.{index}."
    if section.paragraph_style == ParagraphStyle.LETTERED:
        return _letter(index)
    return ""


def _form_section(section: Section, papers: list[SupportingPaper] | None) -> FormSection:
    paragraphs = tuple(_form_paragraph(paragraph) for paragraph in section.top_paragraphs)
    listed = tuple(
        FormPaper(_paper_number(section, len(paragraphs) + index), paper.title, paper.is_confidential)
        for index, paper in enumerate(papers or (), start=1)
    )
    return FormSection(
        number=f"{section.position}.",
        heading=section.heading,
        rationale=section.non_publication_rationale,
        paragraphs=paragraphs,
        papers=listed,
        lists_papers=papers is not None,
    )


def _form_sections(
    part_1: list[Section], part_2: list[Section], papers: list[SupportingPaper]
) -> tuple[list[FormSection], list[FormSection]]:
    """Both parts as printed; the papers go under the first background-papers section shown, or a section of
    their own at the end of Part 1 when the form has none."""
    papers_placed = False
    parts: list[list[FormSection]] = []
    for sections in (part_1, part_2):
        printed = []
        for section in sections:
            lists_papers = section.kind == SectionKind.BACKGROUND_PAPERS and not papers_placed
            papers_placed = papers_placed or lists_papers
            printed.append(_form_section(section, papers if lists_papers else None))
        parts.append(printed)
    if papers and not papers_placed:
        position = max((section.position for section in part_1), default=0) + 1
        listed = tuple(
            FormPaper(f"{position}.{index}.", paper.title, paper.is_confidential)
            for index, paper in enumerate(papers, start=1)
        )
        parts[0].append(FormSection(f"{position}.", "Background/supporting papers", "", (), listed, True))
    return parts[0], parts[1]


def _signed_at(sign_off: SignOff) -> str:
    if sign_off.signed_at is None:
        return PAPER_RECORD_TIME if sign_off.method == SignOffMethod.PAPER_RECORD else "not recorded"
    return timezone.localtime(sign_off.signed_at, LONDON).strftime("%d/%m/%Y %H:%M:%S %Z (Europe/London)")


def _signed_hash(sign_off: SignOff, *, part_1_only: bool) -> str:
    """The hash of what the signer signed: of its Part 1 only, in a copy without Part 2."""
    if sign_off.revision_id is None:
        # Recorded before revisions were kept: the hash of the whole form is all there is, and it is not published.
        return "" if part_1_only else sign_off.content_hash
    return sign_off.revision.part_1_sha256 if part_1_only else sign_off.revision.sha256


def _certificate(sign_offs: list[SignOff], content_hash: str, *, part_1_only: bool) -> list[CertificateEntry]:
    """Each signature as the certificate page states it. The copy without Part 2 (the one published) leaves out the
    signers' addresses and gives the hash of Part 1 only, so it holds no personal data beyond names and roles and
    cannot be used to test guesses of the confidential text."""
    deciding = (SignOffKind.DMPC, SignOffKind.PCC)
    entries = []
    for sign_off in sign_offs:
        signed_hash = _signed_hash(sign_off, part_1_only=part_1_only)
        entries.append(
            CertificateEntry(
                kind=sign_off.get_kind_display(),
                printed_name=sign_off.printed_name,
                printed_role=sign_off.printed_role,
                statement=sign_off.statement,
                interests=(sign_off.interests_declared or "None") if sign_off.kind in deciding else None,
                signed_on=sign_off.signed_on.strftime("%d/%m/%Y"),
                signed_at=_signed_at(sign_off),
                client_address="" if part_1_only else (sign_off.client_address or "not recorded"),
                method=sign_off.get_method_display(),
                content_hash=signed_hash or "not recorded",
                matches_content=signed_hash == content_hash,
            )
        )
    return entries


def document_title(decision: Decision) -> str:
    """The PDF's title, e.g. ``PCD 1838 – Changes to …``: the reference first, so a file names its decision."""
    return f"{decision.reference} – {decision.title}"


def decision_pdf_context(decision: Decision, *, include_part_2: bool, draft: bool = False) -> dict:
    """Everything the PDF template prints, built on decision_form() (what the screen shows)."""
    form = decision_form(decision, show_part_2=include_part_2)
    form_type = FormType(decision.form_type)
    consulted_kind, deciding_kind = sign_off_kinds(decision)
    sign_offs: dict[str, SignOff] = form["sign_offs"]
    consulted = sign_offs.get(consulted_kind)
    deciding = sign_offs.get(deciding_kind)
    part_1, part_2 = _form_sections(form["part_1_sections"], form["part_2_sections"], form["papers"])
    content_hash = decision_content_hash(decision) if include_part_2 else part_1_content_hash(decision)
    # In the order the form is signed: the consulted officer, then the decision-maker.
    signing_order = {consulted_kind: 0, deciding_kind: 1}
    ordered_sign_offs = sorted(sign_offs.values(), key=lambda s: (signing_order.get(s.kind, 2), s.signed_on, s.pk))
    is_mopac = form_type == FormType.MOPAC_PCD
    public_access_number = ""
    if not is_mopac:
        # Numbered after the last section of the whole form, as printed, even when Part II is left out.
        last = decision.sections.aggregate(last=Max("position"))["last"] or 0
        public_access_number = f"{last + 1}."
    return {
        **form,
        "is_mopac": is_mopac,
        "form_label": "DMPC Decision" if is_mopac else "PCC Decision",
        "document_title": document_title(decision),
        "recommendation_intro": decision.recommendation_intro or RECOMMENDATION_INTRO[form_type],
        "part_1": part_1,
        "part_2": part_2,
        "include_part_2": include_part_2,
        "draft": draft,
        "deciding_sign_off": deciding,
        "deciding_statement": deciding.statement if deciding else form["dmpc_statement"],
        "deciding_heading": "Deputy Mayor for Policing and Crime" if is_mopac else decision.policing_body.name,
        "consulted_sign_off": consulted,
        "consulted_statement": consulted.statement if consulted else form["consulted_statement"],
        "consulted_heading": SIGN_OFF_ROLES[consulted_kind],
        "public_access_number": public_access_number,
        # Pages printed after the form by the apps that know them (the Section 22A signature page of a PCC form).
        "appendices": appendices_for(decision, include_part_2=include_part_2),
        "certificate": _certificate(ordered_sign_offs, content_hash, part_1_only=not include_part_2),
        "content_hash": content_hash,
    }


# --- Rendering --------------------------------------------------------------------------------------------------


def render_decision_html(decision: Decision, *, include_part_2: bool, draft: bool = False) -> str:
    """The form as one self-contained HTML document (inline CSS, no external resources) for the PDF."""
    return render_to_string(TEMPLATE, decision_pdf_context(decision, include_part_2=include_part_2, draft=draft))


def render_pdf(html: str, *, title: str, reference: str) -> bytes:
    """``html`` as an A4 PDF whose document information names the decision (title and reference).

    The title is written as ``<reference> – <title>`` so that the verify step can read which decision a file
    claims to be; the reference is also the document's keyword and its ``/Reference`` entry.
    """
    document = weasyprint.HTML(string=html, url_fetcher=RefusingURLFetcher()).render()
    metadata = document.metadata
    metadata.title = title if title.startswith(f"{reference} – ") else f"{reference} – {title}"
    metadata.keywords = [reference]
    metadata.custom = {"Reference": reference}
    return document.write_pdf(custom_metadata=True)


def render_decision_pdf(decision: Decision, *, include_part_2: bool, draft: bool = False) -> bytes:
    """The decision's form as a PDF: Part 1 only, or with its confidential Part 2; marked as a draft if asked."""
    html = render_decision_html(decision, include_part_2=include_part_2, draft=draft)
    return render_pdf(html, title=decision.title, reference=decision.reference)
