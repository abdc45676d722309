"""Decision forms as PDFs: the MOPAC PCD form and the PCC form on A4, each ending with a signing certificate.

Rendering happens in the running process (importing WeasyPrint costs about 0.6 s, so it is imported once, here).
Nothing is ever fetched: the template carries its
own CSS, the fonts come from the system, and the URL fetcher refuses every address (it decodes only the ``data:``
images the template itself carries), so text typed into a form cannot make the renderer reach out to anything.

Every PDF, previews included, is tagged and archival: PDF/A-3u and PDF/UA-1 (``records.archival``), in en-GB, with
its title shown as the window title.
"""

import base64
import contextlib
import functools
import gc
import re
import threading
import urllib.parse
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import weasyprint
import weasyprint.text.fonts
from django.conf import settings
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from decisions.choices import FormType, ParagraphStyle, SectionKind, SignOffKind, SignOffMethod
from decisions.hooks import appendices_for
from decisions.models import Decision, Paragraph, Section, SignOff, SupportingPaper
from decisions.selectors import decision_form
from decisions.services import sign_off_kinds
from decisions.statements import RECOMMENDATION_INTRO, SIGN_OFF_ROLES
from records import archival, evidence, signing

TEMPLATE = "records/pdf/form.html"
LONDON = ZoneInfo("Europe/London")
PAPER_RECORD_TIME = "recorded from a signed paper form"
# Tagged PDF/A-3u; records.archival adds the PDF/UA-1 identification WeasyPrint cannot write alongside it.
PDF_VARIANT = "pdf/a-3u"
PDF_LANGUAGE = "en-GB"

_BLANK_LINES = re.compile(r"\n[ \t]*\n+")
# Only images the template itself writes into its CSS as data: URLs (the draft watermark); nothing user-typed
# ever reaches a URL, since every value is escaped.
_DATA_IMAGE = re.compile(r"^data:(image/svg\+xml)(;base64)?,(.*)$", re.DOTALL)


class RefusingURLFetcher(weasyprint.urls.URLFetcher):
    """A URL fetcher that fetches nothing: every address is refused, and WeasyPrint leaves the resource out. The
    template's own ``data:`` SVG images are decoded here, in memory."""

    def __init__(self) -> None:
        # No protocol allowed, so even the inherited machinery would refuse; fetch() below refuses first.
        super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=False)

    def fetch(self, url, headers=None):
        inline = _DATA_IMAGE.match(url)
        if inline is None:
            raise ValueError(f"Decision PDFs fetch nothing; refused {url[:100]!r}")
        mime, is_base64, payload = inline.groups()
        body = base64.b64decode(payload) if is_base64 else urllib.parse.unquote_to_bytes(payload)
        return weasyprint.urls.URLFetcherResponse(url, body, {"Content-Type": mime})


_per_thread = threading.local()


def font_config() -> weasyprint.text.fonts.FontConfiguration:
    """This thread's font configuration, kept from one render to the next.

    WeasyPrint makes a new one for each document unless given one, and with it a new Pango font map whose fonts and
    shaping caches start empty: measured, a tenth of a render. The forms load no web fonts (only the system's), so
    what it keeps is the same for every form; one per thread, as Pango's font maps are not shared across threads.
    The PDF is the same, byte for byte.
    """
    found = getattr(_per_thread, "font_config", None)
    if found is None:
        found = _per_thread.font_config = weasyprint.text.fonts.FontConfiguration()
    return found


@functools.cache
def url_fetcher() -> RefusingURLFetcher:
    """The one fetcher every render shares: it holds no state, and making one builds urllib's handlers, the HTTPS
    one with a TLS context loaded with every system certificate (measured, a tenth of a render)."""
    return RefusingURLFetcher()


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
    recorded_by: str
    revision: str
    content_hash: str
    matches_content: bool


@dataclass(frozen=True)
class SealStatement:
    """What the certificate page can say of the seal before it is applied: the certificate, its fingerprint, and
    the level and time-stamp authority the configuration gives. The time-stamp's own time is known only after
    signing: the verify page shows it."""

    subject: str
    fingerprint: str
    level: str
    level_label: str
    tsa_url: str


def _blocks(text: str) -> tuple[str, ...]:
    """Text split at blank lines into the blocks printed as separate paragraphs (single newlines are kept)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    return tuple(block.strip() for block in _BLANK_LINES.split(text) if block.strip()) or ("",)


def _letter(position: int) -> str:
    return f"{chr(ord('a') + (position - 1) % 26)}."


def _form_paragraph(paragraph: Paragraph, *, is_item: bool = False) -> FormParagraph:
    # Lettered items go one level deep: an item's own items are never asked for (a query each).
    items = () if is_item else tuple(_form_paragraph(item, is_item=True) for item in paragraph.items.all())
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
    local = timezone.localtime(sign_off.signed_at, LONDON)
    offset = local.strftime("%z")
    return f"{local:%d/%m/%Y %H:%M:%S} {local:%Z} (UTC{offset[:3]}:{offset[3:]}, Europe/London)"


def _signed_hash(sign_off: SignOff, *, part_1_only: bool) -> str:
    """The hash of what the signer signed: of its Part 1 only, in a copy without Part 2."""
    if sign_off.revision_id is None:
        # Recorded before revisions were kept: the hash of the whole form is all there is, and it is not published.
        return "" if part_1_only else sign_off.content_hash
    return sign_off.revision.part_1_sha256 if part_1_only else sign_off.revision.sha256


def _recorded_by(sign_off: SignOff, *, part_1_only: bool) -> str:
    """Who entered a sign-off from the signed paper form: named in the complete record only (the published copy
    names no one but the signers)."""
    if sign_off.method != SignOffMethod.PAPER_RECORD:
        return ""
    if part_1_only or sign_off.recorded_by_id is None:
        return "a member of staff, named in the service's records"
    user = sign_off.recorded_by
    return user.get_full_name() or user.get_username()


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
                method=(
                    "Signed in the browser, in this service"
                    if sign_off.method == SignOffMethod.IN_BROWSER
                    else "Recorded from the signed paper form"
                ),
                recorded_by=_recorded_by(sign_off, part_1_only=part_1_only),
                revision=f"revision {sign_off.revision.number}" if sign_off.revision_id else "",
                content_hash=signed_hash or "not recorded",
                matches_content=signed_hash == content_hash,
            )
        )
    return entries


def seal_statement() -> SealStatement | None:
    """The seal as the next PDF will carry it, or None when no seal is configured (a preview can still print)."""
    try:
        seal = signing.current_seal()
    except signing.SigningNotConfigured:
        return None
    level = signing.planned_level()
    return SealStatement(
        subject=seal.subject,
        fingerprint=seal.fingerprint,
        level=level,
        level_label=dict(signing.Level.CHOICES)[level],
        tsa_url=signing.tsa_url(),
    )


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


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
    # Of the revision the decision-maker signed, once there is one: the hash of exactly the file part_1_json serves.
    signed = deciding.revision if deciding is not None and deciding.revision_id else None
    content_hash = (
        evidence.complete_sha256(decision, revision=signed)
        if include_part_2
        else evidence.part_1_sha256(decision, revision=signed)
    )
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
        "commitment": None if draft else evidence.commitment_for(decision, has_part_2=form["has_part_2"]),
        "seal": None if draft else seal_statement(),
        "verify_url": absolute_url(reverse("records:verify")),
        "part_1_json_url": absolute_url(reverse("records:part_1_json", args=[decision.pk])),
        "watermark": _watermark() if draft else "",
    }


@functools.cache
def _watermark() -> str:
    """The draft watermark as a data: URL of an SVG, drawn as the page's background (so a page background, and
    never read out as the document's text)."""
    svg = render_to_string("records/pdf/inc/watermark.svg")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


# --- Rendering --------------------------------------------------------------------------------------------------


def render_decision_html(decision: Decision, *, include_part_2: bool, draft: bool = False) -> str:
    """The form as one self-contained HTML document (inline CSS, no external resources) for the PDF."""
    return render_to_string(TEMPLATE, decision_pdf_context(decision, include_part_2=include_part_2, draft=draft))


@contextlib.contextmanager
def collector_paused():
    """Python's cyclic garbage collector paused for one render (and, when sealing, its signature).

    A render builds hundreds of thousands of objects at once, which sets off a full collection over everything the
    process holds part-way through: measured, a third of a tagged render. Paused, the render's garbage is collected
    with the next ordinary, young collection after it.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass(frozen=True)
class RenderedPdf:
    """A rendered PDF and how many pages it has (known from the layout, so never read back from the file)."""

    data: bytes
    page_count: int


def render_pdf(html: str, *, title: str, reference: str, signature_fields: bool = False) -> bytes:
    """``html`` as a tagged PDF/A-3u and PDF/UA-1 A4 PDF whose document information names the decision.

    The title is written as ``<reference> – <title>`` so that the verify step can read which decision a file
    claims to be; the reference is also the document's keyword and its ``/Reference`` entry. With
    ``signature_fields`` the PDF carries the empty seal and document time-stamp fields that sealing fills.
    """
    return render_pdf_pages(html, title=title, reference=reference, signature_fields=signature_fields).data


def render_pdf_pages(html: str, *, title: str, reference: str, signature_fields: bool = False) -> RenderedPdf:
    """:func:`render_pdf`, with the number of pages laid out."""
    with collector_paused():
        document = weasyprint.HTML(string=html, url_fetcher=url_fetcher()).render(font_config=font_config())
        metadata = document.metadata
        metadata.title = title if title.startswith(f"{reference} – ") else f"{reference} – {title}"
        metadata.keywords = [reference] if reference else []
        metadata.custom = {"Reference": reference}
        metadata.lang = metadata.lang or PDF_LANGUAGE
        # The document time-stamp's field is made by the signing itself: filled in a later revision, a field made
        # here would count as an unexplained change to what the seal covers.
        fields = [(signing.SIGNATURE_FIELD, signing.SIGNATURE_FIELD_LABEL)] if signature_fields else []
        data = document.write_pdf(
            custom_metadata=True,
            pdf_variant=PDF_VARIANT,
            pdf_tags=True,
            # PDF/A wants a file identifier; WeasyPrint's costs a second serialisation of every object. A file to be
            # sealed gets its identifier from the signature's incremental update instead.
            pdf_identifier=False if signature_fields else None,
            finisher=functools.partial(archival.finish, signature_fields=fields),
        )
        return RenderedPdf(data, len(document.pages))


def render_form(decision: Decision, *, include_part_2: bool, draft: bool = False) -> RenderedPdf:
    """The decision's form as a PDF: Part 1 only, or with its confidential Part 2; marked as a draft if asked. A
    form that is not a draft carries the fields its seal fills."""
    html = render_decision_html(decision, include_part_2=include_part_2, draft=draft)
    return render_pdf_pages(html, title=decision.title, reference=decision.reference, signature_fields=not draft)


def render_decision_pdf(decision: Decision, *, include_part_2: bool, draft: bool = False) -> bytes:
    """:func:`render_form`'s file."""
    return render_form(decision, include_part_2=include_part_2, draft=draft).data
