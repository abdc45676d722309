"""PostgreSQL keeps a signed decision as it was signed, whatever writes to it, and one approval wins a race."""

import threading

import pytest
from django.db import DatabaseError, connection, transaction

from core import roles
from core.refusals import Refused
from decisions.choices import DecisionStatus, SignOffKind
from decisions.models import Decision, DecisionEvent, SignOff
from tests.builders import (
    decision_in,
    perform,
    state_message,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db]

S = DecisionStatus


@pytest.fixture
def approved(cast) -> Decision:
    return decision_in(S.APPROVED, cast=cast)


def raw_refused(sql: str, params: list) -> str:
    """Run one raw statement that the database must refuse; return its message."""
    with pytest.raises(DatabaseError) as error, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
    return str(error.value)


def run(sql: str, params: list) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


# Each child table of a decision, a column to change, and how to find one of the approved decision's rows.
CHILDREN = {
    "paragraph": ("decisions_paragraph", "text", lambda d: d.sections.first().paragraphs.first().pk),
    "section": ("decisions_section", "heading", lambda d: d.sections.first().pk),
    "recommendation": ("decisions_recommendation", "text", lambda d: d.recommendations.first().pk),
    "declaration": ("decisions_officerdeclaration", "statement", lambda d: d.declarations.first().pk),
    "sign-off": ("decisions_signoff", "printed_name", lambda d: d.sign_offs.first().pk),
}


def test_the_title_of_an_approved_decision_cannot_be_changed_in_sql(approved):
    message = raw_refused("UPDATE decisions_decision SET title = 'x' WHERE id = %s", [approved.pk])

    assert "is approved: its content cannot change" in message
    approved.refresh_from_db()
    assert approved.title != "x"


def test_the_title_of_a_decision_being_signed_cannot_be_changed_in_sql_but_a_drafts_can(cast):
    cleared = decision_in(S.CLEARED, cast=cast)
    draft = decision_in(S.DRAFT, cast=cast)

    assert "is cleared: its content cannot change" in raw_refused(
        "UPDATE decisions_decision SET title = 'x' WHERE id = %s", [cleared.pk]
    )
    assert run("UPDATE decisions_decision SET title = 'x' WHERE id = %s", [draft.pk]) == 1


def test_an_approved_decision_cannot_be_moved_back_to_draft_in_sql(approved):
    message = raw_refused("UPDATE decisions_decision SET status = 'draft' WHERE id = %s", [approved.pk])

    assert "signed" in message


def test_an_approved_decision_cannot_be_deleted_in_sql(approved):
    message = raw_refused("DELETE FROM decisions_decision WHERE id = %s", [approved.pk])

    assert "is approved and cannot be deleted" in message
    assert Decision.objects.filter(pk=approved.pk).exists()


@pytest.mark.parametrize("child", CHILDREN)
def test_the_content_of_an_approved_decision_cannot_be_updated_in_sql(approved, child):
    table, column, row = CHILDREN[child]

    message = raw_refused(f"UPDATE {table} SET {column} = 'x' WHERE id = %s", [row(approved)])  # noqa: S608

    assert "cannot change" in message


@pytest.mark.parametrize("child", CHILDREN)
def test_the_content_of_an_approved_decision_cannot_be_deleted_in_sql(approved, child):
    table, _column, row = CHILDREN[child]
    pk = row(approved)

    message = raw_refused(f"DELETE FROM {table} WHERE id = %s", [pk])  # noqa: S608

    assert "cannot change" in message
    assert run(f"SELECT 1 FROM {table} WHERE id = %s", [pk]) == 1  # noqa: S608


def test_no_paragraph_can_be_added_to_an_approved_decision_in_sql(approved):
    section = approved.sections.first()

    message = raw_refused(
        "INSERT INTO decisions_paragraph (section_id, position, heading, text) VALUES (%s, 99, '', 'x')", [section.pk]
    )

    assert "cannot change" in message


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE decisions_decisionevent SET note = 'x' WHERE id = %s",
        "DELETE FROM decisions_decisionevent WHERE id = %s",
    ],
    ids=["update", "delete"],
)
def test_the_audit_trail_cannot_be_changed_in_sql(cast, sql):
    event = decision_in(S.SUBMITTED, cast=cast).events.first()

    message = raw_refused(sql, [event.pk])

    assert "Cannot update or delete rows from decisions_decisionevent" in message
    assert DecisionEvent.objects.get(pk=event.pk).note == event.note


def test_an_approved_decision_is_published_through_the_service(approved, cast):
    perform("publish", approved, by=cast.governance)

    approved.refresh_from_db()
    assert approved.status == S.PUBLISHED
    assert approved.published_on is not None
    message = raw_refused("UPDATE decisions_decision SET title = 'x' WHERE id = %s", [approved.pk])
    assert "is published: its content cannot change" in message


@pytest.mark.django_db(transaction=True)
def test_two_dmpcs_approving_at_once_give_one_approval(cast, make_user):
    decision = decision_in(S.CLEARED, cast=cast)
    other_dmpc = make_user("deputy", role=roles.DECISION_MAKER)
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def approve(by) -> None:
        try:
            barrier.wait(timeout=10)
            perform("approve", Decision.objects.get(pk=decision.pk), by=by)
            outcomes[by.username] = "approved"
        except Refused as refusal:
            outcomes[by.username] = refusal
        except Exception as error:  # anything else is a failure the assertions below should show
            outcomes[by.username] = repr(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(dmpc,)) for dmpc in (cast.dmpc, other_dmpc)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == sorted([cast.dmpc.username, other_dmpc.username])
    assert not [outcome for outcome in outcomes.values() if isinstance(outcome, str) and outcome != "approved"]
    approvals = [name for name, outcome in outcomes.items() if outcome == "approved"]
    refusals = [outcome for outcome in outcomes.values() if isinstance(outcome, Refused)]
    assert len(approvals) == 1
    assert len(refusals) == 1
    assert refusals[0].code == "state"
    assert refusals[0].message == state_message(
        decision, status="approved", action_past="approved", allowed="cleared by the chief executive"
    )
    decision.refresh_from_db()
    assert decision.status == S.APPROVED
    dmpc_sign_offs = SignOff.objects.filter(decision=decision, kind=SignOffKind.DMPC)
    assert dmpc_sign_offs.count() == 1
    assert dmpc_sign_offs.get().signer.username == approvals[0]
    assert decision.events.filter(action="approved").count() == 1
