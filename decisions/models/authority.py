"""Who may sign for which body, and how each body numbers its decisions.

An appointment says that a person holds an office (Chief Executive, DMPC, monitoring officer, PCC) for one policing
body, from one date to another; a deputy holds it under a delegation that is recorded. A person signs a decision
only as an office they hold for the decision's body on the day they sign: a superuser too. Each body has its own
reference series (MOPAC's "PCD 1839"; a PCC's own), from which new drafts take their numbers.
"""

import re

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from decisions.choices import SignOffKind


class AppointmentQuerySet(models.QuerySet):
    def in_force(self, on=None) -> "AppointmentQuerySet":
        """Appointments that have started on ``on`` (today by default) and not ended before it."""
        on = on or timezone.localdate()
        return self.filter(starts_on__lte=on).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))


class Appointment(models.Model):
    """One row is a person holding an office that signs decisions, for one policing body, for a period."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("person")
    )
    office = models.CharField(_("office"), max_length=20, choices=SignOffKind.choices)
    policing_body = models.ForeignKey(
        "grants.Organisation",
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name=_("policing body"),
    )
    title = models.CharField(
        _("title as printed"),
        max_length=200,
        help_text=_("As the form prints it under the signature, e.g. Deputy Mayor for Policing and Crime."),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True, help_text=_("Empty while the appointment lasts."))
    is_deputy = models.BooleanField(_("deputy"), default=False)
    delegation = models.TextField(
        _("delegation"),
        blank=True,
        help_text=_("For a deputy: who delegated the office, by what instrument and when."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        editable=False,
        verbose_name=_("recorded by"),
    )

    history = HistoricalRecords()
    objects = AppointmentQuerySet.as_manager()

    class Meta:
        ordering = ["policing_body", "office", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="appointment_ends_after_it_starts",
                violation_error_message=_("An appointment cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(is_deputy=False) | ~Q(delegation=""),
                name="appointment_deputy_has_delegation",
                violation_error_message=_("Record the delegation a deputy signs under."),
            ),
        ]
        indexes = [models.Index(fields=["person", "office", "policing_body"], name="appointment_lookup")]

    def __str__(self) -> str:
        who = self.person.get_full_name() or self.person.get_username()
        until = f"{self.ends_on:%d/%m/%Y}" if self.ends_on else _("now")
        return f"{who}: {self.title}, {self.policing_body} ({self.starts_on:%d/%m/%Y} – {until})"

    @property
    def printed_role(self) -> str:
        """The role printed with a signature: the office's title, and for a deputy the delegation it rests on."""
        if self.is_deputy:
            return f"{self.title} (deputy, under delegation: {' '.join(self.delegation.split())})"
        return self.title


class ReferenceSeries(models.Model):
    """One row is how a policing body numbers its decisions: ``PCD 1839``, or per year ``LANC 2026/03``."""

    policing_body = models.OneToOneField(
        "grants.Organisation",
        on_delete=models.PROTECT,
        related_name="reference_series",
        verbose_name=_("policing body"),
    )
    prefix = models.CharField(_("prefix"), max_length=20, help_text=_("e.g. PCD"))
    per_year = models.BooleanField(
        _("numbered within each year"), default=False, help_text=_("LANC 2026/03 rather than PCD 1839.")
    )
    next_number = models.PositiveIntegerField(_("next number"), default=1)
    year = models.PositiveSmallIntegerField(_("year being numbered"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reference series")
        verbose_name_plural = _("reference series")
        constraints = [
            models.CheckConstraint(
                condition=Q(prefix__regex=r"^[A-Za-z][A-Za-z0-9]*$"),
                name="reference_series_prefix_is_a_word",
                violation_error_message=_("The prefix is letters and digits, starting with a letter, e.g. PCD."),
            ),
            models.CheckConstraint(
                condition=Q(next_number__gte=1),
                name="reference_series_number_positive",
                violation_error_message=_("The next number is 1 or more."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policing_body}: {self.format(self.next_number, year=timezone.localdate().year)} next"

    def format(self, number: int, *, year: int) -> str:
        if self.per_year:
            return f"{self.prefix} {year}/{number:02d}"
        return f"{self.prefix} {number}"

    def number_of(self, reference: str, *, year: int) -> int | None:
        """The number ``reference`` takes in this series (for the same year, when numbered per year), if it is one."""
        if self.per_year:
            match = re.fullmatch(rf"{re.escape(self.prefix)}\s*{year}/(\d+)", reference.strip(), re.IGNORECASE)
        else:
            match = re.fullmatch(rf"{re.escape(self.prefix)}\s*(\d+)", reference.strip(), re.IGNORECASE)
        return int(match[1]) if match else None
