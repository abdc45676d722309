"""Money in any of the forms' styles, read exactly (Decimal): ``£1,870,000.00``, ``1870000``, and the prose style
``£1.87m`` / ``£250K``, which is echoed back in full and saved only once confirmed."""

import html
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core import roles
from core.money import parse_short_amount
from grants.choices import VariationStatus
from grants.models import GrantVariation
from tests.builders import grant_685, match_funding_variation


def accepted_grant():
    """Grant 685 with its £1.87m match funding accepted."""
    grant = grant_685()
    GrantVariation.objects.filter(pk=match_funding_variation(grant).pk).update(status=VariationStatus.ACCEPTED)
    return grant


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("£1.87m", Decimal("1870000.00")),
        ("1.87m", Decimal("1870000.00")),
        ("£20.698m", Decimal("20698000.00")),
        ("£250K", Decimal("250000.00")),
        ("£250k", Decimal("250000.00")),
        ("-£50K", Decimal("-50000.00")),
        ("£1,200K", Decimal("1200000.00")),
        ("£1.2345678m", Decimal("1234567.80")),
    ],
)
def test_the_prose_style_is_read_exactly(typed, amount):
    read = parse_short_amount(typed)
    assert isinstance(read, Decimal)
    assert read == amount and read.as_tuple().exponent == -2


@pytest.mark.parametrize("typed", ["1870000", "£1,870,000.00", "1.87", "m", "£1.87mm", "1.87e6"])
def test_other_styles_are_left_to_parse_amount(typed):
    assert parse_short_amount(typed) is None


def test_an_amount_below_a_penny_is_refused():
    with pytest.raises(ValidationError) as refused:
        parse_short_amount("£1.234567891m")
    assert refused.value.code == "decimal_places"


# --- On the variation page --------------------------------------------------------------------------------------------

pytestmark = pytest.mark.django_db


@pytest.fixture
def grant(client, role_users):
    client.force_login(role_users[roles.FINANCE_OFFICER])
    return accepted_grant()


def _post(client, grant, amount: str, **extra):
    data = {
        "kind": "additional_funding",
        "amount_change": amount,
        "letter_reference": "685 Digital Public Contact Grant Variation Letter 2024/25 (2)",
        "letter_date": "28/03/2025",
        **extra,
    }
    return client.post(reverse("grants:record_variation", args=[grant.pk]), data)


def _text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_a_short_amount_is_echoed_in_full_and_saved_only_once_confirmed(client, grant):
    before = grant.variations.count()

    echoed = _post(client, grant, "£1.87m")

    assert echoed.status_code == 200
    assert "You entered £1.87m. This is £1,870,000.00." in _text(echoed)
    page = echoed.content.decode()
    assert 'name="amount_change" value="£1.87m"' in page
    assert 'name="amount_change_confirmed" type="checkbox" value="1870000.00"' in page
    assert "Yes, the amount is £1,870,000.00" in _text(echoed)
    assert grant.variations.count() == before

    # Confirming an amount other than the one now typed does not save it.
    changed = _post(client, grant, "£1.88m", amount_change_confirmed="1870000.00")
    assert "You entered £1.88m. This is £1,880,000.00." in _text(changed)
    assert grant.variations.count() == before

    saved = _post(client, grant, "£1.87m", amount_change_confirmed="1870000.00")
    assert saved.status_code == 302
    assert grant.variations.order_by("-sequence").first().amount_change == Decimal("1870000.00")


@pytest.mark.parametrize(("typed", "amount"), [("1870000", "1870000.00"), ("£1,870,000.00", "1870000.00")])
def test_an_amount_in_full_is_saved_at_once(client, grant, typed, amount):
    response = _post(client, grant, typed)
    assert response.status_code == 302
    assert grant.variations.order_by("-sequence").first().amount_change == Decimal(amount)


def test_250k_is_saved_once_confirmed(client, grant):
    assert "You entered £250K. This is £250,000.00." in _text(_post(client, grant, "£250K"))
    assert _post(client, grant, "£250K", amount_change_confirmed="250000.00").status_code == 302
    assert grant.variations.order_by("-sequence").first().amount_change == Decimal("250000.00")


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("lots", "Enter an amount in pounds and pence."),
        ("£1.87 million", "Enter an amount in pounds and pence, for example 1,870,000.00."),
        ("£1.234567891m", "That amount goes below a penny: write it in full, for example 1,870,000.00."),
    ],
)
def test_garbage_is_refused_with_a_clear_message_and_nothing_saved(client, grant, typed, message):
    before = grant.variations.count()
    response = _post(client, grant, typed)
    assert response.status_code == 200
    assert message in _text(response)
    assert "<title>Error:" in response.content.decode()
    assert grant.variations.count() == before


def test_the_award_on_the_add_a_grant_page_is_echoed_too(client, grant):
    from grants.models import Organisation

    home_office = Organisation.objects.get(name="Home Office")
    data = {
        "funder": home_office.pk,
        "recipient": grant.recipient_id,
        "funder_reference": "912",
        "title": "Neighbourhood Contact",
        "financial_year": "2025/26",
        "original_award_amount": "£7m",
        "awarded_on_day": "14",
        "awarded_on_month": "4",
        "awarded_on_year": "2025",
    }
    echoed = client.post(reverse("grants:add"), data)
    assert "You entered £7m. This is £7,000,000.00." in _text(echoed)
    saved = client.post(reverse("grants:add"), {**data, "original_award_amount_confirmed": "7000000.00"})
    assert saved.status_code == 302
    from grants.models import Grant

    assert Grant.objects.get(funder_reference="912").original_award_amount == Decimal("7000000.00")


def test_a_confirmed_amount_stays_confirmed_when_another_field_is_wrong(client, grant):
    before = grant.variations.count()
    response = _post(client, grant, "£1.87m", amount_change_confirmed="1870000.00", letter_reference="")
    page = response.content.decode()
    assert "Enter the reference of the variation letter or note." in _text(response)
    assert "You entered £1.87m" not in _text(response)
    assert 'name="amount_change_confirmed" type="checkbox" value="1870000.00" checked>' in page
    assert grant.variations.count() == before
