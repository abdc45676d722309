"""The shapes the demo text is written in: a section of a form, its paragraphs and their lettered items."""

from typing import NamedTuple

from decisions.choices import ParagraphStyle, SectionKind


class ItemText(NamedTuple):
    """A lettered item (a., b. …) under a paragraph, or a paragraph of a lettered section."""

    text: str
    heading: str = ""


class ParagraphText(NamedTuple):
    """A paragraph with, where the form has them, its lettered items."""

    text: str
    items: tuple[ItemText, ...] = ()
    heading: str = ""


class SectionText(NamedTuple):
    """A section of a form as printed: its kind, heading, numbering style and paragraphs."""

    kind: SectionKind
    heading: str
    paragraphs: tuple[ParagraphText, ...] = ()
    style: ParagraphStyle = ParagraphStyle.NUMBERED
    non_publication_rationale: str = ""
