"""Rows of long lists are filled in Python: escaped exactly as Django's format_html escapes."""

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy

from core.markup import fill

TEMPLATE = '<td data-label="{}"><a href="{}">{}</a>{}</td>'


def test_fill_escapes_every_value_as_format_html_does():
    values = (gettext_lazy("Decision date"), "/r/1?a=1&b=2", 'O\'Brien & "Sons" <b>', mark_safe("<em>kept</em>"))
    filled = fill(TEMPLATE, *values)
    assert filled == format_html(TEMPLATE, *values)
    assert isinstance(filled, SafeString)
    assert "&#x27;" in filled and "&quot;" in filled and "<b>" not in filled and "<em>kept</em>" in filled


def test_fill_writes_numbers_and_dates_as_text():
    import datetime

    assert fill("{} {}", 1838, datetime.date(2025, 4, 8)) == "1838 2025-04-08"
