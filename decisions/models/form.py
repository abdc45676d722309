"""The body of a form: recommendations, sections, numbered paragraphs and supporting papers."""

import string

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.text import BoundedTextField
from core.validators import validate_pdf_upload
from decisions.choices import (
    ParagraphStyle,
    Part,
    SectionKind,
)
from decisions.models.decision import Decision
from decisions.models.triggers import decision_child_frozen, section_child_frozen


class Recommendation(models.Model):
    """One row is a numbered recommendation to the decision-maker."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="recommendations")
    position = models.PositiveSmallIntegerField(_("number"))
    text = BoundedTextField(_("recommendation"), max_length=5_000)

    history = HistoricalRecords()

    class Meta:
        ordering = ["decision", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "position"],
                name="recommendation_position_unique",
                violation_error_message=_("Two recommendations cannot have the same number."),
            )
        ]
        triggers = [decision_child_frozen("recommendation_frozen_with_decision")]

    def __str__(self) -> str:
        return f"{self.position}. {self.text[:80]}"


class Section(models.Model):
    """One row is a numbered section of a form (e.g. Part I §3 Financial Comments), in Part 1 or confidential Part 2."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="sections")
    part = models.PositiveSmallIntegerField(_("part"), choices=Part.choices, default=Part.PART_1)
    position = models.PositiveSmallIntegerField(_("section number"))
    kind = models.CharField(_("kind"), max_length=30, choices=SectionKind.choices)
    heading = models.CharField(_("heading"), max_length=200, help_text=_("As printed, e.g. Financial Comments."))
    paragraph_style = models.CharField(
        _("paragraph numbering"), max_length=10, choices=ParagraphStyle.choices, default=ParagraphStyle.NUMBERED
    )
    non_publication_rationale = BoundedTextField(
        _("legal rationale for non-publication"),
        blank=True,
        max_length=5_000,
        help_text=_("For Part 2 sections: why this is likely to be exempt from disclosure under the FOIA."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["decision", "part", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "part", "position"],
                name="section_position_unique",
                violation_error_message=_("Two sections in the same part cannot have the same number."),
            ),
            models.CheckConstraint(
                condition=Q(part=Part.PART_2) | Q(non_publication_rationale=""),
                name="section_rationale_only_in_part_2",
                violation_error_message=_("Only Part 2 sections carry a rationale for non-publication."),
            ),
        ]
        triggers = [decision_child_frozen("section_frozen_with_decision")]

    def __str__(self) -> str:
        return f"{self.decision.reference} Part {self.part} §{self.position} {self.heading}"

    @property
    def is_confidential(self) -> bool:
        return self.part == Part.PART_2


class Paragraph(models.Model):
    """One row is a paragraph of a section (1.1, 2.1 …) or a lettered item under one (2.1 a.)."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="paragraphs")
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        related_name="items",
        null=True,
        blank=True,
        verbose_name=_("lettered item of"),
    )
    position = models.PositiveSmallIntegerField(_("order"))
    heading = models.CharField(_("heading"), max_length=200, blank=True, help_text=_("e.g. Risks"))
    text = BoundedTextField(_("text"), max_length=20_000)

    history = HistoricalRecords()

    class Meta:
        ordering = ["section", "parent_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "position"],
                condition=Q(parent__isnull=True),
                name="paragraph_position_unique",
                violation_error_message=_("Two paragraphs of a section cannot have the same number."),
            ),
            models.UniqueConstraint(
                fields=["parent", "position"],
                condition=Q(parent__isnull=False),
                name="paragraph_item_position_unique",
                violation_error_message=_("Two lettered items cannot have the same letter."),
            ),
        ]
        triggers = [section_child_frozen("paragraph_frozen_with_decision")]

    def __str__(self) -> str:
        return f"{self.number} {self.text[:80]}"

    @property
    def number(self) -> str:
        """``2.1.`` for a numbered paragraph, ``a.`` for an item or a lettered paragraph, empty for plain ones."""
        if self.parent_id is not None or self.section.paragraph_style == ParagraphStyle.LETTERED:
            return f"{string.ascii_lowercase[(self.position - 1) % 26]}."
        if self.section.paragraph_style == ParagraphStyle.NUMBERED:
            return f"{self.section.position}.{self.position}."
        return ""

    def clean(self) -> None:
        super().clean()
        if self.parent_id and self.parent.section_id != self.section_id:
            raise ValidationError({"parent": _("A lettered item belongs to a paragraph of the same section.")})
        if self.parent_id and self.parent.parent_id:
            raise ValidationError({"parent": _("Lettered items go one level deep.")})


class SupportingPaper(models.Model):
    """One row is a background or supporting paper: an uploaded PDF or a link to another record."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="supporting_papers")
    position = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(_("file (PDF)"), upload_to="papers/%Y/", blank=True, validators=[validate_pdf_upload])
    related_decision = models.ForeignKey(
        Decision,
        on_delete=models.PROTECT,
        related_name="cited_as_paper",
        null=True,
        blank=True,
        verbose_name=_("decision"),
    )
    related_variation = models.ForeignKey(
        "grants.GrantVariation",
        on_delete=models.PROTECT,
        related_name="cited_as_paper",
        null=True,
        blank=True,
        verbose_name=_("grant variation"),
    )
    is_confidential = models.BooleanField(
        _("confidential (Part 2)"), default=False, help_text=_("Never published; visible only to permitted users.")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["decision", "position"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "position"], name="supporting_paper_position_unique"),
        ]
        triggers = [decision_child_frozen("supporting_paper_frozen_with_decision")]

    def __str__(self) -> str:
        return self.title
