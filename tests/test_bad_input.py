"""Bad input gets a clear message and saves nothing, never a 500: amounts through the pages people use, over-long
text, and a paragraph that is one long unbroken word (which the PDF must still lay out, quickly and without loss)."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from core import roles
from decisions.choices import SectionKind
from decisions.models import Paragraph, Section
from grants.models import GrantVariation
from records.pdf import render_decision_pdf
from records.templatetags.pdf_text import ZERO_WIDTH_SPACE, breakable
from tests.builders import complete_draft, drive, grant_685

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance(client, role_users):
    client.force_login(role_users[roles.FINANCE_OFFICER])
    return client


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1" * 27, "That amount is too large: the largest allowed is £999,999,999,999.99."),
        ("1_000", "Enter an amount in pounds and pence, for example 1,870,000.00."),
        ("١٢٣", "Write the amount with the digits 0 to 9, for example 1,870,000.00."),
        ("1,87,0000", "Put commas only between groups of three digits"),
    ],
)
def test_a_bad_amount_on_the_variation_page_is_explained_and_nothing_is_saved(finance, typed, message):
    grant = grant_685()
    response = finance.post(
        reverse("grants:record_variation", args=[grant.pk]),
        {
            "kind": "additional_funding",
            "amount_change": typed,
            "letter_reference": "Letter",
            "letter_date": "14/03/2025",
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not GrantVariation.objects.filter(grant=grant).exists()


def test_a_reduction_typed_with_the_minus_sign_of_the_hint_is_read(finance):
    grant = grant_685()
    response = finance.post(
        reverse("grants:record_variation", args=[grant.pk]),
        {
            "kind": "reduction",
            "amount_change": "−£50,000.00",
            "letter_reference": "Letter",
            "letter_date": "14/03/2025",
        },
    )
    assert response.status_code == 302
    assert str(GrantVariation.objects.get(grant=grant).amount_change) == "-50000.00"


def test_over_long_text_is_refused_with_its_limit(cast):
    decision = complete_draft(drafter=cast.drafter)
    paragraph = Paragraph.objects.filter(section__decision=decision).first()
    paragraph.text = "word " * 5_000  # 25,000 characters
    with pytest.raises(ValidationError) as refusal:
        paragraph.full_clean()
    assert "Ensure this value has at most 20000 characters (it has 25000)." in refusal.value.message_dict["text"]


def test_an_over_long_reason_for_returning_is_refused_on_the_page(client, cast):
    submitted = drive(complete_draft(drafter=cast.drafter), to="submitted", cast=cast)
    client.force_login(cast.ceo)
    response = client.post(reverse("decisions:action", args=[submitted.pk, "return"]), {"reason": "x" * 5_001})
    assert response.status_code == 200
    assert "at most 5000 characters" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.status == "submitted"


def test_a_paragraph_of_one_unbroken_word_prints_whole_and_breaks_across_lines(cast):
    decision = complete_draft(drafter=cast.drafter)
    section = Section.objects.get(decision=decision, kind=SectionKind.ISSUES)
    word = "abcdefghij" * 2_000  # 20,000 characters, the longest a paragraph may be
    Paragraph.objects.create(section=section, position=2, text=word)

    pdf = render_decision_pdf(decision, include_part_2=True, draft=True)

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    # Broken at lines (and pages, between their header and footer), every letter is there.
    assert text.replace(ZERO_WIDTH_SPACE, "").count("abcdefghij") == 2_000


def test_long_runs_get_break_opportunities_and_ordinary_words_do_not():
    assert breakable("An ordinary sentence, with words.") == "An ordinary sentence, with words."
    broken = breakable("x" * 100)
    assert broken.replace(ZERO_WIDTH_SPACE, "") == "x" * 100
    assert max(len(run) for run in broken.split(ZERO_WIDTH_SPACE)) == 40
