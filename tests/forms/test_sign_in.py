"""The sign-in page's errors, as GOV.UK shows them: one error summary, an inline error at each field, "Error:" first in
the page title, each message saying what to do."""

import html
import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("login")


def _summary(page: str) -> str:
    start = page.index("govuk-error-summary")
    return page[start : page.index("</ul>", start)]


def test_empty_fields_show_one_summary_and_an_inline_error_at_each(client):
    page = html.unescape(client.post(LOGIN_URL, {"username": "", "password": ""}).content.decode())

    assert re.search(r"<title>Error: Sign in – ", page)
    assert page.count('class="govuk-error-summary"') == 1
    assert re.findall(r'<a href="#([^"]+)">([^<]+)</a>', _summary(page)) == [
        ("id_username", "Enter your user name"),
        ("id_password", "Enter your password"),
    ]
    assert "This field is required." not in page
    # Each message once in the summary and once at its field, whose box is marked and described by it.
    for name, message in (("username", "Enter your user name"), ("password", "Enter your password")):
        assert page.count(message) == 2
        assert f'<p class="govuk-error-message" id="id_{name}-error">' in page
        assert re.search(
            rf'<input class="[^"]*govuk-input--error"\s+id="id_{name}"[^>]*aria-describedby="id_{name}-error"', page
        )


def test_a_wrong_password_says_what_to_do_and_keeps_the_user_name(client, role_users):
    page = html.unescape(client.post(LOGIN_URL, {"username": "nobody-here", "password": "wrong"}).content.decode())

    assert page.startswith("<!DOCTYPE html>") and "<title>Error: Sign in" in page
    summary = _summary(page)
    assert '<a href="#id_username">Enter a correct user name and password.' in summary
    assert 'value="nobody-here"' in page


def test_the_page_without_errors_has_no_error_title(client):
    page = client.get(LOGIN_URL).content.decode()
    assert "<title>Sign in – " in page
    assert "govuk-error-summary" not in page
