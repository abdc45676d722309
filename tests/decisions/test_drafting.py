"""Drafting a decision from a grant variation, and the variation following its decision to acceptance or decline."""

from decimal import Decimal

import pytest

from core import roles
from core.refusals import Refused
from decisions.choices import DecisionStatus, SectionKind
from decisions.drafting import decision_draft_from_variation
from decisions.models import Decision, Paragraph
from decisions.services import decision_name_drafting_officer, missing_for_submission
from grants.choices import VariationKind, VariationStatus
from grants.models import GrantVariation, VariationOutcome
from tests.builders import (
    grant_685,
    match_funding_variation,
    perform,
    tick_declarations,
)
from tests.factories import DecisionFactory

pytestmark = pytest.mark.django_db

FINANCIAL_PARAGRAPH = (
    "The Home Office has awarded an additional £1,870,000.00 of match funding for the Digital Public Contact (DPC) "
    "in 2024/25, increasing the total value of grant 685 from £20,698,000.00 to £22,568,000.00."
)


@pytest.fixture
def variation():
    return match_funding_variation(grant_685())


@pytest.fixture
def finance(role_users):
    officer = role_users[roles.FINANCE_OFFICER]
    officer.first_name, officer.last_name = "Alex", "Ledger"
    officer.save()
    return officer


def complete(decision: Decision, *, by) -> None:
    """What the drafter adds to a drafted decision before submitting it: the prose sections, their own name as its
    drafting officer, and the ticks."""
    for section in decision.sections.filter(paragraphs__isnull=True):
        Paragraph.objects.create(section=section, position=1, text=f"{section.heading}: as set out in the letter.")
    decision_name_drafting_officer(decision=decision, officer=by, by=by)
    tick_declarations(decision, by=by)


def decide(decision: Decision, role_users, *, last: str) -> None:
    perform("submit", decision, by=role_users[roles.DRAFTING_OFFICER])
    perform("clear", decision, by=role_users[roles.CHIEF_EXECUTIVE])
    perform(last, decision, by=role_users[roles.DECISION_MAKER])


def test_a_draft_from_a_variation_has_the_title_summary_recommendation_and_financial_paragraph_filled_in(
    variation, finance
):
    decision = decision_draft_from_variation(variation=variation, by=finance)

    assert decision.status == DecisionStatus.DRAFT
    # Started by the finance officer, who is not named as its drafting officer: the form names one later.
    assert (decision.started_by, decision.drafted_by) == (finance, None)
    assert decision.title == "Changes to the grant agreement for 685 Digital Public Contact (DPC) 2024/25"
    assert decision.executive_summary == (
        "This paper seeks approval to accept additional HO funding of £1.87m, in the form of match funding, for the "
        "Digital Public Contact (DPC) this financial year (2024/25)."
    )
    assert list(decision.recommendations.values_list("text", flat=True)) == [
        "Approve acceptance of additional HO grant funding of £1.87m, in the form of match funding, to support the "
        "Digital Public Contact (DPC)."
    ]
    financial = Paragraph.objects.get(section__decision=decision, section__kind=SectionKind.FINANCIAL)
    assert financial.text == FINANCIAL_PARAGRAPH


def test_a_reduction_is_drafted_as_a_decrease_of_the_total(finance):
    reduction = GrantVariation.objects.create(
        grant=grant_685(),
        sequence=1,
        kind=VariationKind.REDUCTION,
        amount_change=Decimal("-500000.00"),
        letter_reference="685 reduction letter",
    )

    decision = decision_draft_from_variation(variation=reduction, by=finance)

    financial = Paragraph.objects.get(section__decision=decision, section__kind=SectionKind.FINANCIAL)
    assert financial.text == (
        "The Home Office has reduced grant 685 for the Digital Public Contact (DPC) in 2024/25 by £500,000.00, "
        "decreasing its total value from £20,698,000.00 to £20,198,000.00."
    )


def test_a_change_of_conditions_is_drafted_with_the_total_unchanged(finance):
    change = GrantVariation.objects.create(
        grant=grant_685(),
        sequence=1,
        kind=VariationKind.CHANGE_OF_CONDITIONS,
        amount_change=Decimal("0.00"),
        letter_reference="685 conditions letter",
    )

    decision = decision_draft_from_variation(variation=change, by=finance)

    financial = Paragraph.objects.get(section__decision=decision, section__kind=SectionKind.FINANCIAL)
    assert financial.text == "The variation does not change the value of grant 685, which remains £20,698,000.00."
    assert decision.recommendations.get().text == (
        "Approve the change of conditions to grant 685 set out in the variation letter."
    )


def test_a_draft_from_a_variation_refers_to_the_decision_that_accepted_the_grant(variation, finance):
    accepting = DecisionFactory(reference="PCD 1763", title="Acceptance of the DPC grant 2024/25")
    variation.grant.accepting_decision = accepting
    variation.grant.save(update_fields=["accepting_decision"])

    decision = decision_draft_from_variation(variation=variation, by=finance)

    assert decision.reference == "PCD 2000"  # the next of MOPAC's series
    assert list(decision.refers_to.all()) == [accepting]
    assert list(decision.supporting_papers.order_by("position").values_list("title", flat=True)) == [
        "685 Digital Public Contact Grant Variation Letter 2024/25",
        "Acceptance of the DPC grant 2024/25 (PCD 1763)",
    ]


def test_a_draft_from_a_variation_links_the_grant_and_the_variation(variation, finance):
    decision = decision_draft_from_variation(variation=variation, by=finance)

    assert list(decision.grants.all()) == [variation.grant]
    variation.refresh_from_db()
    assert variation.decision == decision
    assert variation.status == VariationStatus.PROPOSED
    assert decision.supporting_papers.get().related_variation == variation


def test_a_draft_from_a_variation_has_the_seven_mopac_sections_and_seven_unticked_declarations(variation, finance):
    decision = decision_draft_from_variation(variation=variation, by=finance)

    assert list(decision.sections.order_by("position").values_list("kind", "heading")) == [
        ("introduction", "Introduction and background"),
        ("issues", "Issues for consideration"),
        ("financial", "Financial Comments"),
        ("legal", "Legal Comments"),
        ("gdpr", "GDPR and Data Privacy"),
        ("equality", "Equality Comments"),
        ("background_papers", "Background/supporting papers"),
    ]
    assert list(decision.declarations.order_by("position").values_list("kind", "confirmed")) == [
        ("financial", False),
        ("legal", False),
        ("equalities", False),
        ("commercial", False),
        ("gdpr", False),
        ("drafting_officer", False),
        ("director", False),
    ]
    assert decision.declarations.get(kind="drafting_officer").statement == (
        "The drafting officer (not yet named) has drafted this report in accordance with MOPAC procedures."
    )


def test_a_draft_from_a_variation_still_needs_the_prose_sections_and_the_ticks(variation, finance):
    decision = decision_draft_from_variation(variation=variation, by=finance)

    missing = missing_for_submission(decision)

    assert "the section “Financial comments”" not in missing
    assert "the section “Legal comments”" in missing
    assert "a tick for the declaration “Financial Advice”" in missing


def test_the_outcomes_of_the_variation_become_lettered_items_of_the_issues(variation, finance):
    VariationOutcome.objects.create(variation=variation, position=1, text="Expand LiveChat to more forces.")
    VariationOutcome.objects.create(variation=variation, position=2, text="Pilot AI Operator Assist.")

    decision = decision_draft_from_variation(variation=variation, by=finance)

    lead = Paragraph.objects.get(section__decision=decision, section__kind=SectionKind.ISSUES, parent=None)
    assert lead.text == "Accepting the funding will support the outcomes below."
    assert [(item.number, item.text) for item in lead.items.order_by("position")] == [
        ("a.", "Expand LiveChat to more forces."),
        ("b.", "Pilot AI Operator Assist."),
    ]


def test_approving_the_drafted_decision_accepts_the_variation_and_raises_the_grant_total(
    variation, finance, role_users
):
    decision = decision_draft_from_variation(variation=variation, by=finance)
    complete(decision, by=role_users[roles.DRAFTING_OFFICER])

    decide(decision, role_users, last="approve")

    variation.refresh_from_db()
    assert variation.status == VariationStatus.ACCEPTED
    assert variation.grant.current_total_amount == Decimal("22568000.00")


def test_rejecting_the_drafted_decision_declines_the_variation_and_leaves_the_grant_total(
    variation, finance, role_users
):
    decision = decision_draft_from_variation(variation=variation, by=finance)
    complete(decision, by=role_users[roles.DRAFTING_OFFICER])

    decide(decision, role_users, last="reject")

    variation.refresh_from_db()
    assert variation.status == VariationStatus.DECLINED
    assert variation.grant.current_total_amount == Decimal("20698000.00")


def test_a_later_variation_is_drafted_from_the_total_after_the_accepted_ones(variation, finance, role_users):
    decision = decision_draft_from_variation(variation=variation, by=finance)
    complete(decision, by=role_users[roles.DRAFTING_OFFICER])
    decide(decision, role_users, last="approve")
    second = GrantVariation.objects.create(
        grant=variation.grant,
        sequence=2,
        kind=VariationKind.ADDITIONAL_FUNDING,
        amount_change=Decimal("500000.00"),
        letter_reference="685 second variation letter",
    )

    later = decision_draft_from_variation(variation=second, by=finance)

    financial = Paragraph.objects.get(section__decision=later, section__kind=SectionKind.FINANCIAL)
    assert financial.text == (
        "The Home Office has awarded an additional £500,000.00 for the Digital Public Contact (DPC) in 2024/25, "
        "increasing the total value of grant 685 from £22,568,000.00 to £23,068,000.00."
    )


def test_a_variation_that_already_has_a_decision_cannot_be_drafted_again(variation, finance):
    first = decision_draft_from_variation(variation=variation, by=finance)

    with pytest.raises(Refused) as refusal:
        decision_draft_from_variation(variation=variation, by=finance)

    assert refusal.value.code == "state"
    assert refusal.value.message == f"This variation already has a decision, {first.reference}."
    assert Decision.objects.count() == 1


def test_a_variation_whose_decision_was_withdrawn_can_be_drafted_again(variation, finance, role_users):
    first = decision_draft_from_variation(variation=variation, by=finance)
    perform("withdraw", first, by=role_users[roles.DRAFTING_OFFICER])

    second = decision_draft_from_variation(variation=variation, by=finance)

    variation.refresh_from_db()
    assert variation.decision == second != first


def test_a_declined_variation_cannot_be_drafted_again(variation, finance, role_users):
    decision = decision_draft_from_variation(variation=variation, by=finance)
    complete(decision, by=role_users[roles.DRAFTING_OFFICER])
    decide(decision, role_users, last="reject")

    with pytest.raises(Refused) as refusal:
        decision_draft_from_variation(variation=variation, by=finance)

    assert refusal.value.code == "state"
    assert refusal.value.message == "This variation is already declined."


def test_an_auditor_may_not_draft_from_a_variation(variation, role_users):
    with pytest.raises(Refused) as refusal:
        decision_draft_from_variation(variation=variation, by=role_users[roles.AUDITOR])

    assert refusal.value.code == "permission"
    assert refusal.value.message == "You do not have permission to draft decisions."
    assert not Decision.objects.exists()
    variation.refresh_from_db()
    assert variation.decision is None
