"""The table of on-boarding plans for the front office, sortable and exportable (CSV, XLSX)."""

import django_tables2 as tables
from django.db.models import F
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from core.tables import GovukTable
from forces.models import OnboardingPlan

DATE_FORMAT = "d/m/Y"


class OnboardingPlanTable(GovukTable):
    """One row per plan: force, policing body, service, stage and its dates, target year, agreement, decisions.

    Expects the rows from ``forces.selectors.plans_for_table``: ``agreement_signed`` annotated and decisions
    prefetched. Ties in every sort fall back to the force and the service, so pages never overlap.
    """

    force = tables.Column(
        verbose_name=_("Force"),
        accessor="force__name",
        linkify=("forces:force", {"slug": tables.A("force__slug")}),
        attrs={"a": {"class": "govuk-link"}},
        order_by=("force__name", "service__name"),
    )
    policing_body = tables.Column(
        verbose_name=_("Policing body"),
        accessor="force__policing_body_name",
        order_by=("force__policing_body_name", "service__name"),
    )
    service = tables.Column(
        verbose_name=_("Service"), accessor="service__name", order_by=("service__name", "force__name")
    )
    stage = tables.Column(verbose_name=_("Stage"), order_by=("stage", "force__name", "service__name"))
    intent_signed_on = tables.DateColumn(
        verbose_name=_("Statement of intent"),
        format=DATE_FORMAT,
        order_by=("intent_signed_on", "force__name", "service__name"),
    )
    onboarding_started_on = tables.DateColumn(
        verbose_name=_("On-boarding started"),
        format=DATE_FORMAT,
        order_by=("onboarding_started_on", "force__name", "service__name"),
    )
    live_on = tables.DateColumn(
        verbose_name=_("Went live"), format=DATE_FORMAT, order_by=("live_on", "force__name", "service__name")
    )
    withdrawn_on = tables.DateColumn(
        verbose_name=_("Withdrawn"), format=DATE_FORMAT, order_by=("withdrawn_on", "force__name", "service__name")
    )
    target_financial_year = tables.Column(
        verbose_name=_("Target financial year"),
        order_by=("target_financial_year", "force__name", "service__name"),
    )
    agreement_signed = tables.BooleanColumn(
        verbose_name=_("s22A agreement signed"),
        yesno=(_("Yes"), _("No")),
        order_by=("agreement_signed", "force__name", "service__name"),
    )
    decisions = tables.Column(verbose_name=_("Decisions"), accessor="pk", orderable=False)

    class Meta(GovukTable.Meta):
        model = OnboardingPlan
        fields = ()
        sequence = (
            "force",
            "policing_body",
            "service",
            "stage",
            "intent_signed_on",
            "onboarding_started_on",
            "live_on",
            "withdrawn_on",
            "target_financial_year",
            "agreement_signed",
            "decisions",
        )
        order_by = "force"
        empty_text = _("No on-boarding plans match these filters.")

    caption = _("On-boarding plans")

    def render_stage(self, record: OnboardingPlan) -> str:
        return record.get_stage_display()

    def value_stage(self, record: OnboardingPlan) -> str:
        return str(record.get_stage_display())

    def render_target_financial_year(self, value) -> str:
        return str(value)

    # Plans without a date sort last either way, on SQLite as on PostgreSQL.
    @staticmethod
    def _by_date(queryset, name: str, is_descending: bool):
        date = F(name).desc(nulls_last=True) if is_descending else F(name).asc(nulls_last=True)
        return queryset.order_by(date, "force__name", "service__name"), True

    def order_intent_signed_on(self, queryset, is_descending: bool):
        return self._by_date(queryset, "intent_signed_on", is_descending)

    def order_onboarding_started_on(self, queryset, is_descending: bool):
        return self._by_date(queryset, "onboarding_started_on", is_descending)

    def order_live_on(self, queryset, is_descending: bool):
        return self._by_date(queryset, "live_on", is_descending)

    def order_withdrawn_on(self, queryset, is_descending: bool):
        return self._by_date(queryset, "withdrawn_on", is_descending)

    def order_target_financial_year(self, queryset, is_descending: bool):
        return self._by_date(queryset, "target_financial_year", is_descending)

    # Dates as dates in exports: a date cell in XLSX, ISO 8601 in CSV.
    def value_intent_signed_on(self, value):
        return value

    def value_onboarding_started_on(self, value):
        return value

    def value_live_on(self, value):
        return value

    def value_withdrawn_on(self, value):
        return value

    def value_agreement_signed(self, value) -> str:
        return str(_("Yes") if value else _("No"))

    # Decisions, from the prefetch (never a query per row).
    def render_decisions(self, record: OnboardingPlan):
        decisions = list(record.decisions.all())
        if not decisions:
            return "—"
        return format_html(
            '<ul class="govuk-list">{}</ul>',
            format_html_join(
                "",
                '<li><a class="govuk-link" href="{}">{}</a></li>',
                ((reverse("decisions:detail", kwargs={"pk": d.pk}), d.reference) for d in decisions),
            ),
        )

    def value_decisions(self, record: OnboardingPlan) -> str:
        return ", ".join(decision.reference for decision in record.decisions.all())
