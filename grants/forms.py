"""Forms of the grants front office: recording a variation from a funder's letter."""

from django import forms
from django.conf import settings
from django.forms.widgets import ChoiceWidget
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core.forms import FinancialYearFormField, MoneyFormField
from core.validators import validate_pdf_upload
from grants.choices import VariationKind
from grants.services import MAX_OUTCOMES, outcome_texts

# GOV.UK Frontend's class for each kind of input (first match wins); text inputs otherwise.
_INPUT_CLASSES = (
    (forms.RadioSelect, "govuk-radios__input"),
    (forms.Textarea, "govuk-textarea"),
    (forms.FileInput, "govuk-file-upload"),
)


class GovukRadioSelect(forms.RadioSelect):
    """Radios whose field points at the first radio, so an error summary link lands on the question."""

    def id_for_label(self, id_, index="0"):
        return ChoiceWidget.id_for_label(self, id_, index)


class GovukForm(forms.Form):
    """A form whose inputs carry GOV.UK Frontend classes, and point at their hint and error message."""

    # Extra classes (widths) for text inputs, by field name.
    input_widths: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.mark_errors()

    def full_clean(self) -> None:
        super().full_clean()
        self.mark_errors()

    def mark_errors(self) -> None:
        """Give each input its classes and descriptions for the errors the form holds now (none before cleaning)."""
        errors = self._errors or {}
        for name, field in self.fields.items():
            field.widget.attrs["class"] = self._css_class(name, field, error=name in errors)
            self._describe(name, field, error=name in errors)

    def _css_class(self, name: str, field: forms.Field, *, error: bool) -> str:
        base = next((css for widget, css in _INPUT_CLASSES if isinstance(field.widget, widget)), "govuk-input")
        classes = [base, self.input_widths.get(name, "")]
        if error and not isinstance(field.widget, forms.RadioSelect):
            classes.append(f"{base}--error")
        return " ".join(css for css in classes if css)

    def _describe(self, name: str, field: forms.Field, *, error: bool) -> None:
        if isinstance(field.widget, forms.RadioSelect):
            return  # the fieldset is described, not each radio
        ids = []
        if field.help_text:
            ids.append(f"id_{name}-hint")
        if error:
            ids.append(f"id_{name}-error")
        if ids:
            field.widget.attrs["aria-describedby"] = " ".join(ids)
        else:
            field.widget.attrs.pop("aria-describedby", None)


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
            "In pounds and pence, for example £1,870,000.00. Put a minus sign before a reduction (−£50,000.00 is "
            "written -50,000.00); enter 0 for a change of period or of conditions."
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
