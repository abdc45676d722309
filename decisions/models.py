"""Decisions: the MOPAC PCD form and the PCC form, their content, declarations and sign-offs."""

import string

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.validators import validate_pdf_upload
from decisions.choices import (
    FROZEN_STATUSES,
    DecisionMaker,
    DecisionStatus,
    DeclarationKind,
    FormType,
    ParagraphStyle,
    Part,
    SectionKind,
    SignOffKind,
    SignOffMethod,
)


class Decision(models.Model):
    """One row is a formal decision form (e.g. PCD 1838), from first draft to signed and published record."""

    reference = models.CharField(
        _("reference"),
        max_length=40,
        help_text=_("As printed on the form, e.g. PCD 1838."),
    )
    form_type = models.CharField(_("form"), max_length=20, choices=FormType.choices, default=FormType.MOPAC_PCD)
    decision_maker = models.CharField(
        _("decision-maker"), max_length=10, choices=DecisionMaker.choices, default=DecisionMaker.DMPC
    )
    policing_body = models.ForeignKey(
        "grants.Organisation",
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("policing body"),
        help_text=_("The body the decision is taken for, e.g. MOPAC or a PCC's office."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.DRAFT, editable=False
    )
    title = models.CharField(_("title"), max_length=400)
    executive_summary = models.TextField(_("executive summary"), blank=True)
    recommendation_intro = models.CharField(
        _("recommendation lead-in"),
        max_length=200,
        blank=True,
        help_text=_("e.g. The Deputy Mayor for Policing and Crime is recommended to:"),
    )

    # Public access to information: Part 1 may be published later than approval, for a stated reason.
    part_1_deferred = models.BooleanField(_("defer publication of Part 1"), default=False)
    deferral_reason = models.TextField(_("reason for deferral"), blank=True)
    deferral_until = models.DateField(_("deferred until"), null=True, blank=True)

    grants = models.ManyToManyField("grants.Grant", related_name="decisions", blank=True, verbose_name=_("grants"))
    refers_to = models.ManyToManyField(
        "self",
        symmetrical=False,
        related_name="referred_to_by",
        blank=True,
        verbose_name=_("earlier decisions referred to"),
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="decisions_drafted",
        null=True,
        blank=True,
        verbose_name=_("drafting officer"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    published_on = models.DateField(_("published on"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        permissions = [
            ("submit_decision", "Can submit a decision for sign-off"),
            ("sign_as_chief_executive", "Can sign as Chief Executive"),
            ("sign_as_decision_maker", "Can sign as decision-maker (DMPC or PCC)"),
            ("return_decision", "Can return a decision for changes"),
            ("reject_decision", "Can reject a decision"),
            ("withdraw_decision", "Can withdraw a decision"),
            ("publish_decision", "Can publish a decision"),
            ("view_part_2", "Can see confidential Part 2 content"),
        ]
        constraints = [
            models.UniqueConstraint(
                Upper("reference"),
                name="decision_reference_unique",
                violation_error_message=_("A decision with this reference already exists."),
            ),
            models.CheckConstraint(
                condition=Q(part_1_deferred=False) | (~Q(deferral_reason="") & Q(deferral_until__isnull=False)),
                name="decision_deferral_has_reason_and_date",
                violation_error_message=_("A deferred Part 1 needs a reason and a date until which it is deferred."),
            ),
            models.CheckConstraint(
                condition=Q(part_1_deferred=True) | (Q(deferral_reason="") & Q(deferral_until__isnull=True)),
                name="decision_no_deferral_no_reason",
                violation_error_message=_("Part 1 is not deferred, so leave the deferral reason and date empty."),
            ),
            models.CheckConstraint(
                condition=~Q(reference=""),
                name="decision_reference_not_empty",
                violation_error_message=_("Enter the decision's reference, e.g. PCD 1838."),
            ),
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("admin:decisions_decision_change", args=[self.pk])

    @property
    def is_frozen(self) -> bool:
        return self.status in FROZEN_STATUSES

    @property
    def decision_date(self):
        """The date the decision-maker signed, which is the date of the decision."""
        final = self.sign_offs.filter(kind__in=[SignOffKind.DMPC, SignOffKind.PCC]).first()
        return final.signed_on if final else None

    @property
    def has_part_2(self) -> bool:
        return self.sections.filter(part=Part.PART_2).exists()

    def clean(self) -> None:
        super().clean()
        self.reference = " ".join((self.reference or "").split())
        if self.part_1_deferred:
            errors = {}
            if not (self.deferral_reason or "").strip():
                errors["deferral_reason"] = _("Say why publication of Part 1 is deferred.")
            if self.deferral_until is None:
                errors["deferral_until"] = _("Give the date until which Part 1 is deferred.")
            else:
                decision_date = self.decision_date if self.pk else None
                if decision_date and self.deferral_until < decision_date:
                    errors["deferral_until"] = _("The deferral must end on or after the decision date (%(date)s).") % {
                        "date": decision_date.strftime("%d/%m/%Y")
                    }
                elif decision_date is None and self.deferral_until < timezone.localdate():
                    errors["deferral_until"] = _(
                        "The deferral must end on or after the decision date, which is not yet past: "
                        "choose a date from today onwards."
                    )
            if errors:
                raise ValidationError(errors)
        else:
            # Unticking deferral clears what went with it rather than refusing the form.
            self.deferral_reason = ""
            self.deferral_until = None


class Recommendation(models.Model):
    """One row is a numbered recommendation to the decision-maker."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="recommendations")
    position = models.PositiveSmallIntegerField(_("number"))
    text = models.TextField(_("recommendation"))

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
    non_publication_rationale = models.TextField(
        _("legal rationale for non-publication"),
        blank=True,
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
    text = models.TextField(_("text"))

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

    def __str__(self) -> str:
        return self.title


class OfficerDeclaration(models.Model):
    """One row is a line of the originating officer's declaration (e.g. "Financial Advice"), ticked to confirm."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="declarations")
    kind = models.CharField(_("kind"), max_length=20, choices=DeclarationKind.choices)
    position = models.PositiveSmallIntegerField(_("order"))
    label = models.CharField(_("label"), max_length=100)
    statement = models.TextField(_("statement"))
    confirmed = models.BooleanField(_("ticked"), default=False)
    confirmed_on = models.DateField(_("date"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("ticked by"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["decision", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "kind"],
                name="declaration_kind_unique",
                violation_error_message=_("That declaration is already on the form."),
            ),
            models.CheckConstraint(
                condition=Q(confirmed=True) | Q(confirmed_on__isnull=True),
                name="declaration_dated_only_when_ticked",
                violation_error_message=_("Only a ticked declaration has a date."),
            ),
        ]

    def __str__(self) -> str:
        tick = "✓" if self.confirmed else "–"
        return f"{tick} {self.label}"


class SignOff(models.Model):
    """One row is a signature on a decision: who signed which statement, when, from where, over what content."""

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="sign_offs")
    kind = models.CharField(_("sign-off"), max_length=20, choices=SignOffKind.choices)
    signer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="sign_offs",
        null=True,
        blank=True,
        verbose_name=_("signer"),
    )
    printed_name = models.CharField(_("name as printed"), max_length=200)
    printed_role = models.CharField(_("role as printed"), max_length=200)
    statement = models.TextField(_("statement confirmed"))
    interests_declared = models.TextField(_("interests declared"), blank=True)
    signed_on = models.DateField(_("date"))
    signed_at = models.DateTimeField(_("time signed"), null=True, blank=True)
    client_address = models.GenericIPAddressField(_("signed from address"), null=True, blank=True)
    content_hash = models.CharField(
        _("SHA-256 of the content signed"), max_length=64, blank=True, help_text=_("Hex digest of the form's content.")
    )
    method = models.CharField(
        _("method"), max_length=20, choices=SignOffMethod.choices, default=SignOffMethod.IN_BROWSER
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["decision", "signed_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "kind"],
                name="sign_off_once_per_kind",
                violation_error_message=_("This decision already has that sign-off."),
            ),
            models.CheckConstraint(
                condition=~Q(method=SignOffMethod.IN_BROWSER)
                | (Q(signer__isnull=False) & Q(signed_at__isnull=False) & ~Q(content_hash="")),
                name="sign_off_in_browser_has_evidence",
                violation_error_message=_("A sign-off made in this service records its signer, time and content hash."),
            ),
            models.CheckConstraint(
                condition=Q(content_hash="") | Q(content_hash__regex=r"^[0-9a-f]{64}$"),
                name="sign_off_hash_is_sha256_hex",
                violation_error_message=_("The content hash is a SHA-256 hex digest (64 characters 0-9, a-f)."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.printed_name}, {self.signed_on:%d/%m/%Y}"
