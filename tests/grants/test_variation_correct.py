"""Correcting a variation from the ledger while no decision is about it, and the rules of a re-profile between years."""

import datetime as dt
import html
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import roles
from core.financial_year import FinancialYear
from core.refusals import Refused
from decisions.drafting import decision_draft_from_variation
from grants.choices import VariationKind, VariationStatus
from grants.models import GrantVariation
from grants.services import variation_correct, variation_record
from tests.builders import grant_685, match_funding_variation
from tests.grants.test_services import letter_pdf, stored_files

pytestmark = pytest.mark.django_db

CORRECT = "Correct this variation"


@pytest.fixture
def finance(role_users):
    return role_users[roles.FINANCE_OFFICER]


@pytest.fixture
def variation(finance):
    """Grant 685's variation 1 as first recorded: £1.87m of match funding, with two outcomes."""
    variation = match_funding_variation(grant_685())
    variation.outcomes.create(position=1, text="Onboarding the last two forces.")
    variation.outcomes.create(position=2, text="Police.uk improvements.")
    return variation


def url_of(variation) -> str:
    return reverse("grants:correct_variation", args=[variation.grant_id, variation.sequence])


def text_of(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def corrected(**overrides) -> dict:
    data = {
        "kind": VariationKind.ADDITIONAL_FUNDING,
        "amount_change": "£1,900,000.00",
        "letter_reference": "685 Digital Public Contact Grant Variation Letter 2024/25 (revised)",
        "letter_date": "17/03/2025",
        "funds_financial_year": "2025/26",
        "description": "As revised by the Home Office.",
        "outcomes": "a. Onboarding the last two forces.\nb. Named Contactable Officers.",
    }
    return {**data, **overrides}


# From the ledger -----------------------------------------------------------------------------------------------------


def test_the_ledger_links_to_the_correction_of_a_variation_no_decision_is_about(client, role_users, variation):
    page_url = reverse("grants:detail", args=[variation.grant_id])
    client.force_login(role_users[roles.FINANCE_OFFICER])
    page = client.get(page_url).content.decode()
    assert f'href="{url_of(variation)}"' in page
    assert CORRECT in page

    client.force_login(role_users[roles.AUDITOR])
    assert CORRECT not in client.get(page_url).content.decode()
    assert client.get(url_of(variation)).status_code == 403


def test_no_correction_link_once_a_decision_is_drafted_from_the_variation(client, finance, variation):
    decision_draft_from_variation(variation=variation, by=finance)
    client.force_login(finance)
    assert CORRECT not in client.get(reverse("grants:detail", args=[variation.grant_id])).content.decode()


def test_the_form_shows_the_variation_as_recorded(client, finance, variation):
    client.force_login(finance)

    page = client.get(url_of(variation)).content.decode()

    assert re.search(r'value="match_funding"[^>]*\bchecked', page)
    assert 'value="1870000.00"' in page
    assert 'value="685 Digital Public Contact Grant Variation Letter 2024/25"' in page
    assert 'name="letter_date_day" type="text" inputmode="numeric" value="14"' in page
    assert "Onboarding the last two forces.\nPolice.uk improvements.</textarea>" in page


def test_a_finance_officer_corrects_a_variation(client, finance, variation):
    client.force_login(finance)

    response = client.post(url_of(variation), corrected(), follow=True)

    assert response.redirect_chain == [(reverse("grants:detail", args=[variation.grant_id]), 302)]
    assert "Variation 1 corrected. It still awaits a decision." in text_of(response)
    variation.refresh_from_db()
    assert (variation.sequence, variation.status) == (1, VariationStatus.PROPOSED)
    assert (variation.kind, variation.amount_change) == (VariationKind.ADDITIONAL_FUNDING, Decimal("1900000.00"))
    assert variation.letter_reference.endswith("(revised)")
    assert variation.letter_date == dt.date(2025, 3, 17)
    assert variation.funds_financial_year == FinancialYear(2025)
    assert [(o.letter, o.text) for o in variation.outcomes.all()] == [
        ("a", "Onboarding the last two forces."),
        ("b", "Named Contactable Officers."),
    ]
    assert variation.history.first().history_user == finance


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"amount_change": "-1870000"}, "amount_change", "Additional and match funding must increase the award"),
        ({"amount_change": "1.87e6"}, "amount_change", "not in exponent notation"),
        ({"letter_reference": ""}, "letter_reference", "Enter the reference of the variation letter or note."),
        ({"letter_date": "31/02/2025"}, "letter_date", "Date of the letter must be a real date."),
        (
            {"kind": VariationKind.REPROFILE, "amount_change": "-250000", "funds_financial_year": ""},
            "funds_financial_year",
            "A re-profile moves money between years: give the other year, written like 2026/27.",
        ),
    ],
)
def test_a_bad_correction_is_explained_and_nothing_changes(client, finance, variation, overrides, field, message):
    client.force_login(finance)

    response = client.post(url_of(variation), corrected(**overrides))

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    summary = page[page.index("govuk-error-summary") : page.index("</ul>", page.index("govuk-error-summary"))]
    assert message in summary
    # A date's link lands on its first box (the day), every other field's on the field.
    assert f'href="#id_{field}"' in summary or f'href="#id_{field}_day"' in summary
    variation.refresh_from_db()
    assert (variation.kind, variation.amount_change) == (VariationKind.MATCH_FUNDING, Decimal("1870000.00"))
    assert variation.outcomes.count() == 2


def test_once_a_decision_is_linked_the_page_says_why_it_cannot_be_corrected(client, finance, variation):
    decision = decision_draft_from_variation(variation=variation, by=finance)
    client.force_login(finance)

    page = client.get(url_of(variation))
    refused = client.post(url_of(variation), corrected())

    message = f"{decision.reference} is about this variation: take the variation off it before correcting it."
    for response in (page, refused):
        assert response.status_code == 200
        assert message in text_of(response)
        assert 'name="amount_change"' not in response.content.decode()
    variation.refresh_from_db()
    assert variation.amount_change == Decimal("1870000.00")


def test_an_accepted_variation_cannot_be_corrected(client, finance, variation):
    GrantVariation.objects.filter(pk=variation.pk).update(status=VariationStatus.ACCEPTED)
    client.force_login(finance)

    response = client.post(url_of(variation), corrected())

    assert "This variation is accepted: it stands as decided." in text_of(response)
    variation.refresh_from_db()
    assert variation.amount_change == Decimal("1870000.00")


# The service ---------------------------------------------------------------------------------------------------------


def _correct(variation, by, **overrides):
    values = {
        "kind": VariationKind.MATCH_FUNDING,
        "amount_change": Decimal("1870000.00"),
        "letter_reference": variation.letter_reference,
        "letter_date": variation.letter_date,
    }
    return variation_correct(variation=variation, by=by, **{**values, **overrides})


def test_outcomes_are_kept_unless_new_ones_are_given(finance, variation):
    _correct(variation, finance, description="Clarified.")
    assert variation.outcomes.count() == 2

    _correct(variation, finance, outcomes=["Only this one."])
    assert list(variation.outcomes.values_list("text", flat=True)) == ["Only this one."]


def test_a_new_letter_replaces_the_stored_one_and_no_letter_keeps_it(finance, variation, settings):
    _correct(variation, finance, letter_file=SimpleUploadedFile("revised.pdf", letter_pdf(), "application/pdf"))
    variation.refresh_from_db()
    first = variation.letter_file.name
    assert first.endswith(".pdf")

    _correct(variation, finance, description="No new letter.")
    variation.refresh_from_db()
    assert variation.letter_file.name == first


def test_a_refused_correction_stores_no_letter(finance, variation, settings):
    with pytest.raises(Refused):
        _correct(
            variation,
            finance,
            amount_change=Decimal("-5.00"),
            letter_file=SimpleUploadedFile("revised.pdf", letter_pdf(), "application/pdf"),
        )
    assert stored_files(settings.MEDIA_ROOT) == []


def test_an_auditor_cannot_correct_a_variation(role_users, variation):
    with pytest.raises(Refused) as refusal:
        _correct(variation, role_users[roles.AUDITOR], amount_change=Decimal("1.00"))
    assert refusal.value.code == "permission"
    variation.refresh_from_db()
    assert variation.amount_change == Decimal("1870000.00")


# A re-profile between years -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "year", "field", "message"),
    [
        (
            Decimal("-250000.00"),
            None,
            "funds_financial_year",
            "A re-profile moves money between years: give the other year, written like 2026/27.",
        ),
        (
            Decimal("-250000.00"),
            FinancialYear(2024),
            "funds_financial_year",
            "The grant is for 2024/25: a re-profile moves money to or from a different year.",
        ),
        (
            Decimal("0.00"),
            FinancialYear(2025),
            "amount_change",
            "A re-profile moves money between years: enter the amount moved, with a minus sign for money moved out "
            "of 2024/25.",
        ),
    ],
)
def test_a_re_profile_names_the_other_year_and_moves_an_amount(finance, amount, year, field, message):
    grant = grant_685()

    with pytest.raises(Refused) as refusal:
        variation_record(
            grant=grant,
            by=finance,
            kind=VariationKind.REPROFILE,
            amount_change=amount,
            letter_reference="685 re-profile letter",
            funds_financial_year=year,
        )

    assert [(r.field, r.message) for r in refusal.value.reasons] == [(field, message)]
    assert not grant.variations.exists()


def test_a_re_profile_into_another_year_is_recorded(finance):
    variation = variation_record(
        grant=grant_685(),
        by=finance,
        kind=VariationKind.REPROFILE,
        amount_change=Decimal("-250000.00"),
        letter_reference="685 re-profile letter",
        funds_financial_year=FinancialYear(2025),
    )
    assert (variation.sequence, variation.funds_financial_year) == (1, FinancialYear(2025))
