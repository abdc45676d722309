"""Forms in GOV.UK Frontend markup (:class:`GovukForm`, the base of every form and filter form), and form fields
for the value types in :mod:`core`."""

from django import forms
from django.forms.widgets import ChoiceWidget
from django.utils.translation import gettext_lazy as _

from core.financial_year import FinancialYear
from core.money import parse_amount
from core.refusals import Refused


class MoneyFormField(forms.DecimalField):
    """An amount in pounds and pence; accepts ``£1,870,000.00`` as typed on a letter, and nothing that
    :func:`~core.money.parse_amount` refuses (each refusal with its own message)."""

    def __init__(self, *args, **kwargs):
        kwargs.pop("max_digits", None)
        kwargs.pop("decimal_places", None)
        kwargs.setdefault("localize", False)
        super().__init__(*args, max_digits=14, decimal_places=2, **kwargs)
        self.widget = forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"})

    def to_python(self, value):
        # Only spaces is no answer: the field's own "required" message says what to enter.
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        return parse_amount(value)

    def validate(self, value):
        forms.Field.validate(self, value)


class FinancialYearFormField(forms.CharField):
    """A UK financial year written ``2024/25``."""

    default_error_messages = {"invalid": _("Enter a financial year like 2024/25.")}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 7)
        kwargs.setdefault("help_text", _("April to March, written like 2024/25."))
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        return FinancialYear.parse(value)

    def run_validators(self, value):
        # The length validator reads text, not the value type.
        super().run_validators(None if value is None else str(value))

    def prepare_value(self, value):
        return "" if value is None else str(value)


# GOV.UK Frontend's class for each kind of input (first match wins); text inputs otherwise.
_INPUT_CLASSES = (
    # Django's checkbox list is a kind of radio list, so it is matched first.
    (forms.CheckboxSelectMultiple, "govuk-checkboxes__input"),
    (forms.RadioSelect, "govuk-radios__input"),
    (forms.CheckboxInput, "govuk-checkboxes__input"),
    (forms.Select, "govuk-select"),
    (forms.Textarea, "govuk-textarea"),
    (forms.FileInput, "govuk-file-upload"),
)
# Inputs whose error style is on the group, not the input.
_GROUPED = (forms.RadioSelect, forms.CheckboxSelectMultiple, forms.CheckboxInput)


class GovukRadioSelect(forms.RadioSelect):
    """Radios whose field points at the first radio, so an error summary link lands on the question."""

    def id_for_label(self, id_, index="0"):
        return ChoiceWidget.id_for_label(self, id_, index)


class GovukForm(forms.Form):
    """A form whose inputs carry GOV.UK Frontend classes and point at their hint and error message.

    The base of every form of the service, filter forms included (``class Meta: form = GovukForm`` in a FilterSet).
    ``add_refusal`` puts a service's :class:`~core.refusals.Refused` reasons on the fields they belong to.
    """

    # Extra classes (widths) for text inputs, by field name.
    input_widths: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.mark_errors()

    def full_clean(self) -> None:
        super().full_clean()
        self.mark_errors()

    def add_refusal(self, refused: Refused) -> None:
        """Each reason on its field when the form has that field, else on the form as a whole."""
        for reason in refused.reasons:
            self.add_error(reason.field if reason.field in self.fields else None, reason.message)
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
        if error and not isinstance(field.widget, _GROUPED):
            classes.append(f"{base}--error")
        return " ".join(css for css in classes if css)

    def _describe(self, name: str, field: forms.Field, *, error: bool) -> None:
        if isinstance(field.widget, (forms.RadioSelect, forms.CheckboxSelectMultiple)):
            return  # the fieldset is described, not each choice
        ids = []
        if field.help_text:
            ids.append(f"id_{name}-hint")
        if error:
            ids.append(f"id_{name}-error")
        if ids:
            field.widget.attrs["aria-describedby"] = " ".join(ids)
        else:
            field.widget.attrs.pop("aria-describedby", None)


class UkDateField(forms.DateField):
    """A date written as the UK does (08/04/2025), or in ISO 8601 (2025-04-08) as date pickers and tests send it."""

    input_formats = ["%d/%m/%Y", "%Y-%m-%d"]
    default_error_messages = {"invalid": _("Enter a real date, like 08/04/2025.")}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", _("For example, 08/04/2025"))
        kwargs.setdefault("widget", forms.DateInput(format="%d/%m/%Y"))
        super().__init__(*args, input_formats=self.input_formats, **kwargs)
