"""What a decision drafted from a variation says, kind by kind: the summary and recommendation in the form's prose
style (£1.87m, £250K), the financial comments with the totals in full, and the figures kept to tell when they go
stale."""

import datetime as dt
from decimal import Decimal

import pytest

from core import roles
from core.financial_year import FinancialYear
from decisions.choices import DecisionStatus, SectionKind
from decisions.drafting import decision_draft_from_variation, drafting_figures_stale
from decisions.models import Decision, Paragraph
from grants.choices import OrganisationKind, VariationKind, VariationStatus
from grants.models import Grant, GrantVariation, Organisation, Programme
from tests.builders import drive, make_submittable, mopac

pytestmark = pytest.mark.django_db


@pytest.fixture
def finance(role_users):
    return role_users[roles.FINANCE_OFFICER]


@pytest.fixture
def grant():
    """Home Office grant 912 for Neighbourhood Contact (NC), 2025/26: £7,000,000.00."""
    home_office = Organisation.objects.create(
        name="Home Office", short_name="HO", kind=OrganisationKind.GOVERNMENT_DEPARTMENT
    )
    mps = Organisation.objects.create(
        name="Metropolitan Police Service", short_name="MPS", kind=OrganisationKind.POLICE_FORCE
    )
    programme = Programme.objects.create(
        name="Neighbourhood Contact", short_name="NC", host=mps, contracting_authority=mopac()
    )
    return Grant.objects.create(
        funder_reference="912",
        title="Neighbourhood Contact Programme Grant",
        funder=home_office,
        recipient=mopac(),
        host=mps,
        programme=programme,
        financial_year="2025/26",
        original_award_amount=Decimal("7000000.00"),
        awarded_on=dt.date(2025, 4, 14),
    )


def vary(grant, kind, amount: str, *, year: FinancialYear | None = None, sequence: int = 1) -> GrantVariation:
    return GrantVariation.objects.create(
        grant=grant,
        sequence=sequence,
        kind=kind,
        amount_change=Decimal(amount),
        letter_reference=f"912 variation letter {sequence}",
        funds_financial_year=year,
    )


def texts_of(decision: Decision) -> tuple[str, str, str]:
    financial = Paragraph.objects.get(section__decision=decision, section__kind=SectionKind.FINANCIAL)
    return decision.executive_summary, decision.recommendations.get().text, financial.text


KINDS = [
    (
        VariationKind.ADDITIONAL_FUNDING,
        "1870000.00",
        None,
        (
            "This paper seeks approval to accept additional HO funding of £1.87m for the Neighbourhood Contact (NC) "
            "this financial year (2025/26).",
            "Approve acceptance of additional HO grant funding of £1.87m to support the Neighbourhood Contact (NC).",
            "The Home Office has awarded an additional £1,870,000.00 for the Neighbourhood Contact (NC) in 2025/26, "
            "increasing the total value of grant 912 from £7,000,000.00 to £8,870,000.00.",
        ),
    ),
    (
        VariationKind.MATCH_FUNDING,
        "250000.00",
        None,
        (
            "This paper seeks approval to accept additional HO funding of £250K, in the form of match funding, for "
            "the Neighbourhood Contact (NC) this financial year (2025/26).",
            "Approve acceptance of additional HO grant funding of £250K, in the form of match funding, to support the "
            "Neighbourhood Contact (NC).",
            "The Home Office has awarded an additional £250,000.00 of match funding for the Neighbourhood Contact (NC) "
            "in 2025/26, increasing the total value of grant 912 from £7,000,000.00 to £7,250,000.00.",
        ),
    ),
    (
        VariationKind.REDUCTION,
        "-500000.00",
        None,
        (
            "This paper seeks approval to accept a reduction of £500K in HO funding for the Neighbourhood Contact (NC) "
            "in 2025/26.",
            "Approve acceptance of the reduction of £500K in HO grant funding for the Neighbourhood Contact (NC).",
            "The Home Office has reduced grant 912 for the Neighbourhood Contact (NC) in 2025/26 by £500,000.00, "
            "decreasing its total value from £7,000,000.00 to £6,500,000.00.",
        ),
    ),
    (
        VariationKind.REPROFILE,
        "-250000.00",
        FinancialYear(2026),
        (
            "This paper seeks approval to re-profile £250K of HO funding for the Neighbourhood Contact (NC) from "
            "2025/26 into 2026/27.",
            "Approve the re-profile of £250K of HO grant funding for the Neighbourhood Contact (NC) from 2025/26 into "
            "2026/27.",
            "The Home Office has agreed to re-profile £250,000.00 of grant 912 for the Neighbourhood Contact (NC) from "
            "2025/26 into 2026/27, decreasing the total value of grant 912 for 2025/26 from £7,000,000.00 to "
            "£6,750,000.00.",
        ),
    ),
    (
        VariationKind.REPROFILE,
        "400000.00",
        FinancialYear(2024),
        (
            "This paper seeks approval to re-profile £400K of HO funding for the Neighbourhood Contact (NC) from "
            "2024/25 into 2025/26.",
            "Approve the re-profile of £400K of HO grant funding for the Neighbourhood Contact (NC) from 2024/25 into "
            "2025/26.",
            "The Home Office has agreed to re-profile £400,000.00 of funding for the Neighbourhood Contact (NC) from "
            "2024/25 into 2025/26, increasing the total value of grant 912 for 2025/26 from £7,000,000.00 to "
            "£7,400,000.00.",
        ),
    ),
    (
        VariationKind.CHANGE_OF_PERIOD,
        "0.00",
        FinancialYear(2026),
        (
            "This paper seeks approval to accept a change to the period of grant 912 for the Neighbourhood Contact "
            "(NC) in 2025/26, so that the funding may be spent in 2026/27.",
            "Approve the change of period to grant 912 set out in the variation letter.",
            "The variation does not change the value of grant 912, which remains £7,000,000.00.",
        ),
    ),
    (
        VariationKind.CHANGE_OF_PERIOD,
        "0.00",
        None,
        (
            "This paper seeks approval to accept a change to the period of grant 912 for the Neighbourhood Contact "
            "(NC) in 2025/26, as set out in the HO variation letter.",
            "Approve the change of period to grant 912 set out in the variation letter.",
            "The variation does not change the value of grant 912, which remains £7,000,000.00.",
        ),
    ),
    (
        VariationKind.CHANGE_OF_CONDITIONS,
        "0.00",
        None,
        (
            "This paper seeks approval to accept a change to the conditions of grant 912 for the Neighbourhood "
            "Contact (NC) in 2025/26, as set out in the HO variation letter.",
            "Approve the change of conditions to grant 912 set out in the variation letter.",
            "The variation does not change the value of grant 912, which remains £7,000,000.00.",
        ),
    ),
]


@pytest.mark.parametrize(
    ("kind", "amount", "year", "expected"),
    KINDS,
    ids=[f"{kind.value}-{amount}-{year}" for kind, amount, year, _texts in KINDS],
)
def test_each_kind_of_variation_is_drafted_as_what_it_is(finance, grant, kind, amount, year, expected):
    decision = decision_draft_from_variation(variation=vary(grant, kind, amount, year=year), by=finance)

    assert texts_of(decision) == expected
    assert decision.title == "Changes to the grant agreement for 912 Neighbourhood Contact (NC) 2025/26"


def test_the_drafted_figures_are_kept_as_text(finance, grant):
    variation = vary(grant, VariationKind.REPROFILE, "-250000.00", year=FinancialYear(2026))

    decision = decision_draft_from_variation(variation=variation, by=finance)

    decision.refresh_from_db()
    assert decision.drafting_figures == {"variation": variation.pk, "before": "7000000.00", "after": "6750000.00"}


def test_a_draft_started_by_a_finance_officer_names_no_drafting_officer(finance, role_users, grant):
    first = decision_draft_from_variation(variation=vary(grant, VariationKind.REDUCTION, "-1.00"), by=finance)
    drafter = role_users[roles.DRAFTING_OFFICER]
    second = decision_draft_from_variation(
        variation=vary(grant, VariationKind.REDUCTION, "-2.00", sequence=2), by=drafter
    )

    assert (first.started_by, first.drafted_by) == (finance, None)
    assert (second.started_by, second.drafted_by) == (drafter, drafter)


# Stale figures -------------------------------------------------------------------------------------------------------


def test_fresh_figures_raise_no_warning(finance, grant):
    decision = decision_draft_from_variation(
        variation=vary(grant, VariationKind.REPROFILE, "-250000.00", year=FinancialYear(2026)), by=finance
    )

    assert drafting_figures_stale(decision) is None


def test_a_variation_accepted_since_the_draft_makes_its_figures_stale(finance, grant):
    decision = decision_draft_from_variation(
        variation=vary(grant, VariationKind.REPROFILE, "-250000.00", year=FinancialYear(2026)), by=finance
    )
    other = vary(grant, VariationKind.MATCH_FUNDING, "250000.00", sequence=2)
    GrantVariation.objects.filter(pk=other.pk).update(status=VariationStatus.ACCEPTED)

    assert drafting_figures_stale(decision) == (
        "The figures in this draft were written when grant 912's total was £7,000,000.00; it is now £7,250,000.00. "
        "Check the financial comments."
    )


def test_a_changed_amount_makes_the_figures_stale(finance, grant):
    variation = vary(grant, VariationKind.REPROFILE, "-250000.00", year=FinancialYear(2026))
    decision = decision_draft_from_variation(variation=variation, by=finance)
    GrantVariation.objects.filter(pk=variation.pk).update(amount_change=Decimal("-300000.00"))

    assert drafting_figures_stale(decision) == (
        "The figures in this draft were written for a total of £6,750,000.00 after variation 1 of grant 912; with "
        "the variation as it now stands it is £6,700,000.00. Check the financial comments."
    )


def test_a_decision_not_drafted_from_a_variation_has_no_warning(finance, grant):
    decision = decision_draft_from_variation(variation=vary(grant, VariationKind.REDUCTION, "-1.00"), by=finance)
    other = vary(grant, VariationKind.MATCH_FUNDING, "250000.00", sequence=2)
    GrantVariation.objects.filter(pk=other.pk).update(status=VariationStatus.ACCEPTED)
    assert drafting_figures_stale(decision) is not None

    Decision.objects.filter(pk=decision.pk).update(drafting_figures=None)
    decision.refresh_from_db()

    assert drafting_figures_stale(decision) is None


def test_an_approved_decision_stands_as_signed_and_has_no_warning(finance, grant, cast):
    decision = decision_draft_from_variation(variation=vary(grant, VariationKind.REDUCTION, "-1.00"), by=finance)
    make_submittable(decision, by=cast.drafter)
    drive(decision, to=DecisionStatus.APPROVED, cast=cast)
    other = vary(grant, VariationKind.MATCH_FUNDING, "250000.00", sequence=2)
    GrantVariation.objects.filter(pk=other.pk).update(status=VariationStatus.ACCEPTED)
    decision.refresh_from_db()

    assert drafting_figures_stale(decision) is None
