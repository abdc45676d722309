"""Forms of the grants front office: recording a variation from a funder's letter."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core.forms import FinancialYearFormField, GovukForm, GovukRadioSelect, MoneyFormField
from core.validators import validate_pdf_upload
from grants.choices import VariationKind
from grants.services import MAX_OUTCOMES, outcome_texts


class VariationForm(GovukForm):
    """A variation as its letter gives it. The number is assigned when it is recorded; the status waits for
    a decision."""

    kind = forms.ChoiceField(
        label=_("What kind of variation is it?"),
        choices=VariationKind.choices,
        widget=GovukRadioSelect,
        error_messages={"required": _("Select the kind of variation.")},
    )
    amount_change = MoneyFormField(
        label=_("Change to the award"),
        help_text=_(
            "In pounds and pence, for example £1,870,000.00. Put a minus sign before a reduction, for example "
            "−£50,000.00; enter 0 for a change of period or of conditions."
        ),
        error_messages={"required": _("Enter the change to the award in pounds and pence, or 0.")},
    )
    letter_reference = forms.CharField(
        label=_("Variation letter or note"),
        max_length=200,
        help_text=_(
            "As the letter names itself, for example 685 Digital Public Contact Grant Variation Letter 2024/25."
        ),
        error_messages={
            "required": _("Enter the reference of the variation letter or note."),
            "max_length": _("The letter reference must be 200 characters or fewer."),
        },
    )
    letter_date = forms.DateField(
        label=_("Date of the letter"),
        input_formats=["%d/%m/%Y"],
        help_text=_("For example, 14/03/2025."),
        error_messages={
            "required": _("Enter the date of the letter."),
            "invalid": _("Enter the date of the letter as day/month/year, for example 14/03/2025."),
        },
    )
    funds_financial_year = FinancialYearFormField(
        label=_("Money to be spent in (optional)"),
        required=False,
        help_text=_("Where the funding is passed on to a later year, written like 2025/26."),
    )
    description = forms.CharField(
        label=_("Description (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the letter says the change is for."),
    )
    outcomes = forms.CharField(
        label=_("Outcomes the money funds (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One outcome a line. They are lettered a., b., c. in the order given."),
    )
    letter_file = forms.FileField(
        label=_("Upload the letter (optional)"),
        required=False,
        # Empty files reach validate_pdf_upload, which says so in the same words as every other upload (the field's
        # own message for its code "empty" would replace the validator's otherwise).
        allow_empty_file=True,
        validators=[validate_pdf_upload],
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf"}),
        error_messages={
            "invalid": _("The selected file could not be read: choose the PDF again."),
            "empty": _("The file is empty."),
        },
    )

    input_widths = {
        "amount_change": "govuk-input--width-10",
        "letter_date": "govuk-input--width-10",
        "funds_financial_year": "govuk-input--width-5",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["letter_date"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        self.fields["letter_file"].help_text = _("A PDF of the letter, no larger than %(limit)s.") % {
            "limit": filesizeformat(settings.UPLOAD_MAX_BYTES)
        }
        # The hint is set after GovukForm described the fields.
        self.mark_errors()

    def clean_outcomes(self) -> list[str]:
        texts = outcome_texts(self.cleaned_data["outcomes"])
        if len(texts) > MAX_OUTCOMES:
            raise forms.ValidationError(
                _("List at most %(limit)s outcomes (they are lettered a. to z.)."), params={"limit": MAX_OUTCOMES}
            )
        return texts
