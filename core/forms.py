"""Form fields for the value types in :mod:`core`."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.financial_year import FinancialYear
from core.money import parse_amount


class MoneyFormField(forms.DecimalField):
    """An amount in pounds and pence; accepts ``£1,870,000.00`` as typed on a letter."""

    def __init__(self, *args, **kwargs):
        kwargs.pop("max_digits", None)
        kwargs.pop("decimal_places", None)
        kwargs.setdefault("localize", False)
        super().__init__(*args, max_digits=14, decimal_places=2, **kwargs)
        self.widget = forms.TextInput(attrs={"inputmode": "decimal", "spellcheck": "false"})

    def to_python(self, value):
        if value in self.empty_values:
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


class GovukFilterForm(forms.Form):
    """A filter form whose inputs carry GOV.UK Frontend classes, error styles included."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", self._base_class(field))

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                field = self.fields[name]
                field.widget.attrs["class"] = f"{self._base_class(field)} {self._base_class(field)}--error"

    @staticmethod
    def _base_class(field) -> str:
        return "govuk-select" if isinstance(field.widget, forms.Select) else "govuk-input"
