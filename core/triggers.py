"""PostgreSQL triggers that keep decided rows as they were decided. Not installed on SQLite.

The SQL is built only from constants in the models that call these helpers, never from user input.
"""

import pgtrigger


def fixed_once(*, name: str, condition: str, mutable: tuple[str, ...] = (), message: str) -> pgtrigger.Trigger:
    """Refuse DELETE, and UPDATE of any column but ``mutable``, of a row whose OLD values meet ``condition``."""
    exclude = ", ".join(f"'{column}'" for column in mutable) or "''"
    return pgtrigger.Trigger(
        name=name,
        when=pgtrigger.Before,
        operation=pgtrigger.Update | pgtrigger.Delete,
        func=f"""
            IF {condition.format(row="OLD")} THEN
                IF TG_OP = 'DELETE'
                    OR (to_jsonb(NEW) - ARRAY[{exclude}]) IS DISTINCT FROM (to_jsonb(OLD) - ARRAY[{exclude}]) THEN
                    RAISE EXCEPTION '{message}' USING ERRCODE = 'integrity_constraint_violation';
                END IF;
            END IF;
            IF TG_OP = 'DELETE' THEN
                RETURN OLD;
            END IF;
            RETURN NEW;
        """,
    )


def append_only(name: str) -> pgtrigger.Protect:
    """Rows are added, never changed or deleted (audit events, sealed documents, revisions, history)."""
    return pgtrigger.Protect(name=name, operation=pgtrigger.Update | pgtrigger.Delete)


def history_append_only(*models) -> None:
    """The change history of ``models`` (django-simple-history's tables) is evidence: rows are added, never changed."""
    for model in models:
        pgtrigger.register(append_only("history_append_only"))(model.history.model)
