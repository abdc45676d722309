"""PostgreSQL triggers that keep what was signed as it was signed, whatever writes to the database.

Content can change only while its decision is a draft or returned for changes: from submission the signers sign
what they read, and from approval it is a signed record for good. The application refuses these changes first, with
a message; the triggers are the backstop for raw SQL, ``QuerySet.update()`` and any code path that forgets. On
SQLite they are not installed.

The SQL is built only from constants of this module, never from user input.
"""

import pgtrigger

from core.triggers import append_only, history_append_only  # noqa: F401 - re-exported for the models
from decisions.choices import EDITABLE_STATUSES, FROZEN_STATUSES

_EDITABLE = ", ".join(f"'{status}'" for status in EDITABLE_STATUSES)
_FROZEN = ", ".join(f"'{status}'" for status in FROZEN_STATUSES)
_DECISION_TABLE = "decisions_decision"
_SECTION_TABLE = "decisions_section"

# Columns of the decision row that the workflow itself writes once the content is fixed.
_DECISION_WORKFLOW_COLUMNS = ("status", "published_on")
# Columns approval writes, once, as it moves the decision from cleared to approved.
_DECIDED_COLUMNS = ("decided_on", "financial_year")


def decision_frozen() -> pgtrigger.Trigger:
    """The decision row: content fixed from submission; once signed, only approved → published may happen."""
    mutable = ", ".join(f"'{column}'" for column in _DECISION_WORKFLOW_COLUMNS)
    decided = ", ".join(f"'{column}'" for column in _DECIDED_COLUMNS)
    return pgtrigger.Trigger(
        name="decision_frozen_after_approval",
        when=pgtrigger.Before,
        operation=pgtrigger.Update | pgtrigger.Delete,
        declare=[("resolved", "text[] := ARRAY[]::text[]")],
        func=f"""
            IF OLD.status NOT IN ({_EDITABLE}) THEN
                IF TG_OP = 'DELETE' THEN
                    RAISE EXCEPTION 'Decision % is % and cannot be deleted.', OLD.reference, OLD.status
                        USING ERRCODE = 'integrity_constraint_violation';
                END IF;
                -- Approval stores what it decides (the decision date and its financial year) and resolves a
                -- deferral counted from approval to its date, and nothing else.
                IF OLD.status = 'cleared' AND NEW.status = 'approved' THEN
                    resolved := ARRAY[{decided}];
                    IF OLD.deferral_until IS NULL AND OLD.deferral_period IS NOT NULL THEN
                        resolved := resolved || ARRAY['deferral_until'];
                    END IF;
                END IF;
                IF (to_jsonb(NEW) - ARRAY[{mutable}] - resolved)
                    IS DISTINCT FROM (to_jsonb(OLD) - ARRAY[{mutable}] - resolved) THEN
                    RAISE EXCEPTION 'Decision % is %: its content cannot change.', OLD.reference, OLD.status
                        USING ERRCODE = 'integrity_constraint_violation';
                END IF;
            END IF;
            IF OLD.status IN ({_FROZEN}) AND NEW.status <> OLD.status
                AND NOT (OLD.status = 'approved' AND NEW.status = 'published') THEN
                RAISE EXCEPTION 'Decision % is signed: it can only move from approved to published.',
                    OLD.reference USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            IF TG_OP = 'DELETE' THEN
                RETURN OLD;
            END IF;
            RETURN NEW;
        """,
    )


def _child_guard(name: str, locked_check: str, message: str) -> pgtrigger.Trigger:
    """Refuse INSERT, UPDATE and DELETE of a row whose decision (old or new) meets ``locked_check``."""
    return pgtrigger.Trigger(
        name=name,
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
        func=f"""
            IF (TG_OP <> 'INSERT' AND {locked_check.format(row="OLD")})
                OR (TG_OP <> 'DELETE' AND {locked_check.format(row="NEW")}) THEN
                RAISE EXCEPTION '{message}' USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            IF TG_OP = 'DELETE' THEN
                RETURN OLD;
            END IF;
            RETURN NEW;
        """,
    )


def _decision_is(statuses: str, column: str = "decision_id") -> str:
    return f"EXISTS (SELECT 1 FROM {_DECISION_TABLE} d WHERE d.id = {{row}}.{column} AND d.status IN ({statuses}))"  # noqa: S608


def _decision_not_editable(column: str = "decision_id") -> str:
    return (
        f"EXISTS (SELECT 1 FROM {_DECISION_TABLE} d "  # noqa: S608
        f"WHERE d.id = {{row}}.{column} AND d.status NOT IN ({_EDITABLE}))"
    )


CONTENT_LOCKED = "This belongs to a decision that is no longer a draft: it cannot change (return the decision first)."


def decision_child_frozen(name: str) -> pgtrigger.Trigger:
    """Content with a ``decision_id`` column: changes only while its decision is a draft or returned."""
    return _child_guard(name, _decision_not_editable(), CONTENT_LOCKED)


def section_child_frozen(name: str) -> pgtrigger.Trigger:
    """Paragraphs, whose decision is reached through their section."""
    check = (
        f"EXISTS (SELECT 1 FROM {_SECTION_TABLE} s JOIN {_DECISION_TABLE} d ON d.id = s.decision_id "  # noqa: S608
        f"WHERE s.id = {{row}}.section_id AND d.status NOT IN ({_EDITABLE}))"
    )
    return _child_guard(name, check, CONTENT_LOCKED)


def decision_child_signed(name: str) -> pgtrigger.Trigger:
    """Rows the workflow writes while a decision waits for signatures (sign-offs): fixed once it is signed."""
    return _child_guard(name, _decision_is(_FROZEN), "This belongs to a signed decision and cannot change.")


# Links that approval acts on, in the tables Django makes for many-to-many fields (they have no model to carry
# Meta.triggers, so their triggers are made by migrations with this SQL; see decisions.0006 and forces.0003).
def link_guard_sql(*, table: str, decision_column: str, name: str) -> tuple[list[str], list[str]]:
    """The SQL statements making (and dropping) a trigger that refuses changes to ``table``'s rows while their
    decision is not editable."""
    function = f"{name}_fn"
    check = _decision_not_editable(decision_column)
    function_sql = f"""
        CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$
        BEGIN
            IF (TG_OP <> 'INSERT' AND {check.format(row="OLD")})
                OR (TG_OP <> 'DELETE' AND {check.format(row="NEW")}) THEN
                RAISE EXCEPTION '{CONTENT_LOCKED}' USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            IF TG_OP = 'DELETE' THEN
                RETURN OLD;
            END IF;
            RETURN NEW;
        END;
        $$ LANGUAGE plpgsql
    """
    create = [
        function_sql,
        f"DROP TRIGGER IF EXISTS {name} ON {table}",
        f"CREATE TRIGGER {name} BEFORE INSERT OR UPDATE OR DELETE ON {table}"
        f" FOR EACH ROW EXECUTE FUNCTION {function}()",
    ]
    drop = [f"DROP TRIGGER IF EXISTS {name} ON {table}", f"DROP FUNCTION IF EXISTS {function}()"]
    return create, drop
