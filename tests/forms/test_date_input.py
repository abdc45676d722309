"""The GOV.UK date input (day, month and year boxes): a wrong date names the part that is wrong and marks only that
box; a date sent as one text (as tests and scripts send it) is still read."""

import datetime as dt
import re

import pytest
from django import forms

from core.forms import GovukForm, UkDateField


class LetterForm(GovukForm):
    letter_date = UkDateField(label="Date of the letter", error_messages={"required": "Enter the date of the letter."})


def _boxes_in_error(form: LetterForm) -> list[str]:
    rendered = str(form["letter_date"])
    return re.findall(r'class="[^"]*govuk-input--error" id="id_letter_date_(\w+)"', rendered)


def _parts(day="", month="", year="") -> dict:
    return {"letter_date_day": day, "letter_date_month": month, "letter_date_year": year}


@pytest.mark.parametrize(
    ("typed", "message", "wrong"),
    [
        (_parts("14", "", "2025"), "Date of the letter must include a month.", ["month"]),
        (_parts("", "", "2025"), "Date of the letter must include a day and month.", ["day", "month"]),
        (_parts("32", "3", "2025"), "Date of the letter: the day must be a number from 1 to 31.", ["day"]),
        (_parts("14", "13", "2025"), "Date of the letter: the month must be a number from 1 to 12.", ["month"]),
        (_parts("14", "3", "25"), "Date of the letter: the year must include 4 numbers, for example 2025.", ["year"]),
        (_parts("x", "3", "2025"), "Date of the letter: the day must be a number from 1 to 31.", ["day"]),
        (_parts("29", "2", "2025"), "Date of the letter must be a real date.", ["day"]),
        (_parts(), "Enter the date of the letter.", ["day", "month", "year"]),
    ],
)
def test_a_wrong_date_names_the_part_and_marks_only_its_box(typed, message, wrong):
    form = LetterForm(data=typed)
    assert not form.is_valid()
    assert form.errors["letter_date"] == [message]
    assert _boxes_in_error(form) == wrong
    # The error summary's link lands on the first wrong box.
    assert form["letter_date"].id_for_label == f"id_letter_date_{wrong[0]}"


@pytest.mark.parametrize(
    "typed",
    [
        _parts("8", "4", "2025"),
        _parts(" 08 ", "04", "2025"),
        {"letter_date": "08/04/2025"},
        {"letter_date": "2025-04-08"},
    ],
)
def test_a_date_is_read_from_its_boxes_or_from_one_text(typed):
    form = LetterForm(data=typed)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["letter_date"] == dt.date(2025, 4, 8)


def test_a_date_shown_again_fills_each_box_and_nothing_is_marked():
    form = LetterForm(initial={"letter_date": dt.date(2025, 4, 8)})
    rendered = str(form["letter_date"])
    assert 'name="letter_date_day" type="text" inputmode="numeric" value="8"' in rendered
    assert 'name="letter_date_month" type="text" inputmode="numeric" value="4"' in rendered
    assert 'name="letter_date_year" type="text" inputmode="numeric" value="2025"' in rendered
    assert "govuk-input--error" not in rendered
    assert _boxes_in_error(form) == []


def test_an_error_the_form_adds_marks_every_box():
    class NotInFuture(LetterForm):
        def clean_letter_date(self):
            raise forms.ValidationError("The date of the letter cannot be in the future.")

    form = NotInFuture(data=_parts("8", "4", "2099"))
    assert not form.is_valid()
    assert _boxes_in_error(form) == ["day", "month", "year"]


@pytest.mark.django_db
def test_the_variation_page_names_the_wrong_part(client, role_users):
    from django.urls import reverse

    from core import roles
    from tests.forms.test_money_input import accepted_grant

    grant = accepted_grant()
    before = grant.variations.count()
    client.force_login(role_users[roles.FINANCE_OFFICER])
    url = reverse("grants:record_variation", args=[grant.pk])
    page = client.get(url).content.decode()
    assert '<fieldset class="govuk-fieldset" role="group"' in page
    assert 'id="id_letter_date_day"' in page and 'id="id_letter_date_year"' in page

    response = client.post(
        url,
        {
            "kind": "additional_funding",
            "amount_change": "£1,870,000.00",
            "letter_reference": "685 variation letter",
            **{"letter_date_day": "28", "letter_date_month": "", "letter_date_year": "2025"},
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert '<a href="#id_letter_date_month">Date of the letter must include a month.</a>' in page
    assert re.findall(r'govuk-input--error" id="id_letter_date_(\w+)"', page) == ["month"]
    assert grant.variations.count() == before
