"""Confirmation forms for the steps of an on-boarding plan: the date of the step, the agreement, the reason."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import FinancialYearFormField, GovukForm
from forces.models import CollaborationAgreement, Force, OnboardingPlan, Service

# Dates as the UK writes them; ISO 8601 as well, for date pickers and tests.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_HINT = _("For example, 08/04/2025")


def _date_field(label) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=DATE_INPUT_FORMATS,
        help_text=DATE_HINT,
        error_messages={
            "required": _("Enter the date."),
            "invalid": _("Enter a real date, like 08/04/2025."),
        },
        widget=forms.DateInput(format="%d/%m/%Y"),
    )


class DatedForm(GovukForm):
    """A step's confirmation form: its dates and financial years are short inputs."""

    input_widths = {
        "started_on": "govuk-input--width-10",
        "live_on": "govuk-input--width-10",
        "withdrawn_on": "govuk-input--width-10",
        "intent_signed_on": "govuk-input--width-10",
        "target_financial_year": "govuk-input--width-5",
    }


class StartOnboardingForm(DatedForm):
    started_on = _date_field(_("Date on-boarding started"))
    agreement = forms.ModelChoiceField(
        label=_("Section 22A collaboration agreement"),
        queryset=CollaborationAgreement.objects.none(),
        required=False,
        empty_label=_("The plan's agreement, or the force's one agreement for this service"),
    )

    def __init__(self, *args, plan: OnboardingPlan, **kwargs):
        kwargs.setdefault("initial", {"started_on": timezone.localdate(), "agreement": plan.agreement_id})
        super().__init__(*args, **kwargs)
        self.fields["agreement"].queryset = plan.force.agreements.order_by("title")


class GoLiveForm(DatedForm):
    live_on = _date_field(_("Date the force went live"))

    def __init__(self, *args, plan: OnboardingPlan, **kwargs):
        kwargs.setdefault("initial", {"live_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class WithdrawForm(DatedForm):
    withdrawn_on = _date_field(_("Date the plan was withdrawn"))
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Kept in the plan's history."),
        error_messages={"required": _("Give a reason: it is kept in the plan's history.")},
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, plan: OnboardingPlan, **kwargs):
        kwargs.setdefault("initial", {"withdrawn_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class StatementOfIntentForm(DatedForm):
    """A force's statement of intent to join a service: not legally binding, so no agreement is asked for."""

    service = forms.ModelChoiceField(
        label=_("Service"),
        queryset=Service.objects.none(),
        empty_label=None,
        error_messages={"required": _("Choose the service the force intends to join.")},
    )
    intent_signed_on = _date_field(_("Date the statement of intent was signed"))
    target_financial_year = FinancialYearFormField(
        label=_("Target financial year"),
        required=False,
    )
    complexity_notes = forms.CharField(
        label=_("Complexity notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, force: Force, **kwargs):
        kwargs.setdefault("initial", {"intent_signed_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        # Only the services the force has no plan for yet.
        self.fields["service"].queryset = Service.objects.exclude(plans__force=force).order_by("name")
