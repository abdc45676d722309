"""The services that write a draft's content: who may, when, and what they refuse."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core import roles
from core.refusals import Refused
from decisions import editing
from decisions.choices import DecisionStatus, DeferralUnit, Part, SectionKind
from decisions.content import decision_content_hash
from decisions.models import Paragraph
from decisions.services import decision_create
from tests.builders import cast_of, complete_draft, mopac, perform

pytestmark = pytest.mark.django_db


@pytest.fixture
def drafter(role_users):
    return role_users[roles.DRAFTING_OFFICER]


@pytest.fixture
def draft(drafter):
    return decision_create(by=drafter, policing_body=mopac(), title="Grant for the VRU")


def test_people_without_the_permission_cannot_write_content(role_users, draft):
    auditor = role_users[roles.AUDITOR]
    attempts = (
        lambda: editing.decision_save_summary(decision=draft, by=auditor, title="X", executive_summary="Y"),
        lambda: editing.recommendation_add(decision=draft, by=auditor, text="Approve."),
        lambda: editing.paper_add(decision=draft, by=auditor, related_decision=draft),
        lambda: editing.decision_set_public_access(decision=draft, by=auditor, deferred=False),
        lambda: editing.section_add_part_2(decision=draft, by=auditor, heading="Costs", rationale="s43"),
    )
    for attempt in attempts:
        with pytest.raises(Refused) as refusal:
            attempt()
        assert refusal.value.code == "permission"
    assert not draft.recommendations.exists()


def test_a_finance_officer_drafts_but_cannot_remove(role_users, draft):
    finance = role_users[roles.FINANCE_OFFICER]
    recommendation = editing.recommendation_add(decision=draft, by=finance, text="Approve.")

    with pytest.raises(Refused) as refusal:
        editing.recommendation_remove(recommendation=recommendation, by=finance)

    assert refusal.value.message == "You do not have permission to remove recommendations."
    assert draft.recommendations.count() == 1


def test_content_of_a_submitted_decision_is_refused_with_the_reason():
    cast = cast_of("edit-frozen")
    decision = complete_draft(drafter=cast.drafter)
    perform("submit", decision, by=cast.drafter)

    with pytest.raises(Refused) as refusal:
        editing.recommendation_add(decision=decision, by=cast.drafter, text="One more.")

    assert refusal.value.code == "frozen"
    assert refusal.value.message == (
        f"{decision.reference} is waiting for signatures: it must be returned for changes before it is edited."
    )
    assert decision.recommendations.count() == 1


def test_removing_and_moving_keep_the_numbers_without_gaps(drafter, draft):
    section = editing.section_of_form(decision=draft, by=drafter, kind=SectionKind.LEGAL)
    first, second, third = (
        editing.paragraph_add(section=section, by=drafter, text=text) for text in ("One.", "Two.", "Three.")
    )
    item = editing.paragraph_add(section=section, by=drafter, text="An item.", parent=second)

    editing.paragraph_remove(paragraph=first, by=drafter)
    assert editing.paragraph_move(paragraph=third, by=drafter, up=True)
    assert not editing.paragraph_move(paragraph=third, by=drafter, up=True)  # already first

    rows = [(p.number, p.text) for p in Paragraph.objects.filter(section=section, parent=None).order_by("position")]
    assert rows == [("4.1.", "Three."), ("4.2.", "Two.")]
    item.refresh_from_db()
    assert (item.number, item.parent_id) == ("a.", second.pk)


def test_the_forms_sections_are_made_with_their_printed_heading_in_the_forms_order(drafter, draft):
    equality = editing.section_of_form(decision=draft, by=drafter, kind=SectionKind.EQUALITY)
    introduction = editing.section_of_form(decision=draft, by=drafter, kind=SectionKind.INTRODUCTION)

    assert (equality.position, equality.heading) == (6, "Equality Comments")
    assert (introduction.position, introduction.heading) == (1, "Introduction and background")
    assert editing.section_of_form(decision=draft, by=drafter, kind=SectionKind.EQUALITY) == equality
    with pytest.raises(Refused, match=r"This form has no such section\."):
        editing.section_of_form(decision=draft, by=drafter, kind=SectionKind.CONSULTATION)


def test_part_1_sections_cannot_be_removed_but_part_2_items_can(drafter, draft):
    legal = editing.section_of_form(decision=draft, by=drafter, kind=SectionKind.LEGAL)
    first = editing.section_add_part_2(decision=draft, by=drafter, heading="Costs", rationale="Section 43(2).")
    second = editing.section_add_part_2(decision=draft, by=drafter, heading="Advice", rationale="Section 42.")

    with pytest.raises(Refused, match="The sections of Part 1 are the form’s"):
        editing.section_remove(section=legal, by=drafter)
    editing.section_remove(section=first, by=drafter)

    second.refresh_from_db()
    assert (second.part, second.position) == (Part.PART_2, 1)


def test_a_paper_is_one_thing_and_uploads_are_checked_as_pdfs(drafter, draft):
    with pytest.raises(Refused) as refusal:
        editing.paper_add(decision=draft, by=drafter, title="Nothing")
    assert refusal.value.message == "Choose a PDF to upload, or a decision or grant variation to link to."

    not_pdf = SimpleUploadedFile("letter.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    with pytest.raises(Refused) as refusal:
        editing.paper_add(decision=draft, by=drafter, title="Letter", file=not_pdf)
    assert refusal.value.field == "file"
    assert not draft.supporting_papers.exists()


def test_a_paper_linking_a_decision_takes_its_title(drafter, draft):
    earlier = decision_create(by=drafter, policing_body=mopac(), title="Acceptance of grant 685")

    paper = editing.paper_add(decision=draft, by=drafter, related_decision=earlier, is_confidential=True)

    assert (paper.title, paper.position, paper.is_confidential) == (
        f"Acceptance of grant 685 ({earlier.reference})",
        1,
        True,
    )
    assert draft.has_part_2


def test_a_deferral_needs_a_reason_and_a_date_or_period(drafter, draft):
    with pytest.raises(Refused) as refusal:
        editing.decision_set_public_access(decision=draft, by=drafter, deferred=True)
    assert [(r.field, r.message) for r in refusal.value.reasons] == [
        ("reason", "Say why publication of Part 1 is deferred."),
        ("until", "Give the date until which Part 1 is deferred, or a number of days after approval."),
    ]

    editing.decision_set_public_access(
        decision=draft, by=drafter, deferred=True, reason="Contract.", period=5, unit=DeferralUnit.DAYS
    )
    draft.refresh_from_db()
    assert draft.deferral_description == "5 days after approval"

    editing.decision_set_public_access(decision=draft, by=drafter, deferred=False)
    draft.refresh_from_db()
    assert (draft.part_1_deferred, draft.deferral_reason, draft.deferral_period, draft.deferral_period_unit) == (
        False,
        "",
        None,
        "",
    )


def test_resolving_a_deferral_at_approval_leaves_the_signed_content_as_signed():
    cast = cast_of("resolve")
    decision = complete_draft(drafter=cast.drafter)
    editing.decision_set_public_access(
        decision=decision,
        by=cast.drafter,
        deferred=True,
        reason="Contract.",
        period=3,
        unit=DeferralUnit.WORKING_DAYS,
    )
    decision.refresh_from_db()
    for action, by in (("submit", cast.drafter), ("clear", cast.ceo)):
        perform(action, decision, by=by)
    signed = decision_content_hash(decision)

    perform("approve", decision, by=cast.dmpc)

    decision.refresh_from_db()
    assert decision.status == DecisionStatus.APPROVED and decision.deferral_until is not None
    assert decision_content_hash(decision) == signed == decision.sign_offs.get(kind="dmpc").content_hash


def test_a_declaration_can_be_not_applicable_only_where_the_form_allows(drafter, draft):
    commercial = draft.declarations.get(kind="commercial")
    financial = draft.declarations.get(kind="financial")

    editing.declaration_not_applicable(declaration=commercial, by=drafter, because="No contract is let.")
    with pytest.raises(Refused) as refusal:
        editing.declaration_not_applicable(declaration=financial, by=drafter, because="No money.")

    commercial.refresh_from_db()
    assert commercial.statement == "Not applicable because no contract is let."
    assert (
        refusal.value.message == "“Financial Advice” is always made on this form: it cannot be marked not applicable."
    )

    editing.declaration_not_applicable(declaration=commercial, by=drafter, because="")
    commercial.refresh_from_db()
    assert (commercial.statement, commercial.not_applicable_because) == ("Commercial issues are not applicable.", "")
