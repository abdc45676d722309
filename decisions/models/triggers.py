"""PostgreSQL triggers that keep a signed decision as it was signed, whatever writes to the database.

The application refuses these changes first, with a message; the triggers are the backstop for raw
SQL, ``QuerySet.update()`` and any code path that forgets. On SQLite they are not installed.
"""

import pgtrigger

from decisions.choices import FROZEN_STATUSES

_FROZEN = ", ".join(f"'{status}'" for status in FROZEN_STATUSES)
_DECISION_TABLE = "decisions_decision"
_SECTION_TABLE = "decisions_section"

# Columns of the decision row that may still change once it is signed: approved → published.
_DECISION_MUTABLE_COLUMNS = ("status", "published_on")


def decision_frozen() -> pgtrigger.Trigger:
    mutable = ", ".join(f"'{column}'" for column in _DECISION_MUTABLE_COLUMNS)
    return pgtrigger.Trigger(
        name="decision_frozen_after_approval",
        when=pgtrigger.Before,
        operation=pgtrigger.Update | pgtrigger.Delete,
        func=f"""
            IF OLD.status IN ({_FROZEN}) THEN
                IF TG_OP = 'DELETE' THEN
                    RAISE EXCEPTION 'Decision % is signed and cannot be deleted.', OLD.reference
                        USING ERRCODE = 'integrity_constraint_violation';
                END IF;
                IF (to_jsonb(NEW) - ARRAY[{mutable}]) IS DISTINCT FROM (to_jsonb(OLD) - ARRAY[{mutable}]) THEN
                    RAISE EXCEPTION 'Decision % is signed: its content cannot change.', OLD.reference
                        USING ERRCODE = 'integrity_constraint_violation';
                END IF;
                IF NEW.status <> OLD.status AND NOT (OLD.status = 'approved' AND NEW.status = 'published') THEN
                    RAISE EXCEPTION 'Decision % is signed: it can only move from approved to published.',
                        OLD.reference USING ERRCODE = 'integrity_constraint_violation';
                END IF;
            END IF;
            IF TG_OP = 'DELETE' THEN
                RETURN OLD;
            END IF;
            RETURN NEW;
        """,
    )


# The SQL below is built only from constants of this module, never from user input.
def _child_guard(name: str, frozen_check: str) -> pgtrigger.Trigger:
    """Refuse INSERT, UPDATE and DELETE of a row whose decision (old or new) is signed."""
    return pgtrigger.Trigger(
        name=name,
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
        func=f"""
            IF (TG_OP <> 'INSERT' AND {frozen_check.format(row="OLD")})
                OR (TG_OP <> 'DELETE' AND {frozen_check.format(row="NEW")}) THEN
                RAISE EXCEPTION 'This belongs to a signed decision and cannot change.'
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            IF TG_OP = 'DELETE' THEN
                RETURN OLD;
            END IF;
            RETURN NEW;
        """,
    )


def decision_child_frozen(name: str) -> pgtrigger.Trigger:
    """For tables with a ``decision_id`` column."""
    return _child_guard(
        name,
        f"EXISTS (SELECT 1 FROM {_DECISION_TABLE} d WHERE d.id = {{row}}.decision_id AND d.status IN ({_FROZEN}))",  # noqa: S608
    )


def section_child_frozen(name: str) -> pgtrigger.Trigger:
    """For paragraphs, whose decision is reached through their section."""
    return _child_guard(
        name,
        (
            f"EXISTS (SELECT 1 FROM {_SECTION_TABLE} s JOIN {_DECISION_TABLE} d ON d.id = s.decision_id "  # noqa: S608
            f"WHERE s.id = {{row}}.section_id AND d.status IN ({_FROZEN}))"
        ),
    )


def append_only(name: str) -> pgtrigger.Protect:
    return pgtrigger.Protect(name=name, operation=pgtrigger.Update | pgtrigger.Delete)
