"""The service's form renderer writes text boxes and selects in Python: the HTML must be Django's, to the character."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from core.forms import GovukForm, GovukFormRenderer
from core.views import reverse_each

TRICKY = "Smith & \"Jones\" <script>'x'</script>"


class Everything(GovukForm):
    name = forms.CharField(label="Name", help_text="As on the letter", max_length=20)
    search = forms.CharField(widget=forms.SearchInput(attrs={"spellcheck": False, "autofocus": True}), required=False)
    amount = forms.IntegerField(min_value=0)
    email = forms.EmailField(required=False)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)
    when = forms.DateField(widget=forms.DateInput(format="%d/%m/%Y"), required=False)
    link = forms.URLField(required=False, assume_scheme="https")
    phone = forms.CharField(widget=forms.TextInput(attrs={"type": "tel"}), required=False)
    maker = forms.ChoiceField(
        choices=[("", "Any"), ("dmpc", gettext_lazy("Deputy Mayor")), ("pcc", TRICKY), ("3", 3)], required=False
    )
    grouped = forms.ChoiceField(
        choices=[("", "—"), ("Forces", [("met", "Metropolitan"), ("kent", "Kent & Medway")]), ("x", "Other")]
    )
    many = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B <b>"), ("c", "C")], required=False)
    safe_label = forms.ChoiceField(choices=[("s", mark_safe("<em>safe</em>"))], required=False)
    radios = forms.ChoiceField(widget=forms.RadioSelect, choices=[("y", "Yes"), ("n", "No")], required=False)
    notes = forms.CharField(widget=forms.Textarea, required=False)


class OwnTemplate(forms.TextInput):
    template_name = "django/forms/widgets/textarea.html"


BOUND = {
    "name": TRICKY,
    "search": "pcd 1838",
    "amount": "-5",
    "email": "not an e-mail",
    "secret": "<&>",
    "token": '"quoted"',
    "when": "08/04/2025",
    "link": "example.org/a?b=1&c=2",
    "phone": "0207 <1>",
    "maker": "pcc",
    "grouped": "kent",
    "many": ["a", "c"],
    "safe_label": "s",
    "radios": "n",
    "notes": "line & line",
}


def _html(form) -> dict[str, str]:
    return {name: str(form[name]) for name in form.fields}


@pytest.mark.parametrize(
    "make",
    [
        lambda renderer: Everything(renderer=renderer),
        lambda renderer: Everything(BOUND, renderer=renderer),
        lambda renderer: Everything({"grouped": "nothing", "amount": "x"}, renderer=renderer),
        lambda renderer: Everything(initial={"when": datetime.date(2025, 4, 8), "amount": 7}, renderer=renderer),
    ],
    ids=["unbound", "bound", "invalid", "initial"],
)
def test_every_widget_is_written_exactly_as_djangos_templates_write_it(make):
    expected_form, form = make(DjangoTemplates()), make(GovukFormRenderer())
    if form.is_bound:
        assert form.is_valid() == expected_form.is_valid()
    assert _html(form) == _html(expected_form)
    # And the whole form, as {{ form }} lays it out (labels, help and errors included).
    assert str(form) == str(expected_form)


def test_selected_options_and_escaping_are_kept():
    html = str(Everything(BOUND, renderer=GovukFormRenderer())["maker"])
    assert '<option value="pcc" selected>Smith &amp; &quot;Jones&quot; &lt;script&gt;' in html
    assert "<script>" not in html
    grouped = str(Everything(BOUND, renderer=GovukFormRenderer())["grouped"])
    assert '<optgroup label="Forces">' in grouped
    assert '<option value="kent" selected>Kent &amp; Medway</option>' in grouped


def test_a_widget_with_a_template_of_its_own_is_rendered_by_it():
    class Form(forms.Form):
        text = forms.CharField(widget=OwnTemplate)

    html = str(Form({"text": "hello"}, renderer=GovukFormRenderer())["text"])
    assert html.startswith("<textarea")
    assert "hello" in html


def test_the_service_renders_forms_with_it(settings):
    from django.forms.renderers import get_default_renderer

    get_default_renderer.cache_clear()
    try:
        assert isinstance(get_default_renderer(), GovukFormRenderer)
        assert isinstance(Everything().renderer, GovukFormRenderer)
    finally:
        get_default_renderer.cache_clear()


def test_reverse_each_gives_the_urls_reverse_gives():
    from django.urls import reverse

    url = reverse_each("register:detail")
    assert [url(pk) for pk in (1, 42, 1838)] == [reverse("register:detail", kwargs={"pk": pk}) for pk in (1, 42, 1838)]
    document = reverse_each("records:document", variant="part_1")
    assert document(7) == reverse("records:document", kwargs={"pk": 7, "variant": "part_1"})
    with pytest.raises(ValueError):
        url("1/../../admin")
