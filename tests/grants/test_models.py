"""One-row rules of grants and variations, each refused with the message a finance officer sees."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.forms import modelform_factory

from grants.choices import VariationKind, VariationStatus
from grants.models import Grant, GrantVariation
from tests.factories import GrantFactory, GrantVariationFactory

pytestmark = pytest.mark.django_db


def test_the_total_is_the_original_award_plus_accepted_variations_only():
    grant = GrantFactory(original_award_amount=Decimal("20698000.00"))
    GrantVariationFactory(grant=grant, amount_change=Decimal("1870000.00"), status=VariationStatus.ACCEPTED)
    GrantVariationFactory(grant=grant, amount_change=Decimal("500000.00"), status=VariationStatus.PROPOSED)
    GrantVariationFactory(grant=grant, amount_change=Decimal("250000.00"), status=VariationStatus.DECLINED)

    assert grant.current_total_amount == Decimal("22568000.00")
    annotated = Grant.objects.with_totals().get(pk=grant.pk)
    assert annotated.current_total_amount == Decimal("22568000.00")
    assert annotated.annotated_total_amount == Decimal("22568000.00")


def test_a_negative_original_award_is_refused():
    grant = GrantFactory.build(original_award_amount=Decimal("-1.00"))
    grant.funder.save()
    grant.recipient.save()
    with pytest.raises(ValidationError) as refused:
        grant.full_clean()
    assert "The original award cannot be negative." in refused.value.messages
    with pytest.raises(IntegrityError), transaction.atomic():
        grant.save()


def test_a_reduction_that_would_take_the_total_below_zero_is_refused():
    grant = GrantFactory(original_award_amount=Decimal("100000.00"))
    GrantVariationFactory(grant=grant, amount_change=Decimal("20000.00"), status=VariationStatus.ACCEPTED)
    reduction = GrantVariation(
        grant=grant,
        sequence=2,
        kind=VariationKind.REDUCTION,
        amount_change=Decimal("-120000.01"),
        letter_reference="Reduction letter",
    )
    with pytest.raises(ValidationError) as refused:
        reduction.full_clean()
    assert refused.value.message_dict["amount_change"] == [
        "This reduction of £120,000.01 would take the grant's total below zero: "
        "it stands at £120,000.00 with the variations already recorded."
    ]
    reduction.amount_change = Decimal("-120000.00")
    reduction.full_clean()


@pytest.mark.parametrize(
    ("kind", "amount", "message"),
    [
        (
            VariationKind.ADDITIONAL_FUNDING,
            "-5.00",
            "Additional and match funding must increase the award (a positive amount).",
        ),
        (VariationKind.REDUCTION, "5.00", "A reduction must be a negative amount."),
        (
            VariationKind.CHANGE_OF_CONDITIONS,
            "5.00",
            "A change of period or of conditions does not change the amount: enter 0.",
        ),
    ],
)
def test_a_variation_amount_must_have_the_sign_of_its_kind(kind, amount, message):
    grant = GrantFactory()
    variation = GrantVariation(
        grant=grant, sequence=1, kind=kind, amount_change=Decimal(amount), letter_reference="Letter"
    )
    with pytest.raises(ValidationError) as refused:
        variation.full_clean()
    assert message in refused.value.messages
    with pytest.raises(IntegrityError), transaction.atomic():
        variation.save()


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("financial_year", "2024/26", "“2024/26” is not a financial year: 2024 is followed by 2024/25."),
        ("financial_year", "24-25", "“24-25” is not a financial year: write it like 2024/25."),
        ("original_award_amount", "20698000.005", "Amounts are in pounds and pence: use at most 2 decimal places."),
        (
            "original_award_amount",
            "2.0698e7",
            "Write the amount in full (for example 1870000.00), not in exponent notation.",
        ),
        ("original_award_amount", "-1", "The original award cannot be negative."),
    ],
)
def test_the_grant_form_refuses_bad_input_with_a_message_and_saves_nothing(field, typed, message):
    existing = GrantFactory()
    GrantForm = modelform_factory(
        Grant, fields=["funder_reference", "title", "funder", "recipient", "financial_year", "original_award_amount"]
    )
    data = {
        "funder_reference": "999",
        "title": "A grant",
        "funder": existing.funder.pk,
        "recipient": existing.recipient.pk,
        "financial_year": "2025/26",
        "original_award_amount": "1000.00",
        field: typed,
    }
    form = GrantForm(data=data)
    assert not form.is_valid()
    assert message in form.errors.get(field, []) + form.non_field_errors()
    assert Grant.objects.count() == 1


def test_the_grant_form_accepts_amounts_as_written_on_a_letter():
    existing = GrantFactory()
    GrantForm = modelform_factory(
        Grant, fields=["funder_reference", "title", "funder", "recipient", "financial_year", "original_award_amount"]
    )
    form = GrantForm(
        data={
            "funder_reference": "686",
            "title": "A grant",
            "funder": existing.funder.pk,
            "recipient": existing.recipient.pk,
            "financial_year": "2025/26",
            "original_award_amount": "£1,870,000.00",
        }
    )
    assert form.is_valid(), form.errors
    grant = form.save()
    grant.refresh_from_db()
    assert grant.original_award_amount == Decimal("1870000.00")
    assert str(grant.financial_year) == "2025/26"
