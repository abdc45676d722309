"""Forms in GOV.UK Frontend markup (:class:`GovukForm`, the base of every form and filter form), and form fields
for the value types in :mod:`core`."""

import datetime
from decimal import Decimal

from django import forms
from django.forms.renderers import DjangoTemplates
from django.forms.widgets import ChoiceWidget
from django.template.loader import render_to_string
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from core.financial_year import FinancialYear
from core.money import format_gbp, parse_amount, parse_short_amount
from core.refusals import Refused


class MoneyInput(forms.TextInput):
    """An amount's text box; while an amount written in short form waits to be confirmed (``echo``: the exact amount),
    a box to tick that says it in full follows the input (``<name>_confirmed``)."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "spellcheck": "false", **(attrs or {})})
        self.echo: Decimal | None = None
        # Ticked already: shown again (another field was wrong), the box stays ticked.
        self.echo_confirmed = False

    def value_from_datadict(self, data, files, name):
        text = data.get(name)
        confirmed = data.get(f"{name}_confirmed")
        return text if confirmed is None else (text, confirmed)

    def format_value(self, value):
        if isinstance(value, tuple):
            value = value[0]
        return super().format_value(value)

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        if self.echo is None:
            return html
        id_ = (attrs or {}).get("id") or f"id_{name}"
        return html + format_html(
            '<div class="govuk-checkboxes govuk-checkboxes--small app-money-confirm" data-module="govuk-checkboxes">'
            '<div class="govuk-checkboxes__item">'
            '<input class="govuk-checkboxes__input" id="{}_confirmed" name="{}_confirmed" type="checkbox" value="{}"{}>'
            '<label class="govuk-label govuk-checkboxes__label" for="{}_confirmed">{}</label>'
            "</div></div>",
            id_,
            name,
            self.echo,
            " checked" if self.echo_confirmed else "",
            id_,
            _("Yes, the amount is %(amount)s") % {"amount": format_gbp(self.echo)},
        )


class MoneyFormField(forms.DecimalField):
    """An amount in pounds and pence; accepts ``£1,870,000.00`` and ``1870000`` as typed on a letter, and nothing that
    :func:`~core.money.parse_amount` refuses (each refusal with its own message).

    An amount written the way the forms write it in prose (``£1.87m``, ``£250K``) is read exactly, then echoed back
    once ("You entered £1.87m. This is £1,870,000.00.") with a box to tick: the form is valid only once the amount
    read is confirmed, so nothing is saved from a short form nobody has seen in full.
    """

    widget = MoneyInput

    def __init__(self, *args, **kwargs):
        kwargs.pop("max_digits", None)
        kwargs.pop("decimal_places", None)
        kwargs.setdefault("localize", False)
        kwargs["widget"] = kwargs.get("widget") or MoneyInput
        super().__init__(*args, max_digits=14, decimal_places=2, **kwargs)

    def widget_attrs(self, widget):
        # Not DecimalField's: a number input's step and bounds mean nothing on a text box.
        return {}

    def to_python(self, value):
        echoes = isinstance(self.widget, MoneyInput)
        if echoes:
            self.widget.echo, self.widget.echo_confirmed = None, False
        confirmed = None
        if isinstance(value, tuple):
            value, confirmed = value
        # Only spaces is no answer: the field's own "required" message says what to enter.
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        short = parse_short_amount(value)
        if short is None:
            return parse_amount(value)
        if not echoes:
            # No box can be shown to confirm it (a widget of the caller's own): read as written.
            return short
        if confirmed == str(short):
            self.widget.echo, self.widget.echo_confirmed = short, True
            return short
        self.widget.echo = short
        raise forms.ValidationError(
            _("You entered %(typed)s. This is %(amount)s. Tick the box to confirm it, or change the amount."),
            code="confirm",
            params={"typed": value.strip(), "amount": format_gbp(short)},
        )

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


# --- Rendering the plainest widgets ---------------------------------------------------------------------------------

# Django's templates for ``<input>`` widgets that only include input.html, and its select and option.
_INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{kind}.html"
    for kind in ("input", "text", "search", "number", "email", "url", "password", "hidden", "tel", "date", "time")
)
_SELECT_TEMPLATE = "django/forms/widgets/select.html"
_OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _attrs_html(attrs: dict) -> str:
    """The attributes as django/forms/widgets/attrs.html writes them: False left out, True as a bare name."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {conditional_escape(name)}")
        else:
            parts.append(f' {conditional_escape(name)}="{conditional_escape(str(value))}"')
    return "".join(parts)


def _input_html(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{conditional_escape(str(widget["value"]))}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
        f"{value}{_attrs_html(widget['attrs'])}>"
    )


def _select_html(widget: dict) -> str | None:
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs_html(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            if option["template_name"] != _OPTION_TEMPLATE:
                return None
            parts.append(
                f'\n  <option value="{conditional_escape(str(option["value"]))}"{_attrs_html(option["attrs"])}>'
                f"{conditional_escape(option['label'])}</option>\n"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class GovukFormRenderer(DjangoTemplates):
    """Django's form renderer (``FORM_RENDERER``), with text boxes and selects written in Python.

    Django renders a widget by template, an option of a select by a template of its own, and each one's attributes by
    another: a filter form of four fields took longer than the page's queries. The HTML made here is Django's, to
    the character (``tests/core/test_form_renderer.py`` compares the two); any other widget, or one given a template
    of its own, is rendered by its template as before.
    """

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        html = None
        if widget is not None and widget.get("template_name") == template_name:
            if template_name in _INPUT_TEMPLATES:
                html = _input_html(widget)
            elif template_name == _SELECT_TEMPLATE:
                html = _select_html(widget)
        if html is None:
            return super().render(template_name, context, request)
        return mark_safe(html)  # noqa: S308 - every value above is escaped


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
            if getattr(field.widget, "is_govuk_date", False):
                # Each box is styled by the widget, the wrong ones only; the fieldset is described, not each box.
                field.widget.error = name in errors
                continue
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


# The parts of a GOV.UK date input, in the order they are shown.
DATE_PARTS = ("day", "month", "year")
_DATE_PART_LABELS = {"day": _("Day"), "month": _("Month"), "year": _("Year")}
# One date written in one text (as tests, scripts and older pages send it): as the UK writes it, or ISO 8601.
_ONE_TEXT_FORMATS = ("%d/%m/%Y", "%Y-%m-%d")


class GovukDateInput(forms.MultiWidget):
    """The GOV.UK date input: day, month and year boxes, named ``<name>_day``, ``<name>_month``, ``<name>_year``.

    A date sent as one text under the field's own name (``08/04/2025`` or ``2025-04-08``) is read as well. The field
    says which boxes are wrong (``error_parts``); the form says whether the field has an error (``error``).
    """

    is_govuk_date = True

    def __init__(self, attrs=None):
        super().__init__({part: forms.TextInput() for part in DATE_PARTS}, attrs)
        self.error = False
        self.error_parts: set[str] = set()

    def decompress(self, value):
        if isinstance(value, str):
            value = _parse_one_text(value)
        if value is None:
            return ["", "", ""]
        return [str(value.day), str(value.month), str(value.year)]

    def value_from_datadict(self, data, files, name):
        parts = [data.get(f"{name}_{part}") for part in DATE_PARTS]
        if any(part is not None for part in parts):
            return ["" if part is None else part for part in parts]
        return data.get(name)

    def value_omitted_from_data(self, data, files, name):
        return name not in data and all(f"{name}_{part}" not in data for part in DATE_PARTS)

    def id_for_label(self, id_):
        # The first wrong box, so that the error summary's link lands on it; else the day.
        if not id_:
            return id_
        wrong = [part for part in DATE_PARTS if part in self.error_parts]
        return f"{id_}_{(wrong or ['day'])[0]}"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        id_ = context["widget"]["attrs"].get("id") or f"id_{name}"
        for part, subwidget in zip(DATE_PARTS, context["widget"]["subwidgets"], strict=True):
            wrong = self.error and (not self.error_parts or part in self.error_parts)
            classes = ["govuk-input", "govuk-date-input__input"]
            classes.append("govuk-input--width-4" if part == "year" else "govuk-input--width-2")
            if wrong:
                classes.append("govuk-input--error")
            subwidget["attrs"] = {"id": f"{id_}_{part}", "class": " ".join(classes)}
            subwidget["part"] = part
            subwidget["label"] = _DATE_PART_LABELS[part]
        context["widget"]["id"] = id_
        return context

    def render(self, name, value, attrs=None, renderer=None):
        # From the project's templates (the form renderer reads only Django's and the apps' own).
        return render_to_string("inc/date_input_widget.html", self.get_context(name, value, attrs))


def _parse_one_text(text: str) -> datetime.date | None:
    for format_ in _ONE_TEXT_FORMATS:
        try:
            return datetime.datetime.strptime(text.strip(), format_).date()
        except ValueError:
            continue
    return None


class UkDateField(forms.Field):
    """A date as the GOV.UK date input takes it (day, month and year boxes), or as one text written the UK's way
    (08/04/2025) or in ISO 8601 (2025-04-08), as tests and scripts send it.

    A date that is wrong says which part is wrong ("Date of the letter must include a month", "Date of the letter:
    the day must be a number from 1 to 31") and marks only that box. ``described_as`` names the date in those
    messages when the label would read badly there.
    """

    widget = GovukDateInput
    default_error_messages = {
        "required": _("Enter the date."),
        "invalid": _("%(date)s must be a real date."),
        "missing": _("%(date)s must include a %(parts)s."),
        "day": _("%(date)s: the day must be a number from 1 to 31."),
        "month": _("%(date)s: the month must be a number from 1 to 12."),
        "year": _("%(date)s: the year must include 4 numbers, for example 2025."),
    }

    def __init__(self, *args, described_as=None, **kwargs):
        kwargs.setdefault("help_text", _("For example, 8 4 2025"))
        self.described_as = described_as
        super().__init__(*args, **kwargs)

    def _refuse(self, code: str, wrong, **params):
        self.widget.error_parts = set(wrong)
        date_name = str(self.described_as or self.label or _("The date")).removesuffix(" (optional)")
        raise forms.ValidationError(self.error_messages[code], code=code, params={"date": date_name, **params})

    def to_python(self, value):
        self.widget.error_parts = set()
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if value in self.empty_values:
            return None
        if isinstance(value, str):
            if not value.strip():
                return None
            parsed = _parse_one_text(value)
            if parsed is None:
                self._refuse("invalid", DATE_PARTS)
            return parsed
        parts = dict(zip(DATE_PARTS, (str(part or "").strip() for part in value), strict=False))
        if not any(parts.values()):
            return None
        missing = [part for part in DATE_PARTS if not parts.get(part)]
        if missing:
            names = [str(_DATE_PART_LABELS[part]).lower() for part in missing]
            joined = names[0] if len(names) == 1 else " and ".join(names)
            self._refuse("missing", missing, parts=joined)
        for part, low, high in (("day", 1, 31), ("month", 1, 12)):
            text = parts[part]
            if not (text.isascii() and text.isdigit() and low <= int(text) <= high):
                self._refuse(part, [part])
        year = parts["year"]
        if not (year.isascii() and year.isdigit() and len(year) == 4):
            self._refuse("year", ["year"])
        try:
            return datetime.date(int(year), int(parts["month"]), int(parts["day"]))
        except ValueError:
            self._refuse("invalid", ["day"])

    def prepare_value(self, value):
        return value
