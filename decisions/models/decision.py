"""The decision itself: one row per form, with its state, public-access answers and links."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, OrderBy, Q
from django.db.models.functions import Upper
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.financial_year import FinancialYear, FinancialYearField
from core.text import BoundedTextField
from decisions.choices import (
    DECIDING_SIGN_OFFS,
    EDITABLE_STATUSES,
    FROZEN_STATUSES,
    DecisionMaker,
    DecisionStatus,
    DeferralUnit,
    FormType,
    Part,
)
from decisions.models.triggers import decision_frozen


class SortIndex(models.Index):
    """An index in the order a list sorts by, dateless rows last (``NULLS LAST``) on PostgreSQL. SQLite cannot say
    ``NULLS LAST`` in an index, so there it is the same columns in plain order."""

    def create_sql(self, model, schema_editor, using="", **kwargs):
        if schema_editor.connection.vendor == "postgresql" or not self.expressions:
            return super().create_sql(model, schema_editor, using=using, **kwargs)
        plain = [
            OrderBy(expression.expression, descending=expression.descending)
            if isinstance(expression, OrderBy)
            else expression
            for expression in self.expressions
        ]
        return models.Index(*plain, name=self.name).create_sql(model, schema_editor, using=using, **kwargs)


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
    executive_summary = BoundedTextField(_("executive summary"), blank=True, max_length=10_000)
    recommendation_intro = models.CharField(
        _("recommendation lead-in"),
        max_length=200,
        blank=True,
        help_text=_("e.g. The Deputy Mayor for Policing and Crime is recommended to:"),
    )

    # Public access to information: Part 1 may be published later than approval, for a stated reason.
    part_1_deferred = models.BooleanField(_("defer publication of Part 1"), default=False)
    deferral_reason = BoundedTextField(_("reason for deferral"), blank=True, max_length=2_000)
    deferral_until = models.DateField(_("deferred until"), null=True, blank=True)
    # Or a period counted from approval ("10 working days after approval"), resolved to ``deferral_until`` when the
    # decision-maker approves: the signers sign the rule, and the date follows from their signature.
    deferral_period = models.PositiveSmallIntegerField(
        _("deferred for"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(366)]
    )
    deferral_period_unit = models.CharField(_("counted in"), max_length=20, choices=DeferralUnit.choices, blank=True)

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
        help_text=_("The officer the form names as having drafted it (the Drafting Officer declaration)."),
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="decisions_started",
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("started by"),
    )
    # The ledger figures a draft started from a grant variation was written with, to tell when they go stale:
    # {"variation": id, "before": "7000000.00", "after": "6750000.00"}. Not part of the form.
    drafting_figures = models.JSONField(_("figures drafted from"), null=True, blank=True, editable=False)
    # The drafting tasks saved at least once (``summary``, ``public-access`` …), for the task list; not form content.
    drafting_tasks_saved = models.JSONField(_("drafting tasks saved"), default=list, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    published_on = models.DateField(_("published on"), null=True, blank=True, editable=False)
    # What is decided once, stored when it is decided (by the approval, or when a paper record is entered) and frozen
    # with the rest of the record: the date the decision-maker signed, and the UK financial year it falls in. Lists
    # sort and filter by them without reading the sign-offs.
    decided_on = models.DateField(_("decision date"), null=True, blank=True, editable=False)
    financial_year = FinancialYearField(_("financial year of the decision"), null=True, blank=True, editable=False)

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
                condition=Q(part_1_deferred=False)
                | (~Q(deferral_reason="") & (Q(deferral_until__isnull=False) | Q(deferral_period__isnull=False))),
                name="decision_deferral_has_reason_and_date",
                violation_error_message=_(
                    "A deferred Part 1 needs a reason, and a date or a period after approval until which it is "
                    "deferred."
                ),
            ),
            models.CheckConstraint(
                condition=Q(part_1_deferred=True)
                | (Q(deferral_reason="") & Q(deferral_until__isnull=True) & Q(deferral_period__isnull=True)),
                name="decision_no_deferral_no_reason",
                violation_error_message=_("Part 1 is not deferred, so leave the deferral reason and date empty."),
            ),
            models.CheckConstraint(
                condition=(Q(deferral_period__isnull=True) & Q(deferral_period_unit=""))
                | (Q(deferral_period__isnull=False) & ~Q(deferral_period_unit="")),
                name="decision_deferral_period_has_unit",
                violation_error_message=_("Say whether the deferral is counted in days or working days."),
            ),
            models.CheckConstraint(
                condition=~Q(reference=""),
                name="decision_reference_not_empty",
                violation_error_message=_("Enter the decision's reference, e.g. PCD 1838."),
            ),
        ]
        indexes = [
            models.Index(fields=["status"]),
            # The register, the auditor's portal and the due list: a state, newest (or oldest) decision first, dateless
            # records last either way, ties by id; and the years a state's decisions were taken in.
            SortIndex("status", F("decided_on").desc(nulls_last=True), F("id").desc(), name="decision_status_newest"),
            # The same order across signed states (the auditor's portal lists approved and published together).
            SortIndex(F("decided_on").desc(nulls_last=True), F("id").desc(), name="decision_newest"),
            models.Index(fields=["status", "decided_on", "id"], name="decision_status_oldest"),
            # One decision-maker's decisions, newest first, in any state (its state read from the index itself):
            # the register's and the portal's decision-maker filter, and the count of what it finds.
            SortIndex(
                "decision_maker",
                F("decided_on").desc(nulls_last=True),
                F("id").desc(),
                include=["status"],
                name="decision_maker_newest",
            ),
            models.Index(fields=["status", "financial_year"], name="decision_status_year"),
            SortIndex(
                "status", F("published_on").desc(nulls_last=True), F("id").desc(), name="decision_status_published"
            ),
            models.Index(fields=["status", "reference", "id"], name="decision_status_reference"),
        ]
        triggers = [decision_frozen()]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("admin:decisions_decision_change", args=[self.pk])

    @property
    def is_frozen(self) -> bool:
        return self.status in FROZEN_STATUSES

    @property
    def decision_date(self):
        """The date the decision-maker signed (their sign-off not voided), which is the date of the decision: stored in
        ``decided_on`` once decided, read from the sign-offs before that."""
        if self.decided_on is not None:
            return self.decided_on
        final = (
            self.sign_offs.filter(kind__in=DECIDING_SIGN_OFFS, voided_at__isnull=True)
            .order_by("-signed_on", "-pk")
            .first()
        )
        return final.signed_on if final else None

    @property
    def has_part_2(self) -> bool:
        """Whether the form has confidential content: a Part 2 section, or a confidential paper."""
        return (
            self.sections.filter(part=Part.PART_2).exists()
            or self.supporting_papers.filter(is_confidential=True).exists()
        )

    @property
    def deferral_description(self) -> str:
        """The deferral as the form states it: ``10 working days after approval``, with its date once resolved."""
        if not self.part_1_deferred:
            return ""
        if self.deferral_period:
            unit = DeferralUnit(self.deferral_period_unit)
            if self.deferral_period == 1:
                unit_label = _("day") if unit == DeferralUnit.DAYS else _("working day")
            else:
                unit_label = unit.label
            rule = _("%(count)s %(unit)s after approval") % {"count": self.deferral_period, "unit": unit_label}
            if self.deferral_until:
                return f"{self.deferral_until:%d/%m/%Y} ({rule})"
            return str(rule)
        return f"{self.deferral_until:%d/%m/%Y}" if self.deferral_until else ""

    def clean(self) -> None:
        super().clean()
        self.reference = " ".join((self.reference or "").split())
        if self.part_1_deferred:
            errors = {}
            if not (self.deferral_reason or "").strip():
                errors["deferral_reason"] = _("Say why publication of Part 1 is deferred.")
            if self.deferral_period is not None:
                if not self.deferral_period_unit:
                    errors["deferral_period_unit"] = _("Say whether the deferral is counted in days or working days.")
                if self.deferral_until is not None and self.status in (DecisionStatus.DRAFT, DecisionStatus.RETURNED):
                    errors["deferral_until"] = _("Give either a date or a period after approval, not both.")
            elif self.deferral_until is None:
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
            self.deferral_period = None
            self.deferral_period_unit = ""


def decided_fields(decided_on: dt.date | None) -> dict:
    """The stored columns of a decision taken on ``decided_on``: the date, and the financial year it falls in."""
    return {
        "decided_on": decided_on,
        "financial_year": FinancialYear.containing(decided_on) if decided_on else None,
    }


@receiver(pre_save, sender=Decision, dispatch_uid="decision_decided_on_from_sign_off")
def _decided_on_from_sign_off(sender, instance: Decision, update_fields=None, raw: bool = False, **kwargs) -> None:
    """A decision given a signed state without its decision date (the demo loader, which enters signed records as
    drafts and then sets their status) takes it from its decision-maker's sign-off. The approval service and paper
    records write it themselves, so this does nothing for them.

    Only the named fields of a save are written, so the date goes in first, and only while the stored row is still
    editable: a signed row is never written here (PostgreSQL would refuse it).
    """
    if raw or instance.pk is None or instance.status not in FROZEN_STATUSES or instance.decided_on is not None:
        return
    fields = decided_fields(instance.decision_date)
    if fields["decided_on"] is None:
        return
    if Decision.objects.filter(pk=instance.pk, status__in=EDITABLE_STATUSES).update(**fields):
        for name, value in fields.items():
            setattr(instance, name, value)
