"""A grant's ledger (exact running totals), and recording a variation: numbered, lettered, refused whole."""

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core import roles
from core.financial_year import FinancialYear
from core.refusals import Refused
from grants.choices import GrantStatus, VariationKind, VariationStatus
from grants.models import Grant, GrantVariation, VariationOutcome
from grants.selectors import grant_ledger, ledger_total, uncounted_amount
from grants.services import outcome_texts, variation_record
from tests.builders import grant_685, match_funding_variation

pytestmark = pytest.mark.django_db

LETTER_REFERENCE = "685 Digital Public Contact Grant Variation Letter 2024/25 (2)"


def letter_pdf() -> bytes:
    """A small, valid one-page PDF that pypdf reads back."""
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def uploaded_letter(content: bytes | None = None, name: str = "variation-letter.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, letter_pdf() if content is None else content, content_type="application/pdf")


def stored_files(media_root) -> list[Path]:
    root = Path(media_root)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.fixture
def demo(demo_db, db):
    return Grant.objects.get(funder_reference="685")


@pytest.fixture
def finance(role_users):
    return role_users[roles.FINANCE_OFFICER]


def record(grant: Grant, by, **fields) -> GrantVariation:
    values = {
        "kind": VariationKind.ADDITIONAL_FUNDING,
        "amount_change": Decimal("500000.00"),
        "letter_reference": LETTER_REFERENCE,
        "letter_date": dt.date(2025, 3, 28),
    }
    return variation_record(grant=grant, by=by, **{**values, **fields})


# The ledger ----------------------------------------------------------------------------------------------------------


def test_the_demo_ledger_of_grant_685_adds_up_exactly(demo):
    lines = grant_ledger(demo)

    assert [(line.label, line.amount, line.counted, line.running_total) for line in lines] == [
        ("Original award", Decimal("20698000.00"), True, Decimal("20698000.00")),
        ("Variation 1", Decimal("1870000.00"), True, Decimal("22568000.00")),
    ]
    assert lines[0].decision.reference == "PCD 1763"
    assert lines[1].decision.reference == "PCD 1838"
    assert lines[1].kind_label == "Match funding"
    assert lines[1].status == VariationStatus.ACCEPTED
    assert [outcome.letter for outcome in lines[1].outcomes] == ["a", "b", "c", "d"]
    assert ledger_total(lines) == Decimal("22568000.00") == demo.current_total_amount
    assert uncounted_amount(lines) == Decimal("0.00")


def test_variations_awaiting_a_decision_or_declined_are_listed_but_not_counted(finance):
    grant = grant_685()
    GrantVariation.objects.filter(pk=match_funding_variation(grant).pk).update(status=VariationStatus.ACCEPTED)
    record(grant, finance, amount_change=Decimal("500000.00"))
    declined = record(grant, finance, amount_change=Decimal("250000.00"))
    GrantVariation.objects.filter(pk=declined.pk).update(status=VariationStatus.DECLINED)
    record(grant, finance, kind=VariationKind.REDUCTION, amount_change=Decimal("-100000.50"))

    lines = grant_ledger(grant)

    assert [(line.label, line.amount, line.counted, line.running_total) for line in lines] == [
        ("Original award", Decimal("20698000.00"), True, Decimal("20698000.00")),
        ("Variation 1", Decimal("1870000.00"), True, Decimal("22568000.00")),
        ("Variation 2", Decimal("500000.00"), False, Decimal("22568000.00")),
        ("Variation 3", Decimal("250000.00"), False, Decimal("22568000.00")),
        ("Variation 4", Decimal("-100000.50"), False, Decimal("22568000.00")),
    ]
    assert [line.is_pending for line in lines] == [False, False, True, False, True]
    assert lines[3].is_declined
    assert ledger_total(lines) == Decimal("22568000.00") == Grant.objects.get(pk=grant.pk).current_total_amount
    assert uncounted_amount(lines) == Decimal("399999.50")


# Recording a variation -----------------------------------------------------------------------------------------------


def test_a_variation_is_numbered_lettered_and_stored_with_its_letter(finance, settings):
    grant = grant_685()
    match_funding_variation(grant)

    variation = record(
        grant,
        finance,
        funds_financial_year=FinancialYear(2025),
        description="More funding for SOH on-boarding.",
        outcomes=["Onboarding the last two forces.", "  Police.uk   improvements. ", ""],
        letter_file=uploaded_letter(),
    )

    variation.refresh_from_db()
    assert variation.sequence == 2
    assert variation.status == VariationStatus.PROPOSED
    assert variation.amount_change == Decimal("500000.00")
    assert variation.funds_financial_year == FinancialYear(2025)
    assert [(o.letter, o.text) for o in variation.outcomes.all()] == [
        ("a", "Onboarding the last two forces."),
        ("b", "Police.uk improvements."),
    ]
    with variation.letter_file.open("rb") as stored:
        assert len(pypdf.PdfReader(stored).pages) == 1
    assert stored_files(settings.MEDIA_ROOT) == [Path(variation.letter_file.path)]


def test_outcomes_typed_with_their_letters_are_not_lettered_twice():
    assert outcome_texts("a. First\n\n  b) Second  \nc.Third") == ["First", "Second", "c.Third"]


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"kind": VariationKind.ADDITIONAL_FUNDING, "amount_change": Decimal("-5.00")},
            "amount_change",
            "Additional and match funding must increase the award (a positive amount).",
        ),
        (
            {"kind": VariationKind.REDUCTION, "amount_change": Decimal("5.00")},
            "amount_change",
            "A reduction must be a negative amount.",
        ),
        (
            {"kind": VariationKind.CHANGE_OF_CONDITIONS, "amount_change": Decimal("5.00")},
            "amount_change",
            "A change of period or of conditions does not change the amount: enter 0.",
        ),
        (
            # The variation awaiting a decision (£1.87m) counts against a reduction.
            {"kind": VariationKind.REDUCTION, "amount_change": Decimal("-22568000.01")},
            "amount_change",
            "This reduction of £22,568,000.01 would take the grant's total below zero: "
            "it stands at £22,568,000.00 with the variations already recorded.",
        ),
        (
            {"letter_file": uploaded_letter(b"PK\x03\x04 not a pdf", name="letter.pdf")},
            "letter_file",
            "The file is not a PDF: its contents do not start like one.",
        ),
        ({"letter_file": uploaded_letter(b"")}, "letter_file", "The file is empty."),
        ({"letter_reference": ""}, "letter_reference", "This field cannot be blank."),
    ],
)
def test_a_variation_that_breaks_a_rule_is_refused_and_nothing_is_saved(finance, settings, fields, field, message):
    grant = grant_685()
    match_funding_variation(grant)

    with pytest.raises(Refused) as refused:
        record(grant, finance, **fields)

    assert message in [reason.message for reason in refused.value.reasons if reason.field == field]
    assert grant.variations.count() == 1
    assert stored_files(settings.MEDIA_ROOT) == []


def test_a_reduction_down_to_exactly_zero_is_allowed(finance):
    grant = grant_685()
    variation = record(grant, finance, kind=VariationKind.REDUCTION, amount_change=Decimal("-20698000.00"))
    assert variation.sequence == 1


def test_only_those_who_may_add_variations_can_record_one(role_users):
    grant = grant_685()
    with pytest.raises(Refused, match=r"You cannot record grant variations\."):
        record(grant, role_users[roles.AUDITOR])
    assert not grant.variations.exists()


def test_a_declined_grant_cannot_be_varied(finance):
    grant = grant_685()
    Grant.objects.filter(pk=grant.pk).update(status=GrantStatus.DECLINED)
    with pytest.raises(Refused) as refused:
        record(grant, finance)
    assert refused.value.messages == ["This grant is declined: it cannot be varied."]


def test_the_stored_letter_is_removed_when_the_variation_cannot_be_saved(finance, settings, monkeypatch):
    grant = grant_685()

    def fail(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(VariationOutcome.objects, "bulk_create", fail)
    with pytest.raises(RuntimeError):
        record(grant, finance, outcomes=["One"], letter_file=uploaded_letter())

    assert not grant.variations.exists()
    assert stored_files(settings.MEDIA_ROOT) == []
