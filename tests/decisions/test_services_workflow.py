"""The decision workflow services: every transition's happy path, wrong state and wrong user, and their gates."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from core import roles
from core.refusals import Refused
from decisions.choices import DecisionStatus, SignOffKind, SignOffMethod
from decisions.content import decision_content_hash
from decisions.models import Decision, DecisionEvent, Paragraph, Recommendation, SignOff
from decisions.services import (
    decision_approve,
    decision_clear,
    decision_publish,
    decision_return,
    decision_submit,
    ensure_editable,
)
from decisions.statements import CHIEF_EXECUTIVE_STATEMENT, DMPC_DECLARATION
from tests.builders import (
    CLIENT_ADDRESS,
    PASSWORD,
    Cast,
    appoint,
    complete_draft,
    decision_in,
    grant_685,
    perform,
    state_message,
)

pytestmark = pytest.mark.django_db

S = DecisionStatus


def last_event(decision: Decision) -> DecisionEvent:
    return decision.events.order_by("-pk").first()


def snapshot(decision: Decision) -> tuple:
    """What a refused step must leave as it was: the status, the audit trail and the signatures."""
    decision.refresh_from_db()
    return (
        decision.status,
        list(decision.events.values_list("pk", flat=True)),
        list(decision.sign_offs.values_list("pk", "voided_at")),
    )


def refused(action: str, decision: Decision, *, by, **options) -> Refused:
    """Attempt ``action``, expect a refusal, and check that nothing about the decision changed."""
    before = snapshot(decision)
    with pytest.raises(Refused) as refusal:
        perform(action, decision, by=by, **options)
    assert snapshot(decision) == before
    return refusal.value


# --- submit -----------------------------------------------------------------------------------------------------------


def test_submitting_a_complete_draft_makes_it_submitted_with_an_event_holding_the_content_hash(cast):
    decision = complete_draft(drafter=cast.drafter)

    decision_submit(decision=decision, by=cast.drafter, client_address=CLIENT_ADDRESS)

    decision.refresh_from_db()
    assert decision.status == S.SUBMITTED
    event = last_event(decision)
    assert (event.action, event.from_status, event.to_status, event.actor) == (
        "submitted",
        "draft",
        "submitted",
        cast.drafter,
    )
    assert event.content_hash == decision_content_hash(decision)
    assert event.client_address == CLIENT_ADDRESS


def test_a_decision_already_submitted_cannot_be_submitted_again(cast):
    decision = decision_in(S.SUBMITTED, cast=cast)

    refusal = refused("submit", decision, by=cast.drafter)

    assert refusal.code == "state"
    assert refusal.message == state_message(
        decision, status="submitted", action_past="submitted", allowed="draft, returned for changes"
    )


def test_only_a_drafting_officer_may_submit(cast):
    decision = complete_draft(drafter=cast.drafter)

    refusal = refused("submit", decision, by=cast.ceo)

    assert refusal.code == "permission"
    assert refusal.message == "You do not have permission to submit for sign-off."


def test_an_incomplete_draft_is_refused_naming_the_missing_section_and_the_unticked_declaration(cast):
    decision = complete_draft(drafter=cast.drafter)
    Paragraph.objects.filter(section__decision=decision, section__kind="legal").delete()
    decision.declarations.filter(kind="financial").update(confirmed=False, confirmed_on=None)

    refusal = refused("submit", decision, by=cast.drafter)

    assert refusal.code == "incomplete"
    assert refusal.message == (
        f"{decision.reference} cannot be submitted yet. It needs the section “Legal comments”; "
        "a tick for the declaration “Financial Advice”."
    )


def test_a_fresh_draft_is_refused_listing_everything_it_lacks(cast):
    decision = complete_draft(drafter=cast.drafter)
    decision.recommendations.all().delete()
    Paragraph.objects.filter(section__decision=decision).delete()
    decision.declarations.update(confirmed=False, confirmed_on=None)
    Decision.objects.filter(pk=decision.pk).update(executive_summary="")

    refusal = refused("submit", decision, by=cast.drafter)

    assert refusal.code == "incomplete"
    needs = refusal.message.split(" It needs ", 1)[1].rstrip(".").split("; ")
    assert needs == [
        "an executive summary",
        "at least one recommendation",
        "the section “Introduction and background”",
        "the section “Issues for consideration”",
        "the section “Financial comments”",
        "the section “Legal comments”",
        "the section “GDPR and data privacy”",
        "the section “Equality comments”",
        "a tick for the declaration “Financial Advice”",
        "a tick for the declaration “Legal Advice”",
        "a tick for the declaration “Equalities Advice”",
        "a tick for the declaration “Commercial Issues”",
        "a tick for the declaration “GDPR/Data Privacy”",
        "a tick for the declaration “Drafting Officer”",
        "a tick for the declaration “Director/Head of Service”",
    ]


# --- clear (the Chief Executive signs) --------------------------------------------------------------------------------


def test_the_chief_executive_clears_a_submitted_decision_with_an_event_holding_the_signed_hash(cast):
    decision = decision_in(S.SUBMITTED, cast=cast)

    decision_clear(
        decision=decision, by=cast.ceo, password=PASSWORD, statement_confirmed=True, client_address=CLIENT_ADDRESS
    )

    decision.refresh_from_db()
    assert decision.status == S.CLEARED
    event = last_event(decision)
    assert (event.action, event.from_status, event.to_status, event.actor) == (
        "cleared",
        "submitted",
        "cleared",
        cast.ceo,
    )
    assert event.content_hash == decision_content_hash(decision)
    assert event.client_address == CLIENT_ADDRESS


def test_the_chief_executive_sign_off_records_who_signed_what_when_and_over_which_content(cast):
    cast.ceo.first_name, cast.ceo.last_name = "Morgan", "Example"
    cast.ceo.save()
    decision = decision_in(S.SUBMITTED, cast=cast)
    expected_hash = decision_content_hash(decision)

    decision_clear(
        decision=decision, by=cast.ceo, password=PASSWORD, statement_confirmed=True, client_address=CLIENT_ADDRESS
    )

    sign_off = SignOff.objects.get(decision=decision)
    assert sign_off.kind == SignOffKind.CHIEF_EXECUTIVE
    assert sign_off.signer == cast.ceo
    assert sign_off.printed_name == "Morgan Example"
    assert sign_off.printed_role == "Chief Executive Officer"
    assert sign_off.statement == CHIEF_EXECUTIVE_STATEMENT
    assert sign_off.signed_at is not None
    assert sign_off.signed_on == timezone.localdate(sign_off.signed_at)
    assert sign_off.client_address == CLIENT_ADDRESS
    assert sign_off.content_hash == expected_hash
    assert re.fullmatch(r"[0-9a-f]{64}", sign_off.content_hash)
    assert sign_off.method == SignOffMethod.IN_BROWSER
    assert sign_off.voided_at is None


def test_a_draft_cannot_be_signed_by_the_chief_executive(cast):
    decision = complete_draft(drafter=cast.drafter)

    refusal = refused("clear", decision, by=cast.ceo)

    assert refusal.code == "state"
    assert refusal.message == state_message(
        decision, status="draft", action_past="signed by the Chief Executive", allowed="submitted"
    )


def test_only_the_chief_executive_may_clear(cast):
    decision = decision_in(S.SUBMITTED, cast=cast)

    refusal = refused("clear", decision, by=cast.dmpc)

    assert refusal.code == "permission"
    assert refusal.message == "You do not have permission to sign as chief executive."


def test_a_chief_executive_who_drafted_the_decision_cannot_sign_it(cast, make_user):
    drafter_and_ceo = make_user("sam", role=roles.DRAFTING_OFFICER)
    drafter_and_ceo.groups.add(*cast.ceo.groups.all())
    appoint(drafter_and_ceo, SignOffKind.CHIEF_EXECUTIVE)
    decision = complete_draft(drafter=drafter_and_ceo)
    decision_submit(decision=decision, by=cast.drafter)

    refusal = refused("clear", decision, by=drafter_and_ceo)

    assert refusal.code == "separation"
    assert refusal.message == f"You drafted {decision.reference}, so you cannot sign it or decide on it."


def test_a_chief_executive_who_submitted_the_decision_cannot_sign_it(cast, make_user):
    submitter_and_ceo = make_user("sam", role=roles.DRAFTING_OFFICER)
    submitter_and_ceo.groups.add(*cast.ceo.groups.all())
    appoint(submitter_and_ceo, SignOffKind.CHIEF_EXECUTIVE)
    decision = complete_draft(drafter=cast.drafter)
    decision_submit(decision=decision, by=submitter_and_ceo)

    refusal = refused("clear", decision, by=submitter_and_ceo)

    assert refusal.code == "separation"


def test_a_wrong_password_is_refused_and_nothing_is_signed(cast):
    decision = decision_in(S.SUBMITTED, cast=cast)

    refusal = refused("clear", decision, by=cast.ceo, password="not-my-password")

    assert refusal.code == "signature"
    assert refusal.message == "That password is not right. Enter your own password to sign."
    assert not SignOff.objects.exists()


def test_a_signature_without_the_statement_ticked_is_refused(cast):
    decision = decision_in(S.SUBMITTED, cast=cast)

    refusal = refused("clear", decision, by=cast.ceo, statement_confirmed=False)

    assert refusal.code == "signature"
    assert refusal.message == "Tick the statement to confirm it before signing."


def _grant_linked_to_a_draft(cast):
    """A draft with a grant linked: the grant's title is part of what its signers sign, and stays editable."""
    from grants.models import Grant

    decision = complete_draft(drafter=cast.drafter)
    grant = grant_685()
    decision.grants.add(grant)
    return decision, Grant.objects.filter(pk=grant.pk)


def test_a_signature_over_content_that_changed_since_the_signer_opened_it_is_refused(cast):
    decision, grant = _grant_linked_to_a_draft(cast)
    decision = perform("submit", decision, by=cast.drafter)
    seen = decision_content_hash(decision)
    grant.update(title="Renamed after the Chief Executive opened the form")

    refusal = refused("clear", decision, by=cast.ceo, seen_content_hash=seen)

    assert refusal.code == "signature"
    assert refusal.message == f"{decision.reference} changed after you opened it. Read the form again, then sign."


def test_a_signature_over_the_content_the_signer_saw_is_accepted(cast):
    decision = decision_in(S.SUBMITTED, cast=cast)

    perform("clear", decision, by=cast.ceo, seen_content_hash=decision_content_hash(decision))

    decision.refresh_from_db()
    assert decision.status == S.CLEARED


# --- approve (the DMPC signs) -----------------------------------------------------------------------------------------


def test_the_dmpc_approves_a_cleared_decision_with_an_event_holding_the_hash_and_the_interests(cast):
    decision = decision_in(S.CLEARED, cast=cast)

    decision_approve(
        decision=decision,
        by=cast.dmpc,
        password=PASSWORD,
        statement_confirmed=True,
        interests="  None.  ",
        client_address=CLIENT_ADDRESS,
    )

    decision.refresh_from_db()
    assert decision.status == S.APPROVED
    event = last_event(decision)
    assert (event.action, event.from_status, event.to_status, event.actor) == (
        "approved",
        "cleared",
        "approved",
        cast.dmpc,
    )
    assert event.note == "None."
    assert event.content_hash == decision_content_hash(decision)


def test_the_dmpc_sign_off_records_the_declaration_and_the_interests_declared(cast):
    cast.dmpc.first_name, cast.dmpc.last_name = "Jordan", "Sample"
    cast.dmpc.save()
    decision = decision_in(S.CLEARED, cast=cast)
    expected_hash = decision_content_hash(decision)

    decision_approve(
        decision=decision,
        by=cast.dmpc,
        password=PASSWORD,
        statement_confirmed=True,
        interests="I am a trustee of a charity that bids for DPC work.",
        client_address=CLIENT_ADDRESS,
    )

    sign_off = SignOff.objects.get(decision=decision, kind=SignOffKind.DMPC)
    assert sign_off.signer == cast.dmpc
    assert sign_off.printed_name == "Jordan Sample"
    assert sign_off.printed_role == "Deputy Mayor for Policing and Crime"
    assert sign_off.statement == DMPC_DECLARATION
    assert sign_off.interests_declared == "I am a trustee of a charity that bids for DPC work."
    assert sign_off.signed_on == timezone.localdate(sign_off.signed_at)
    assert sign_off.client_address == CLIENT_ADDRESS
    assert sign_off.content_hash == expected_hash
    assert re.fullmatch(r"[0-9a-f]{64}", sign_off.content_hash)
    assert decision.decision_date == sign_off.signed_on


def test_a_decision_not_yet_cleared_cannot_be_approved(cast):
    decision = complete_draft(drafter=cast.drafter)

    refusal = refused("approve", decision, by=cast.dmpc)

    assert refusal.code == "state"
    assert refusal.message == (
        f"{decision.reference} is draft, so it cannot be approved: "
        "only a decision that is cleared by the chief executive can."
    )


def test_only_the_decision_maker_may_approve(cast):
    decision = decision_in(S.CLEARED, cast=cast)

    refusal = refused("approve", decision, by=cast.ceo)

    assert refusal.code == "permission"
    assert refusal.message == "You do not have permission to sign and approve."


def test_the_chief_executive_cannot_also_approve_as_dmpc(cast, make_user):
    both = make_user("pat", role=roles.CHIEF_EXECUTIVE)
    both.groups.add(*cast.dmpc.groups.all())
    appoint(both, SignOffKind.DMPC)
    decision = decision_in(S.SUBMITTED, cast=cast)
    perform("clear", decision, by=both)

    refusal = refused("approve", decision, by=both)

    assert refusal.code == "separation"
    assert refusal.message == (
        f"You have already signed {decision.reference}; the next signature must be someone else's."
    )


def test_a_dmpc_who_drafted_the_decision_cannot_approve_it(cast, make_user):
    drafter_and_dmpc = make_user("sam", role=roles.DRAFTING_OFFICER)
    drafter_and_dmpc.groups.add(*cast.dmpc.groups.all())
    appoint(drafter_and_dmpc, SignOffKind.DMPC)
    decision = complete_draft(drafter=drafter_and_dmpc)
    perform("submit", decision, by=cast.drafter)
    perform("clear", decision, by=cast.ceo)

    refusal = refused("approve", decision, by=drafter_and_dmpc)

    assert refusal.code == "separation"
    assert refusal.message == f"You drafted {decision.reference}, so you cannot sign it or decide on it."


def test_approval_with_a_wrong_password_is_refused(cast):
    decision = decision_in(S.CLEARED, cast=cast)

    refusal = refused("approve", decision, by=cast.dmpc, password=PASSWORD.upper())

    assert refusal.code == "signature"
    assert not decision.sign_offs.filter(kind=SignOffKind.DMPC).exists()


def test_approval_without_the_declaration_ticked_is_refused(cast):
    decision = decision_in(S.CLEARED, cast=cast)

    refusal = refused("approve", decision, by=cast.dmpc, statement_confirmed=False)

    assert refusal.code == "signature"
    assert refusal.message == "Tick the statement to confirm it before signing."


def test_approval_of_content_changed_since_the_chief_executive_signed_is_refused(cast):
    decision, grant = _grant_linked_to_a_draft(cast)
    perform("submit", decision, by=cast.drafter)
    decision = perform("clear", decision, by=cast.ceo)
    grant.update(title="Renamed after the Chief Executive signed")

    refusal = refused("approve", decision, by=cast.dmpc)

    assert refusal.code == "signature"
    assert refusal.message == (
        f"{decision.reference} changed after an earlier signature: return it so it can be signed again."
    )


# --- publish ----------------------------------------------------------------------------------------------------------


def test_governance_publishes_an_approved_decision_on_the_given_day(cast):
    decision = decision_in(S.APPROVED, cast=cast)

    decision_publish(decision=decision, by=cast.governance, today=dt.date(2025, 4, 10), client_address=CLIENT_ADDRESS)

    decision.refresh_from_db()
    assert decision.status == S.PUBLISHED
    assert decision.published_on == dt.date(2025, 4, 10)
    event = last_event(decision)
    assert (event.action, event.from_status, event.to_status, event.actor) == (
        "published",
        "approved",
        "published",
        cast.governance,
    )
    assert event.client_address == CLIENT_ADDRESS


def test_publication_without_a_date_is_dated_today(cast):
    decision = decision_in(S.APPROVED, cast=cast)

    decision_publish(decision=decision, by=cast.governance)

    decision.refresh_from_db()
    assert decision.published_on == timezone.localdate()


def test_a_decision_not_yet_approved_cannot_be_published(cast):
    decision = decision_in(S.CLEARED, cast=cast)

    refusal = refused("publish", decision, by=cast.governance)

    assert refusal.code == "state"
    assert refusal.message == state_message(
        decision, status="cleared by the chief executive", action_past="published", allowed="approved"
    )


def test_only_governance_may_publish(cast):
    decision = decision_in(S.APPROVED, cast=cast)

    refusal = refused("publish", decision, by=cast.drafter)

    assert refusal.code == "permission"
    assert refusal.message == "You do not have permission to publish part 1."
    decision.refresh_from_db()
    assert decision.published_on is None


def _deferred_until(day: dt.date, *, cast: Cast) -> Decision:
    decision = complete_draft(drafter=cast.drafter)
    Decision.objects.filter(pk=decision.pk).update(
        part_1_deferred=True, deferral_reason="Publication would prejudice a procurement.", deferral_until=day
    )
    for action, by in (("submit", cast.drafter), ("clear", cast.ceo), ("approve", cast.dmpc)):
        perform(action, decision, by=by)
    return decision


def test_a_deferred_part_1_cannot_be_published_before_its_date(cast):
    decision = _deferred_until(dt.date(2025, 6, 30), cast=cast)

    refusal = refused("publish", decision, by=cast.governance, today=dt.date(2025, 6, 29))

    assert refusal.code == "deferred"
    assert refusal.message == (
        f"Part 1 of {decision.reference} is deferred until 30/06/2025: it cannot be published before then."
    )


def test_a_deferred_part_1_is_published_on_its_date(cast):
    decision = _deferred_until(dt.date(2025, 6, 30), cast=cast)

    perform("publish", decision, by=cast.governance, today=dt.date(2025, 6, 30))

    decision.refresh_from_db()
    assert decision.status == S.PUBLISHED
    assert decision.published_on == dt.date(2025, 6, 30)


# --- return -----------------------------------------------------------------------------------------------------------


def test_the_chief_executive_returns_a_submitted_decision_with_a_reason(cast):
    decision = decision_in(S.SUBMITTED, cast=cast)

    decision_return(decision=decision, by=cast.ceo, reason="  Add the legal advice.  ", client_address=CLIENT_ADDRESS)

    decision.refresh_from_db()
    assert decision.status == S.RETURNED
    event = last_event(decision)
    assert (event.action, event.from_status, event.to_status, event.actor) == (
        "returned",
        "submitted",
        "returned",
        cast.ceo,
    )
    assert event.note == "Add the legal advice."
    assert event.client_address == CLIENT_ADDRESS


def test_returning_a_cleared_decision_voids_the_chief_executive_sign_off(cast):
    decision = decision_in(S.CLEARED, cast=cast)

    decision_return(decision=decision, by=cast.dmpc, reason="The equality comments are thin.")

    decision.refresh_from_db()
    assert decision.status == S.RETURNED
    assert last_event(decision).from_status == "cleared"
    sign_off = decision.sign_offs.get()
    assert sign_off.voided_at is not None
    assert sign_off.voided_reason == "The equality comments are thin."


def test_a_returned_decision_is_edited_resubmitted_and_signed_again_keeping_the_voided_sign_off(cast):
    decision = decision_in(S.CLEARED, cast=cast)
    first_sign_off = decision.sign_offs.get()
    decision = perform("return", decision, by=cast.ceo)
    ensure_editable(decision)
    Recommendation.objects.create(decision=decision, position=2, text="Note the legal advice.")

    perform("submit", decision, by=cast.drafter)
    perform("clear", decision, by=cast.ceo)
    perform("approve", decision, by=cast.dmpc)

    decision.refresh_from_db()
    assert decision.status == S.APPROVED
    ceo_sign_offs = decision.sign_offs.filter(kind=SignOffKind.CHIEF_EXECUTIVE).order_by("pk")
    assert list(ceo_sign_offs.values_list("pk", flat=True)) == [first_sign_off.pk, ceo_sign_offs.last().pk]
    assert ceo_sign_offs.first().voided_at is not None
    assert ceo_sign_offs.last().voided_at is None
    assert ceo_sign_offs.last().content_hash == decision_content_hash(decision) != first_sign_off.content_hash
    assert [e.action for e in decision.events.order_by("pk")] == [
        "created",
        "submitted",
        "cleared",
        "returned",
        "submitted",
        "cleared",
        "approved",
    ]


def test_an_approved_decision_cannot_be_returned(cast):
    decision = decision_in(S.APPROVED, cast=cast)

    refusal = refused("return", decision, by=cast.dmpc)

    assert refusal.code == "state"
    assert refusal.message == state_message(
        decision,
        status="approved",
        action_past="returned",
        allowed="submitted, cleared by the chief executive",
    )


def test_only_the_chief_executive_or_the_dmpc_may_return(cast):
    decision = decision_in(S.CLEARED, cast=cast)

    refusal = refused("return", decision, by=cast.governance)

    assert refusal.code == "permission"
    assert refusal.message == "You do not have permission to return for changes."


# --- reject -----------------------------------------------------------------------------------------------------------


def test_the_dmpc_rejects_a_cleared_decision_with_a_reason(cast):
    decision = decision_in(S.CLEARED, cast=cast)

    perform("reject", decision, by=cast.dmpc, reason="Not value for money.", client_address=CLIENT_ADDRESS)

    decision.refresh_from_db()
    assert decision.status == S.REJECTED
    event = last_event(decision)
    assert (event.action, event.from_status, event.to_status, event.actor) == (
        "rejected",
        "cleared",
        "rejected",
        cast.dmpc,
    )
    assert event.note == "Not value for money."
    assert event.client_address == CLIENT_ADDRESS


def test_a_draft_cannot_be_rejected(cast):
    decision = complete_draft(drafter=cast.drafter)

    refusal = refused("reject", decision, by=cast.dmpc)

    assert refusal.code == "state"
    assert refusal.message == state_message(
        decision, status="draft", action_past="rejected", allowed="submitted, cleared by the chief executive"
    )


def test_only_the_decision_maker_may_reject(cast):
    decision = decision_in(S.CLEARED, cast=cast)

    refusal = refused("reject", decision, by=cast.ceo)

    assert refusal.code == "permission"
    assert refusal.message == "You do not have permission to reject."


def test_a_dmpc_who_drafted_the_decision_cannot_reject_it(cast, make_user):
    drafter_and_dmpc = make_user("sam", role=roles.DRAFTING_OFFICER)
    drafter_and_dmpc.groups.add(*cast.dmpc.groups.all())
    appoint(drafter_and_dmpc, SignOffKind.DMPC)
    decision = complete_draft(drafter=drafter_and_dmpc)
    perform("submit", decision, by=cast.drafter)

    refusal = refused("reject", decision, by=drafter_and_dmpc)

    assert refusal.code == "separation"
    assert refusal.message == f"You drafted {decision.reference}, so you cannot sign it or decide on it."


# --- withdraw ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("source", [S.DRAFT, S.RETURNED, S.SUBMITTED, S.CLEARED])
def test_the_drafting_officer_withdraws_a_decision_not_yet_approved(cast, source):
    decision = decision_in(source, cast=cast)

    perform("withdraw", decision, by=cast.drafter, reason="Superseded by PCD 1900.")

    decision.refresh_from_db()
    assert decision.status == S.WITHDRAWN
    event = last_event(decision)
    assert (event.action, event.from_status, event.to_status, event.actor) == (
        "withdrawn",
        source,
        "withdrawn",
        cast.drafter,
    )
    assert event.note == "Superseded by PCD 1900."


def test_an_approved_decision_cannot_be_withdrawn(cast):
    decision = decision_in(S.APPROVED, cast=cast)

    refusal = refused("withdraw", decision, by=cast.drafter)

    assert refusal.code == "state"
    assert refusal.message == state_message(
        decision,
        status="approved",
        action_past="withdrawn",
        allowed="draft, returned for changes, submitted, cleared by the chief executive",
    )


def test_only_a_drafting_officer_may_withdraw(cast):
    decision = complete_draft(drafter=cast.drafter)

    refusal = refused("withdraw", decision, by=cast.dmpc)

    assert refusal.code == "permission"
    assert refusal.message == "You do not have permission to withdraw."


# --- reasons ----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "source", "actor"),
    [("return", S.SUBMITTED, "ceo"), ("reject", S.CLEARED, "dmpc"), ("withdraw", S.DRAFT, "drafter")],
)
@pytest.mark.parametrize("reason", ["", "   "])
def test_returning_rejecting_or_withdrawing_needs_a_reason(cast, action, source, actor, reason):
    decision = decision_in(source, cast=cast)

    refusal = refused(action, decision, by=getattr(cast, actor), reason=reason)

    assert refusal.code == "incomplete"
    assert refusal.message == "Give a reason: it is recorded with the decision."


# --- ensure_editable --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [S.DRAFT, S.RETURNED])
def test_a_draft_or_returned_decision_may_be_edited(cast, status):
    decision = decision_in(status, cast=cast)

    assert ensure_editable(decision) is None


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (S.SUBMITTED, "{ref} is waiting for signatures: it must be returned for changes before it is edited."),
        (S.CLEARED, "{ref} is waiting for signatures: it must be returned for changes before it is edited."),
        (
            S.APPROVED,
            "{ref} has been approved and is a signed record: it can no longer change. "
            "To amend it, draft a new decision that refers to it.",
        ),
        (
            S.PUBLISHED,
            "{ref} has been approved and is a signed record: it can no longer change. "
            "To amend it, draft a new decision that refers to it.",
        ),
        (S.REJECTED, "{ref} is rejected: it can no longer change."),
        (S.WITHDRAWN, "{ref} is withdrawn: it can no longer change."),
    ],
)
def test_a_decision_out_of_drafting_may_not_be_edited(cast, status, message):
    decision = decision_in(status, cast=cast)

    with pytest.raises(Refused) as refusal:
        ensure_editable(decision)

    assert refusal.value.code == "frozen"
    assert refusal.value.message == message.format(ref=decision.reference)
